"""The paper's metric (mean diagonal of the row-normalised confusion matrix) and friends.

Classes with no test samples (e.g. a 4-class real data set scored in the 7-class space) have
an empty confusion row: their recall is undefined (null) and left out of the mean diagonal.
"""
from __future__ import annotations

import numpy as np


def confusion_matrix(truth: np.ndarray, predicted: np.ndarray, num_classes: int) -> np.ndarray:
    """Counts, rows = true class, columns = predicted class."""
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (np.asarray(truth), np.asarray(predicted)), 1)
    return matrix


def summarize(truth: np.ndarray, predicted: np.ndarray, num_classes: int,
              names: tuple[str, ...]) -> dict:
    matrix = confusion_matrix(truth, predicted, num_classes)
    support = matrix.sum(axis=1)
    recall = [float(matrix[k, k] / support[k]) if support[k] else None
              for k in range(num_classes)]
    present = [r for r in recall if r is not None]
    return {
        "mean_diagonal": float(np.mean(present)) if present else float("nan"),
        "accuracy": float(np.trace(matrix) / max(matrix.sum(), 1)),
        "per_class_recall": dict(zip(names, recall)),
        "confusion_matrix": matrix.tolist(),
        "classes": list(names),
        "n_test": int(matrix.sum()),
    }


def save_confusion_png(matrix: np.ndarray, names: tuple[str, ...], path, title: str) -> None:
    """Row-normalised confusion matrix as a heat map (empty rows stay blank)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matrix = np.asarray(matrix, dtype=float)
    rows = matrix.sum(axis=1, keepdims=True)
    normalised = np.divide(matrix, rows, out=np.full_like(matrix, np.nan), where=rows > 0)
    fig, ax = plt.subplots(figsize=(1 + 0.8 * len(names), 1 + 0.7 * len(names)))
    ax.imshow(normalised, cmap="Blues", vmin=0, vmax=1)
    for (i, j), value in np.ndenumerate(normalised):
        if not np.isnan(value):
            ax.text(j, i, f"{value:.2f}", ha="center", va="center",
                    color="white" if value > 0.5 else "black", fontsize=8)
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
