"""GLAD crowd simulator for tests, demos and benchmarks (pure numpy).

Two entry points: :func:`simulate_crowd` draws a whole labelled data set at once
(vectorised, 12M labels in seconds), and :class:`CrowdSimulator` lets simulated annotators
vote one image at a time, as the site's ``seed_demo`` does through the site's services.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .classes import CLASSES

#: RAF-DB basic-subset class sizes in :data:`CLASSES` order (15,339 images).
RAF_DB_CLASS_COUNTS = np.array([1619, 355, 877, 5957, 2460, 867, 3204])
RAF_DB_CLASS_PRIORS = RAF_DB_CLASS_COUNTS / RAF_DB_CLASS_COUNTS.sum()

KINDS = ("reliable", "spammer", "adversary")


def draw_alphas(n: int, spammer_fraction: float, adversary_fraction: float,
                rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Reliabilities and kinds: reliable ~ N(1.5, 0.5) floored at 0.3, spammers ~ N(0, 0.05)
    (a coin flip between the truth and a random other class), adversaries ~ N(-1, 0.3)."""
    if not (0 <= spammer_fraction and 0 <= adversary_fraction
            and spammer_fraction + adversary_fraction <= 1):
        raise ValueError("expected fractions in [0, 1] summing to at most 1, got "
                         f"{spammer_fraction!r} and {adversary_fraction!r}")
    n_spam = int(round(n * spammer_fraction))
    n_adv = int(round(n * adversary_fraction))
    kinds = np.array(["reliable"] * (n - n_spam - n_adv) + ["spammer"] * n_spam
                     + ["adversary"] * n_adv, dtype=object)
    rng.shuffle(kinds)
    alphas = np.maximum(rng.normal(1.5, 0.5, n), 0.3)
    alphas = np.where(kinds == "spammer", rng.normal(0.0, 0.05, n), alphas)
    alphas = np.where(kinds == "adversary", rng.normal(-1.0, 0.3, n), alphas)
    return alphas, kinds


def draw_labels(truth: np.ndarray, alpha: np.ndarray, beta: np.ndarray, n_classes: int,
                rng: np.random.Generator) -> np.ndarray:
    """GLAD answers: ``truth`` w.p. sigmoid(alpha * beta), else a uniform other class."""
    correct = rng.random(len(truth)) < 1.0 / (1.0 + np.exp(-alpha * beta))
    # shifting by 1..K-1 modulo K picks each other class with equal probability
    other = (truth + rng.integers(1, n_classes, len(truth))) % n_classes
    return np.where(correct, truth, other)


def _sample_rows(p: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One class per row of the row-stochastic matrix ``p``."""
    cdf = np.cumsum(p, axis=1)
    return np.minimum((rng.random((len(p), 1)) * cdf[:, -1:] > cdf).sum(axis=1), p.shape[1] - 1)


class CrowdSimulator:
    """A fixed pool of simulated annotators that vote one image at a time.

    Parameters
    ----------
    n_annotators : int
    spammer_fraction, adversary_fraction : float
        Shares of annotators drawn as spammers (alpha ~ 0) and adversaries (alpha < 0).
    random_state : int or None

    Attributes
    ----------
    alphas_ : ndarray of shape (n_annotators,)
    kinds_ : ndarray of str, "reliable", "spammer" or "adversary"
    """

    def __init__(self, n_annotators: int, *, spammer_fraction: float = 0.1,
                 adversary_fraction: float = 0.02, random_state: int | None = None) -> None:
        if not (isinstance(n_annotators, int) and n_annotators >= 1):
            raise ValueError(f"expected integer n_annotators >= 1, got {n_annotators!r}")
        self.n_annotators = n_annotators
        self.spammer_fraction = spammer_fraction
        self.adversary_fraction = adversary_fraction
        self.random_state = random_state
        self.rng_ = np.random.default_rng(random_state)
        self.alphas_, self.kinds_ = draw_alphas(n_annotators, spammer_fraction,
                                                adversary_fraction, self.rng_)

    def label(self, annotator_index: int, true_distribution: np.ndarray, beta: float = 1.0,
              rng: np.random.Generator | None = None) -> int:
        """Class index that annotator ``annotator_index`` gives one image.

        A class is drawn from ``true_distribution`` (one-hot for a basic expression, two
        non-zero entries for a compound blend); with probability sigmoid(alpha * beta) it
        is reported, otherwise a uniformly random other class.
        """
        p = np.asarray(true_distribution, dtype=float)
        if p.ndim != 1 or len(p) < 2 or (p < 0).any() or p.sum() <= 0:
            raise ValueError(f"expected a non-negative K-vector (K >= 2), got {p!r}")
        if not 0 <= annotator_index < self.n_annotators:
            raise ValueError(f"expected annotator_index in [0, {self.n_annotators}), "
                             f"got {annotator_index!r}")
        rng = self.rng_ if rng is None else rng
        truth = _sample_rows(p[None, :], rng)
        return int(draw_labels(truth, self.alphas_[annotator_index:annotator_index + 1],
                               np.array([beta]), len(p), rng)[0])


@dataclass(frozen=True)
class SimulatedCrowd:
    """Long-format labels with the truth behind them (ids are 0-based integers)."""

    items: np.ndarray
    workers: np.ndarray
    labels: np.ndarray
    true_labels: np.ndarray
    true_distribution: np.ndarray
    alpha: np.ndarray
    kinds: np.ndarray
    beta: np.ndarray
    classes: tuple[str, ...]


def _assign_workers(n_items: int, per_item: int, n_workers: int, rng: np.random.Generator
                    ) -> np.ndarray:
    """``per_item`` distinct random workers per item, in chunks to bound memory."""
    if per_item > n_workers:
        raise ValueError(f"expected labels_per_item <= n_workers, got {per_item} > {n_workers}")
    chunk = max(1, 4_000_000 // n_workers)
    parts = [np.argpartition(rng.random((min(chunk, n_items - start), n_workers)),
                             per_item - 1, axis=1)[:, :per_item]
             for start in range(0, n_items, chunk)]
    return np.concatenate(parts).ravel()


def simulate_crowd(n_items: int = 3000, labels_per_item: int = 40, n_workers: int = 315, *,
                   class_priors: np.ndarray | None = None, spammer_fraction: float = 0.1,
                   adversary_fraction: float = 0.02, compound_fraction: float = 0.0,
                   log_beta_std: float = 0.5, random_state: int | None = 0) -> SimulatedCrowd:
    """Draw a GLAD crowd: true classes with RAF-DB's priors, alphas, difficulties, labels.

    A ``compound_fraction`` of items are blends of two classes (weights 0.5-0.8 / rest);
    their ``true_labels`` entry is the heavier class. beta = exp(N(0, log_beta_std^2)).
    """
    rng = np.random.default_rng(random_state)
    priors = RAF_DB_CLASS_PRIORS if class_priors is None else np.asarray(class_priors, float)
    k = len(priors)
    truth = rng.choice(k, size=n_items, p=priors / priors.sum())
    dist = np.zeros((n_items, k))
    dist[np.arange(n_items), truth] = 1.0
    blend = np.flatnonzero(rng.random(n_items) < compound_fraction)
    second = (truth[blend] + rng.integers(1, k, len(blend))) % k
    share = rng.uniform(0.5, 0.8, len(blend))
    dist[blend, truth[blend]], dist[blend, second] = share, 1 - share
    alpha, kinds = draw_alphas(n_workers, spammer_fraction, adversary_fraction, rng)
    beta = np.exp(rng.normal(0.0, log_beta_std, n_items))
    items = np.repeat(np.arange(n_items), labels_per_item)
    workers = _assign_workers(n_items, labels_per_item, n_workers, rng)
    drawn = truth[items].copy()
    in_blend = np.isin(items, blend)
    drawn[in_blend] = _sample_rows(dist[items[in_blend]], rng)
    labels = draw_labels(drawn, alpha[workers], beta[items], k, rng)
    classes = CLASSES if k == len(CLASSES) else tuple(str(c) for c in range(k))
    return SimulatedCrowd(items, workers, labels, truth, dist, alpha, kinds, beta, classes)
