"""facecrowd reliability: annotator reliability EM, emotion distributions, subsets, agreement.

Pure numpy/scipy; never imports Django. The site and researchers call the API below;
``python -m reliability estimate INPUT.csv --out DIR`` is a thin layer over
:func:`estimate`.

Stable API
----------
Vocabulary
    ``CLASSES`` : the 7 RAF-DB basic classes in RAF-DB order (RAF-DB files number them
    from 1). ``COMPOUND_CLASSES`` : the 11 compound names the paper keeps, RAF-DB order;
    ``DROPPED_COMPOUND_CLASS`` = "Fearfully Disgusted". ``compound_name(a, b) -> str``
    names an unordered pair of classes.
Estimators (scikit-learn style; parameters keyword-only in ``__init__``)
    ``GLAD(*, tol=1e-5, max_iter=100, class_prior="uniform", ..., random_state=0)``,
    ``DawidSkene(*, tol=1e-5, max_iter=100, smoothing=0.01, random_state=0)``,
    ``MajorityVote(*, random_state=0)``.
    ``fit(items, workers, labels, *, classes=None, init_alpha=None, init_beta=None) -> self``
    with any hashable ids; warm start by ``init_alpha={worker: a}``, ``init_beta={item: b}``.
    Results: ``items_, workers_, classes_, posterior_, labels_, alpha_, beta_,
    class_prior_, log_likelihood_, log_likelihood_history_, n_iter_, converged_``.
    Bad input raises ``ValueError("expected ... got ...")``; hitting ``max_iter`` warns
    :class:`ConvergenceWarning`.
One run
    ``estimate(items, workers, labels, *, classes=None, method="glad", min_alpha=None,
    exclude=(), warm_start=None, duplicates="keep", min_compound_size=50,
    cronbach_slots=None, random_state=0) -> EstimationResult`` (frozen dataclass: per-item
    ``items, posterior, distribution, label, confidence, beta, subset, compound``;
    per-worker ``workers, alpha, n_labels, kept``; ``classes``; ``summary`` (the
    summary.json keys)). ``result.warm_start() -> WarmStart`` feeds the next run.
Pieces
    ``ground_truth_vector, normalise, partition`` (distribution), ``cronbach_alpha,
    krippendorff_alpha, rating_slots`` (agreement), ``stratified_split(labels, *,
    train_ratio=5, random_state=0) -> (train_idx, test_idx)``.
Conventions
    Class columns follow ``classes`` (default: RAF-DB order for RAF-DB names, numeric
    for integer labels, else sorted). ``beta`` is 1.0 for ``mv``/``ds`` (no difficulty);
    ``ds`` reports alpha = logit of the annotator's accuracy (GLAD's scale at beta = 1).
    Excluded annotators have alpha NaN; annotators dropped by ``min_alpha`` keep the alpha
    that dropped them. ``distribution`` is g with negative weight (adversaries) clipped to
    0, normalised; subsets use the raw g. An image both single-label and compound (only
    possible for a single-label *neutral* image) counts as single. Compound pairs RAF-DB
    never names get "a+b". CLI: workers.csv ``kept`` is 1/0; summary.json has no NaN
    (null instead).
Simulation (``reliability.simulation``)
    ``simulate_crowd(n_items, labels_per_item, n_workers, *, ...) -> SimulatedCrowd`` and
    ``CrowdSimulator(n_annotators, *, spammer_fraction=0.1, adversary_fraction=0.02,
    random_state=None)`` with ``alphas_``, ``kinds_`` and ``label(annotator_index,
    true_distribution, beta=1.0, rng=None) -> int``.
"""
from ._base import ConvergenceWarning
from ._encode import DuplicateLabelError
from .agreement import Agreement, cronbach_alpha, krippendorff_alpha, rating_slots
from .baselines import DawidSkene, MajorityVote
from .classes import CLASSES, COMPOUND_CLASSES, DROPPED_COMPOUND_CLASS, compound_name
from .distribution import ground_truth_vector, normalise, partition
from .estimate import EstimationResult, WarmStart, estimate
from .glad import GLAD
from .split import stratified_split

__all__ = [
    "CLASSES", "COMPOUND_CLASSES", "DROPPED_COMPOUND_CLASS", "compound_name",
    "GLAD", "DawidSkene", "MajorityVote", "ConvergenceWarning", "DuplicateLabelError",
    "estimate", "EstimationResult", "WarmStart",
    "ground_truth_vector", "normalise", "partition",
    "Agreement", "cronbach_alpha", "krippendorff_alpha", "rating_slots", "stratified_split",
]
