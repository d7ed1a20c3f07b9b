"""`python -m training train|evaluate|baseline|synth` (argument parsing only; work is elsewhere).

Bad input (DataError) ends with one line on stderr naming the file (and line), exit status 2.
Heavy modules are imported inside each command so `synth` never loads torch.
"""
from __future__ import annotations

import argparse
import json
import sys

from training.errors import DataError


def _train(args: argparse.Namespace) -> int:
    from training.config import TrainConfig
    from training.train import run_training

    config = TrainConfig(release=args.release, out=args.out, loss=args.loss, k=args.k,
                         lambda_=args.lambda_, epochs=args.epochs, init=args.init,
                         device=args.device, batch_size=args.batch_size, lr=args.lr,
                         seed=args.seed, subset=args.subset, soft_labels=args.soft_labels,
                         max_steps=args.max_steps)
    metrics = run_training(config)
    print(json.dumps(metrics, indent=2))
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from training.evaluate import evaluate_checkpoint

    report = evaluate_checkpoint(args.checkpoint, args.release, out=args.out,
                                 device=args.device, deep=not args.no_deep_features)
    print(json.dumps(report["summary"], indent=2))
    return 0


def _baseline(args: argparse.Namespace) -> int:
    from training.baselines import run_baseline

    report = run_baseline(args.release, args.feature, args.classifier, subset=args.subset,
                          out=args.out, seed=args.seed)
    print(json.dumps(report, indent=2))
    return 0


def _synth(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from training.synth import write_release

    with tqdm(total=args.n, desc="synth", unit="img") as bar:
        meta = write_release(args.out, args.n, compound_fraction=args.compound, seed=args.seed,
                             progress=bar.update)
    print(json.dumps(meta, indent=2))
    return 0


def _add_train(commands) -> None:
    train = commands.add_parser("train", help="train baseDCNN / DLP-CNN on a release folder")
    train.add_argument("--release", required=True)
    train.add_argument("--out", required=True)
    train.add_argument("--loss", choices=("softmax", "center", "lp"), default="lp")
    train.add_argument("--k", type=int, default=20, help="LP loss neighbours")
    train.add_argument("--lambda", dest="lambda_", type=float, default=0.003,
                       help="weight of the LP / center loss")
    train.add_argument("--epochs", type=int, default=30)
    train.add_argument("--init", help="checkpoint to warm-start from (fine-tuning)")
    train.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    train.add_argument("--batch-size", type=int, default=64)
    train.add_argument("--lr", type=float, default=0.01)
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--subset", choices=("basic", "compound"), default="basic")
    train.add_argument("--soft-labels", help="distribution file (name p1 .. pK per line)")
    train.add_argument("--max-steps", type=int, help="stop after this many steps (smoke runs)")
    train.set_defaults(func=_train)


def _add_evaluate(commands) -> None:
    evaluate = commands.add_parser("evaluate", help="metrics of a checkpoint on a release")
    evaluate.add_argument("--checkpoint", required=True)
    evaluate.add_argument("--release", required=True)
    evaluate.add_argument("--out", help="folder for metrics.json and confusion.png "
                                        "(default: next to the checkpoint)")
    evaluate.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    evaluate.add_argument("--no-deep-features", action="store_true",
                          help="skip the deep feature + SVM / LDA+kNN protocol")
    evaluate.set_defaults(func=_evaluate)


def _add_baseline(commands) -> None:
    baseline = commands.add_parser("baseline", help="LBP / HOG / Gabor + SVM or LDA+kNN")
    baseline.add_argument("--release", required=True)
    baseline.add_argument("--feature", choices=("lbp", "hog", "gabor"), required=True)
    baseline.add_argument("--classifier", choices=("svm", "lda-knn"), required=True)
    baseline.add_argument("--subset", choices=("basic", "compound"), default="basic")
    baseline.add_argument("--out", help="JSON file for the report")
    baseline.add_argument("--seed", type=int, default=0)
    baseline.set_defaults(func=_baseline)


def _add_synth(commands) -> None:
    synth = commands.add_parser("synth", help="write a synthetic release (RAF-DB layout)")
    synth.add_argument("--out", required=True)
    synth.add_argument("--n", type=int, required=True)
    synth.add_argument("--compound", type=float, default=0.2, help="share of compound blends")
    synth.add_argument("--seed", type=int, default=0)
    synth.set_defaults(func=_synth)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m training", description="facecrowd training:"
                                     " baseDCNN / DLP-CNN, baselines, synthetic releases.")
    commands = parser.add_subparsers(dest="command", required=True)
    for add in (_add_train, _add_evaluate, _add_baseline, _add_synth):
        add(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
