"""Evaluate a checkpoint on a release: softmax predictions and the paper's deep-feature protocol.

Writes metrics.json (mean diagonal, accuracy, per-class recall, confusion matrix for each
classifier) and confusion.png (softmax) into the output folder.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from training.checkpoint import check_classes, load_checkpoint, model_from_checkpoint
from training.classes import class_names
from training.classifiers import CLASSIFIERS, fit_predict
from training.data import NUM_CLASSES, load_release
from training.dataset import InMemorySplit
from training.engine import pick_device, predict
from training.metrics import save_confusion_png, summarize


def evaluate_checkpoint(checkpoint, release_dir, out=None, device: str = "auto",
                        deep: bool = True) -> dict:
    state = load_checkpoint(checkpoint)
    subset = state.get("config", {}).get("subset", "basic")
    check_classes(state, checkpoint, NUM_CLASSES[subset])
    release = load_release(release_dir, subset)
    torch_device = pick_device(device)
    model = model_from_checkpoint(state).to(torch_device)
    names = class_names(release.num_classes)
    test = InMemorySplit(release, "test")
    logits, test_feats = predict(model, test, torch_device)
    test_y = test.labels.numpy()
    reports = {"softmax": summarize(test_y, logits.argmax(1).numpy(), release.num_classes, names)}
    if deep:
        train = InMemorySplit(release, "train")
        _, train_feats = predict(model, train, torch_device)
        for name in CLASSIFIERS:
            predicted = fit_predict(name, train_feats.numpy(), train.labels.numpy(),
                                    test_feats.numpy())
            reports[f"deep+{name}"] = summarize(test_y, predicted, release.num_classes, names)
    report = {
        "checkpoint": str(checkpoint), "release_id": release.release_id,
        "trained_on": {"release_id": state.get("release_id"), "epoch": state.get("epoch"),
                       "loss": state.get("config", {}).get("loss"),
                       "code_version": state.get("code_version")},
        "reports": reports,
        "summary": {key: {"mean_diagonal": r["mean_diagonal"], "accuracy": r["accuracy"]}
                    for key, r in reports.items()},
    }
    _write(report, Path(out) if out else Path(checkpoint).parent, names)
    return report


def _write(report: dict, out: Path, names: tuple[str, ...]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(json.dumps(report, indent=2) + "\n")
    softmax = report["reports"]["softmax"]
    save_confusion_png(np.array(softmax["confusion_matrix"]), names, out / "confusion.png",
                       f"{report['trained_on']['loss']} on {report['release_id']}: "
                       f"mean diagonal {softmax['mean_diagonal']:.3f}")
