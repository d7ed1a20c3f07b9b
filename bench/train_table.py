"""Print the markdown results table of docs/benchmarks.md from bench/train_results.sh's output.

    .venv/bin/python bench/train_table.py [--out out]      (from the repository root)

Reads out/baselines/<release>-<feature>-<classifier>.json and out/runs/<run>/metrics.json
(written by `python -m training evaluate`) plus each run's checkpoint history for epochs.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

RELEASES = {"synth-3000": "synthetic (3,000)", "cmu-release": "CMU faces (584, real)"}
RUNS = {"synth-softmax": ("synth-3000", "baseDCNN softmax"),
        "synth-center": ("synth-3000", "baseDCNN + center loss"),
        "synth-lp": ("synth-3000", "DLP-CNN (+ LP loss)"),
        "cmu-lp": ("cmu-release", "DLP-CNN (+ LP loss), from synth-lp")}


def epoch_chain(checkpoint: Path) -> list[int]:
    """Epochs of each stage, following --init back to the from-scratch run (e.g. [2, 8, 4])."""
    import torch

    state = torch.load(checkpoint, map_location="cpu", weights_only=True)
    init = state["config"].get("init")
    return (epoch_chain(Path(init)) if init else []) + [int(state["epoch"])]


def fmt(report: dict) -> str:
    return f"{report['mean_diagonal']:.3f} | {report['accuracy']:.3f}"


def baseline_rows(out: Path) -> list[str]:
    rows = []
    for release, title in RELEASES.items():
        for feature in ("hog", "lbp", "gabor"):
            for classifier in ("svm", "lda-knn"):
                path = out / "baselines" / f"{release}-{feature}-{classifier}.json"
                if path.is_file():
                    report = json.loads(path.read_text())
                    name = {"hog": "HOG", "lbp": "LBP", "gabor": "Gabor"}[feature]
                    rows.append(f"| {title} | {name} ({report['dims']:,}-d) + "
                                f"{classifier} | {fmt(report)} | - |")
    return rows


def run_rows(out: Path) -> list[str]:
    rows = []
    for run, (release, title) in RUNS.items():
        path = out / "runs" / run / "metrics.json"
        if not path.is_file():
            continue
        metrics = json.loads(path.read_text())
        epochs = "+".join(map(str, epoch_chain(Path(metrics["checkpoint"]))))
        for key, label in (("softmax", "softmax output"), ("deep+svm", "2000-d deep + svm"),
                           ("deep+lda-knn", "2000-d deep + lda-knn")):
            if key in metrics["reports"]:
                rows.append(f"| {RELEASES[release]} | {title}: {label} | "
                            f"{fmt(metrics['reports'][key])} | {epochs} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "out"))
    out = Path(parser.parse_args().out)
    print("| data | method | mean diagonal | accuracy | epochs |")
    print("|---|---|---|---|---|")
    for row in baseline_rows(out) + run_rows(out):
        print(row)


if __name__ == "__main__":
    main()
