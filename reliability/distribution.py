"""Reliability-weighted emotion distributions and the paper's subset partitions."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._encode import Encoded
from .classes import compound_name

NEUTRAL = "neutral"


def ground_truth_vector(data: Encoded, alpha: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """g[j, k] = sum of alpha_i over kept annotators i who gave item j class k.

    Parameters
    ----------
    data : Encoded
        All labels (dropped annotators' labels are skipped here through ``kept``).
    alpha : ndarray of shape (n_workers,)
    kept : ndarray of bool, shape (n_workers,)
    """
    weight = np.where(kept, alpha, 0.0)[data.worker]
    g = np.bincount(data.item * data.n_classes + data.label, weights=weight,
                    minlength=data.n_items * data.n_classes)
    return g.reshape(data.n_items, data.n_classes)


def normalise(g: np.ndarray) -> np.ndarray:
    """Emotion distribution from g: negative entries (adversaries' weight) count as 0.

    An item with no positive weight gets the uniform distribution.
    """
    positive = np.clip(g, 0.0, None)
    totals = positive.sum(axis=1, keepdims=True)
    uniform = np.full_like(positive, 1.0 / g.shape[1])
    return np.divide(positive, totals, out=uniform, where=totals > 0)


def valid_labels(g: np.ndarray) -> np.ndarray:
    """Boolean mask of g_k > mean_k g_k per row (strict: a class at the mean is not valid)."""
    return g > g.mean(axis=1, keepdims=True)


@dataclass(frozen=True)
class Partition:
    """Per-item subset ('single', 'compound' or '') and compound name ('' when none)."""

    subset: np.ndarray
    compound: np.ndarray
    compound_sizes: dict[str, int]
    dropped_compounds: dict[str, int]


def partition(g: np.ndarray, classes: Sequence[str], *, min_compound_size: int = 1
              ) -> Partition:
    """Single-label and Two-tab (compound) subsets exactly as DESIGN.md defines them.

    Single: exactly one class with g_k above the mean over all K classes. Compound:
    neutral's column is removed (when the classes have one), then exactly two classes
    above the mean over the rest. An item that meets both rules is single: that happens
    only for single-label *neutral* items, whose faint non-neutral remainder is no
    blend. Compound classes with fewer than ``min_compound_size`` items are dropped
    (subset and name left empty), as the paper drops "fearfully disgusted".
    """
    names = [str(c) for c in classes]
    single = valid_labels(g).sum(axis=1) == 1
    keep_cols = [k for k, name in enumerate(names) if name != NEUTRAL]
    valid = valid_labels(g[:, keep_cols])
    is_pair = (valid.sum(axis=1) == 2) & ~single
    compound = np.full(len(g), "", dtype=object)
    if is_pair.any():
        cols = np.array(keep_cols)[np.argsort(~valid[is_pair], axis=1, kind="stable")[:, :2]]
        pairs = set(map(tuple, cols.tolist()))
        pair_names = {(a, b): compound_name(names[a], names[b]) for a, b in pairs}
        compound[is_pair] = [pair_names[(a, b)] for a, b in cols.tolist()]
    found, counts = np.unique(compound[is_pair].astype(str), return_counts=True)
    sizes = {str(n): int(c) for n, c in zip(found, counts)}
    small = {n: c for n, c in sizes.items() if c < min_compound_size}
    if small:
        compound[np.isin(compound.astype(str), list(small)) & is_pair] = ""
    subset = np.where(single, "single", np.where(compound != "", "compound", "")).astype(object)
    kept = {n: c for n, c in sizes.items() if n not in small}
    return Partition(subset, compound, kept, small)
