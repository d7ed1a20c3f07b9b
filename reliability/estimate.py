"""One full estimation run: fit, filter annotators, re-fit, distributions, subsets, agreement."""
from __future__ import annotations

import time
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._base import CrowdEstimator
from ._encode import Encoded, encode, resolve_duplicates
from .agreement import cronbach_alpha, krippendorff_alpha, rating_slots
from .baselines import DawidSkene, MajorityVote, vote_counts
from .distribution import ground_truth_vector, normalise, partition
from .glad import GLAD

METHODS = {"glad": GLAD, "ds": DawidSkene, "mv": MajorityVote}

#: Default smallest compound class kept. The paper keeps 11 of 12 pairs but gives no
#: threshold; 50 images is ~0.17% of RAF-DB's 29,672.
MIN_COMPOUND_SIZE = 50


@dataclass(frozen=True)
class WarmStart:
    """Alpha per worker id and beta per item id from a previous run."""

    alpha: dict[Hashable, float]
    beta: dict[Hashable, float]


@dataclass(frozen=True)
class EstimationResult:
    """Everything one run produces; arrays are aligned with ``items`` or ``workers``.

    Attributes
    ----------
    items : ndarray (n_items,)             item ids
    posterior : ndarray (n_items, K)       p(true class | labels)
    distribution : ndarray (n_items, K)    normalised reliability-weighted vector g
    label, confidence : ndarray (n_items,) argmax class and its posterior
    beta : ndarray (n_items,)              1 / difficulty (1.0 for mv and ds)
    subset, compound : ndarray of str      'single' / 'compound' / '' and compound name
    workers : ndarray (n_workers,)         worker ids (all, including dropped)
    alpha, n_labels, kept : ndarray        reliability, labels given, kept after filtering
    classes : tuple                        class vocabulary, order of the K columns
    summary : dict                         the keys of the CLI's summary.json
    """

    items: np.ndarray
    posterior: np.ndarray
    distribution: np.ndarray
    label: np.ndarray
    confidence: np.ndarray
    beta: np.ndarray
    subset: np.ndarray
    compound: np.ndarray
    workers: np.ndarray
    alpha: np.ndarray
    n_labels: np.ndarray
    kept: np.ndarray
    classes: tuple[Any, ...]
    summary: dict[str, Any] = field(default_factory=dict)

    def warm_start(self) -> WarmStart:
        """State to pass as ``estimate(..., warm_start=...)`` on the next run."""
        return WarmStart(dict(zip(self.workers.tolist(), self.alpha.tolist())),
                         dict(zip(self.items.tolist(), self.beta.tolist())))


def make_estimator(method: str, random_state: int | None) -> CrowdEstimator:
    """A fresh estimator for ``method`` in :data:`METHODS`."""
    if method not in METHODS:
        raise ValueError(f"expected method in {sorted(METHODS)}, got {method!r}")
    return METHODS[method](random_state=random_state)


def _fit_with_filter(data: Encoded, method: str, min_alpha: float | None,
                     exclude: Collection[Hashable], warm: WarmStart | None,
                     random_state: int | None
                     ) -> tuple[CrowdEstimator, np.ndarray, np.ndarray, int]:
    """Fit on the non-excluded workers, drop alpha < min_alpha, and re-fit once without them.

    Returns the final estimator, alpha per worker (dropped workers keep the alpha that
    got them dropped; excluded ones NaN), the kept mask and the EM iterations of all fits.
    """
    excluded = set(exclude)
    kept = np.array([w not in excluded for w in data.workers.tolist()], dtype=bool)
    if not kept.any():
        raise ValueError(f"expected at least one annotator not excluded, got all "
                         f"{data.n_workers} excluded")
    init = dict(init_alpha=warm.alpha, init_beta=warm.beta) if warm else {}
    model = make_estimator(method, random_state)._fit_encoded(data.take(kept[data.worker]), **init)
    alpha = np.where(kept, model.alpha_, np.nan)
    n_iter_total = 0
    if min_alpha is not None:
        low = kept & (model.alpha_ < min_alpha)
        if low.sum() == kept.sum():
            raise ValueError(f"expected min_alpha to keep some annotator, got all below "
                             f"{min_alpha} (highest alpha {np.nanmax(alpha):.3g})")
        if low.any():
            kept &= ~low
            n_iter_total = model.n_iter_
            warm_now = dict(init_alpha=dict(zip(data.workers.tolist(), model.alpha_.tolist())),
                            init_beta=dict(zip(data.items.tolist(), model.beta_.tolist())))
            model = make_estimator(method, random_state)._fit_encoded(
                data.take(kept[data.worker]), **warm_now)
            alpha = np.where(kept, model.alpha_, alpha)
    return model, alpha, kept, n_iter_total + model.n_iter_


def estimate(items: Iterable[Hashable], workers: Iterable[Hashable],
             labels: Iterable[Hashable], *, classes: Sequence[Hashable] | None = None,
             method: str = "glad", min_alpha: float | None = None,
             exclude: Collection[Hashable] = (), warm_start: WarmStart | None = None,
             duplicates: str = "keep", min_compound_size: int = MIN_COMPOUND_SIZE,
             cronbach_slots: int | None = None, random_state: int | None = 0
             ) -> EstimationResult:
    """Run one estimation end to end (the CLI is a thin layer over this).

    Parameters
    ----------
    items, workers, labels : iterables of equal length
        Long-format labels; ids are any hashable values.
    classes : sequence, optional
        Class vocabulary and column order; default: :func:`class_order` of the labels
        (RAF-DB order when they are RAF-DB class names).
    method : {"glad", "ds", "mv"}
    min_alpha : float, optional
        Drop annotators whose alpha is below it and re-estimate without them.
    exclude : collection of worker ids
        Annotators excluded by an admin before the first fit.
    warm_start : WarmStart, optional
        ``previous_result.warm_start()``; ids it lacks start cold.
    duplicates : {"keep", "first", "last", "error"}
        Repeated (item, worker) rows, see :func:`resolve_duplicates`.
    min_compound_size : int
        Compound classes with fewer items are dropped from the compound subset.
    cronbach_slots : int, optional
        Rating slots R for Cronbach's alpha (default: fewest labels of any item).
    random_state : int or None
        Tie-breaking seed.
    """
    start = time.perf_counter()
    data, n_duplicates = resolve_duplicates(encode(items, workers, labels, classes=classes),
                                            duplicates)
    model, alpha, kept, n_iter_total = _fit_with_filter(data, method, min_alpha, exclude,
                                                        warm_start, random_state)
    g = ground_truth_vector(data, np.nan_to_num(alpha), kept)
    names = tuple(data.classes.tolist())
    parts = partition(g, [str(c) for c in names], min_compound_size=min_compound_size)
    kept_data = data.take(kept[data.worker])
    cronbach = cronbach_alpha(rating_slots(kept_data, cronbach_slots), data.n_classes)
    kripp = krippendorff_alpha(vote_counts(kept_data))
    summary = _summary(data, model, method, n_duplicates, kept, min_alpha, parts, cronbach,
                       kripp, min_compound_size, random_state)
    summary["n_iter_total"] = n_iter_total  # both fits when min_alpha dropped anyone
    summary["n_items_without_kept_labels"] = int(
        (np.bincount(kept_data.item, minlength=data.n_items) == 0).sum())
    summary["seconds"] = round(time.perf_counter() - start, 4)
    return EstimationResult(
        data.items, model.posterior_, normalise(g), model.labels_,
        model.posterior_.max(axis=1), model.beta_, parts.subset, parts.compound,
        data.workers, alpha, np.bincount(data.worker, minlength=data.n_workers), kept,
        names, summary)


def _summary(data: Encoded, model: CrowdEstimator, method: str, n_duplicates: int,
             kept: np.ndarray, min_alpha: float | None, parts: Any, cronbach: Any,
             kripp: Any, min_compound_size: int, random_state: int | None) -> dict[str, Any]:
    def clean(x: float) -> float | None:  # JSON has no NaN
        return None if x is None or not np.isfinite(x) else float(x)

    classes = [str(c) for c in data.classes.tolist()]
    return {
        "n_items": data.n_items, "n_workers": data.n_workers, "n_labels": data.n_labels,
        "n_classes": data.n_classes, "classes": classes, "method": method,
        "n_iter": int(model.n_iter_), "converged": bool(model.converged_),
        "log_likelihood": clean(model.log_likelihood_),
        "log_likelihood_history": [clean(v) for v in model.log_likelihood_history_],
        "cronbach_alpha": clean(cronbach.value),
        "cronbach_alpha_per_class": dict(zip(classes, map(clean, cronbach.per_class))),
        "krippendorff_alpha": clean(kripp.value),
        "krippendorff_alpha_per_class": dict(zip(classes, map(clean, kripp.per_class))),
        "n_duplicates": int(n_duplicates), "n_workers_kept": int(kept.sum()),
        "dropped_workers": [str(w) for w in data.workers[~kept].tolist()],
        "min_alpha": min_alpha, "class_prior": [clean(p) for p in model.class_prior_],
        "n_single": int((parts.subset == "single").sum()),
        "n_compound": int((parts.subset == "compound").sum()),
        "compound_sizes": parts.compound_sizes,
        "dropped_compound_classes": parts.dropped_compounds,
        "min_compound_size": min_compound_size, "random_state": random_state,
    }
