"""Stratified train/test split, train five times the size of test (DESIGN.md)."""
from __future__ import annotations

import numpy as np


def stratified_split(labels: np.ndarray, *, train_ratio: int = 5, random_state: int | None = 0
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(train, test)``, each sorted, with every class split ``train_ratio : 1``.

    Parameters
    ----------
    labels : array-like of shape (n,)
        Class of each image (any hashable values).
    train_ratio : int
        Train size over test size per class; a class of n gets round(n / (ratio + 1))
        test images, so a class of 3 or more always appears in both halves.
    random_state : int or None
        Seed of the shuffle; the same seed gives the same split.
    """
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) == 0:
        raise ValueError(f"expected a non-empty 1-D array of labels, got shape {labels.shape}")
    if not (isinstance(train_ratio, int) and train_ratio >= 1):
        raise ValueError(f"expected integer train_ratio >= 1, got {train_ratio!r}")
    rng = np.random.default_rng(random_state)
    _, codes = np.unique(labels, return_inverse=True)
    # shuffle, then group by class: rank within class decides test membership
    order = rng.permutation(len(labels))
    order = order[np.argsort(codes[order], kind="stable")]
    sizes = np.bincount(codes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rank = np.arange(len(labels)) - np.repeat(starts, sizes)
    n_test = np.floor(sizes / (train_ratio + 1) + 0.5).astype(int)
    is_test = rank < np.repeat(n_test, sizes)
    return np.sort(order[~is_test]), np.sort(order[is_test])
