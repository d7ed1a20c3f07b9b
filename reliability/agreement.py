"""Agreement statistics: Cronbach's alpha (DESIGN.md) and Krippendorff's alpha (nominal).

Krippendorff's alpha comes from the ``krippendorff`` package, fed the items x classes vote
counts (its ``value_counts`` input): at RAF-DB scale that takes ~0.05 s with the seven
per-class values, so no raters x units matrix is built (docs/benchmarks.md).
"""
from __future__ import annotations

from dataclasses import dataclass

import krippendorff
import numpy as np

from ._encode import Encoded


@dataclass(frozen=True)
class Agreement:
    """Overall value and one value per class (NaN where a class has no variation)."""

    value: float
    per_class: np.ndarray


def _mean_finite(values: np.ndarray) -> float:
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if len(finite) else float("nan")


def rating_slots(data: Encoded, n_slots: int | None = None) -> np.ndarray:
    """Items x R matrix of class codes: the first R labels of each item, in input order.

    R defaults to the fewest labels any item with at least two labels has; items with
    fewer than R labels are left out (rows of the result are the remaining items).
    """
    counts = np.bincount(data.item, minlength=data.n_items)
    if n_slots is None:
        multi = counts[counts >= 2]
        n_slots = int(multi.min()) if len(multi) else 0
    if n_slots < 2:
        return np.empty((0, max(n_slots, 0)), dtype=np.intp)
    order = np.argsort(data.item, kind="stable")
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.arange(data.n_labels) - starts[data.item[order]]
    full = counts >= n_slots
    take = order[(rank < n_slots) & full[data.item[order]]]
    # after the stable sort, kept labels come item by item, slot by slot
    return data.label[take].reshape(-1, n_slots)


def cronbach_alpha(slots: np.ndarray, n_classes: int) -> Agreement:
    """Cronbach's alpha per class on the 0/1 indicator of the slot matrix, then averaged.

    Images are the subjects and rating slots the test items, so with ~40 slots this
    measures the reliability of the averaged label (the paper's 0.966).
    """
    per_class = np.full(n_classes, np.nan)
    n_items, r = slots.shape
    if n_items < 2 or r < 2:
        return Agreement(float("nan"), per_class)
    for k in range(n_classes):
        x = (slots == k).astype(float)
        total_var = x.sum(axis=1).var(ddof=1)
        if total_var > 0:
            per_class[k] = r / (r - 1) * (1 - x.var(axis=0, ddof=1).sum() / total_var)
    return Agreement(_mean_finite(per_class), per_class)


def _nominal(counts: np.ndarray) -> float:
    """The package's nominal alpha, NaN where it is undefined instead of an error."""
    present = counts.sum(axis=0) > 0
    if len(counts) == 0 or present.sum() < 2:  # nothing pairable, or a single value
        return float("nan")
    return float(krippendorff.alpha(value_counts=counts[:, present],
                                    level_of_measurement="nominal"))


def krippendorff_alpha(votes: np.ndarray) -> Agreement:
    """Krippendorff's alpha, nominal, any number of values per unit (missing allowed).

    Parameters
    ----------
    votes : ndarray of shape (n_items, n_classes)
        Number of labels of each class per item; items with fewer than two labels are
        not pairable and drop out, as in Krippendorff's definition.

    Returns
    -------
    Agreement
        ``per_class`` is alpha on the binary "class k or not" recoding of the same data.
    """
    votes = np.asarray(votes, dtype=float)
    pairable = votes[votes.sum(axis=1) >= 2]
    totals = pairable.sum(axis=1)
    per_class = np.array([_nominal(np.stack([pairable[:, k], totals - pairable[:, k]], axis=1))
                          for k in range(votes.shape[1])])
    return Agreement(_nominal(pairable), per_class)
