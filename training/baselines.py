"""Hand-crafted baselines of the paper's section 5: LBP / HOG / Gabor + SVM or LDA+kNN.

Settings as in the paper, on the 100x100 aligned greyscale face:
- LBP: 59-bin uniform LBP (P=8, R=2, non-rotation-invariant), histograms of 10x10-pixel
  cells, 100 cells x 59 = 5,900-d.
- HOG: 10 orientation bins on 5x5-pixel cells; 2x2 cells form non-overlapping 10x10-pixel
  blocks, each L2-Hys normalised: 400 cells x 10 = 4,000-d.
- Gabor: 40 filters (5 scales x 8 orientations), response magnitude average-pooled to
  10x10: 40 x 100 = 4,000-d.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
from skimage.feature import hog, local_binary_pattern
from skimage.filters import gabor_kernel

from training.classes import class_names
from training.classifiers import fit_predict
from training.data import load_release, load_split
from training.metrics import summarize

FEATURES = ("lbp", "hog", "gabor")


def to_grey(images: np.ndarray) -> np.ndarray:
    """(N, H, W, 3) uint8 -> (N, H, W) float in [0, 1] (ITU-R 601 luma)."""
    return images.astype(np.float64) @ np.array([0.299, 0.587, 0.114]) / 255.0


def _cells(image: np.ndarray, cell: int) -> np.ndarray:
    """(H, W) -> (H/cell, W/cell, cell*cell) non-overlapping cell blocks."""
    h, w = image.shape[0] // cell, image.shape[1] // cell
    blocks = image[:h * cell, :w * cell].reshape(h, cell, w, cell).swapaxes(1, 2)
    return blocks.reshape(h, w, cell * cell)


def lbp_features(grey: np.ndarray) -> np.ndarray:
    rows = []
    for image in grey:
        codes = local_binary_pattern((image * 255).astype(np.uint8), 8, 2, method="nri_uniform")
        cells = _cells(codes.astype(np.int64), 10).reshape(-1, 100)
        hist = np.stack([np.bincount(c, minlength=59) for c in cells]) / 100.0
        rows.append(hist.ravel())
    return np.asarray(rows, dtype=np.float32)


def hog_features(grey: np.ndarray) -> np.ndarray:
    rows = []
    for image in grey:
        cells = hog(image, orientations=10, pixels_per_cell=(5, 5), cells_per_block=(1, 1),
                    feature_vector=False).reshape(20, 20, 10)
        # Group 2x2 cells into non-overlapping blocks and L2-Hys normalise each block.
        blocks = cells.reshape(10, 2, 10, 2, 10).swapaxes(1, 2).reshape(100, 40)
        blocks = blocks / np.sqrt((blocks ** 2).sum(1, keepdims=True) + 1e-10)
        blocks = np.minimum(blocks, 0.2)
        blocks = blocks / np.sqrt((blocks ** 2).sum(1, keepdims=True) + 1e-10)
        rows.append(blocks.ravel())
    return np.asarray(rows, dtype=np.float32)


def gabor_bank(size: int = 100) -> np.ndarray:
    """FFTs of 40 complex Gabor kernels (5 scales x 8 orientations), zero-padded to size."""
    bank = []
    for scale in range(5):
        frequency = 0.25 / (np.sqrt(2) ** scale)
        for orientation in range(8):
            kernel = gabor_kernel(frequency, theta=orientation * np.pi / 8)
            padded = np.zeros((size, size), dtype=complex)
            kh, kw = kernel.shape
            padded[:kh, :kw] = kernel
            # Centre the kernel at the origin so the response is not shifted.
            bank.append(np.fft.fft2(np.roll(padded, (-(kh // 2), -(kw // 2)), axis=(0, 1))))
    return np.stack(bank)


def gabor_features(grey: np.ndarray) -> np.ndarray:
    bank = gabor_bank(grey.shape[1])
    rows = []
    for image in grey:
        response = np.abs(np.fft.ifft2(np.fft.fft2(image)[None] * bank))   # (40, H, W)
        pooled = response.reshape(40, 10, grey.shape[1] // 10, 10, grey.shape[2] // 10)
        rows.append(pooled.mean(axis=(2, 4)).ravel())
    return np.asarray(rows, dtype=np.float32)


EXTRACTORS = {"lbp": lbp_features, "hog": hog_features, "gabor": gabor_features}


def run_baseline(release_dir, feature: str, classifier: str, subset: str = "basic",
                 out=None, seed: int = 0) -> dict:
    if feature not in EXTRACTORS:
        raise ValueError(f"expected a feature in {FEATURES}, got {feature!r}")
    release = load_release(release_dir, subset)
    started = time.perf_counter()
    train_images, train_y, _ = load_split(release, "train")
    test_images, test_y, _ = load_split(release, "test")
    extract = EXTRACTORS[feature]
    train_x, test_x = extract(to_grey(train_images)), extract(to_grey(test_images))
    predicted = fit_predict(classifier, train_x, train_y, test_x, seed)
    report = summarize(test_y, predicted, release.num_classes, class_names(release.num_classes))
    report.update(feature=feature, classifier=classifier, dims=int(train_x.shape[1]),
                  release_id=release.release_id, subset=subset, n_train=len(train_y),
                  seconds=round(time.perf_counter() - started, 1))
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(report, indent=2) + "\n")
    return report
