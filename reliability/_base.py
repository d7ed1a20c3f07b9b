"""Shared scikit-learn-style plumbing for the crowd label estimators."""
from __future__ import annotations

import abc
import inspect
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ._encode import Encoded, encode


class ConvergenceWarning(UserWarning):
    """EM stopped at ``max_iter`` before the relative log-likelihood change fell below ``tol``."""


def argmax_random_ties(posterior: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Row-wise argmax that breaks exact ties uniformly at random (majority vote ties often)."""
    top = posterior.max(axis=1, keepdims=True)
    noise = rng.random(posterior.shape)
    return np.where(posterior >= top, noise, -1.0).argmax(axis=1)


def align(mapping: Mapping[Hashable, float] | None, ids: np.ndarray, default: np.ndarray
          ) -> np.ndarray:
    """Values of ``mapping`` for ``ids`` (a warm start); ids it lacks keep ``default``."""
    values = np.array(default, dtype=float, copy=True)
    if mapping:
        for k, key in enumerate(ids.tolist()):
            found = mapping.get(key)
            if found is not None and np.isfinite(found):
                values[k] = found
    return values


class CrowdEstimator(abc.ABC):
    """Base class: ``fit`` codes the ids, ``_fit_encoded`` does the statistics.

    After ``fit`` every estimator has ``items_``, ``workers_``, ``classes_``,
    ``posterior_`` (n_items x n_classes), ``labels_``, ``alpha_`` (per worker), ``beta_``
    (per item), ``class_prior_``, ``log_likelihood_``, ``log_likelihood_history_``,
    ``n_iter_`` and ``converged_``.
    """

    random_state: int | None

    def fit(self, items: Iterable[Hashable], workers: Iterable[Hashable],
            labels: Iterable[Hashable], *, classes: Sequence[Hashable] | None = None,
            init_alpha: Mapping[Hashable, float] | None = None,
            init_beta: Mapping[Hashable, float] | None = None) -> "CrowdEstimator":
        """Estimate from long-format labels; ids may be any hashable values.

        Parameters
        ----------
        items, workers, labels : iterables of equal length
            One entry per label given by ``workers[l]`` to ``items[l]``.
        classes : sequence, optional
            The class vocabulary (order kept); by default the distinct labels in
            :func:`~reliability.classes.class_order` (RAF-DB order for RAF-DB names).
        init_alpha, init_beta : mapping, optional
            Warm start: previous ``{worker: alpha}`` and ``{item: beta}``; ids not in the
            mapping start from the cold-start value. Ignored by estimators without them.
        """
        data = encode(items, workers, labels, classes=classes)
        self._fit_encoded(data, init_alpha=init_alpha, init_beta=init_beta)
        return self

    def _fit_encoded(self, data: Encoded, *, init_alpha: Mapping[Hashable, float] | None = None,
                     init_beta: Mapping[Hashable, float] | None = None) -> "CrowdEstimator":
        self.items_, self.workers_, self.classes_ = data.items, data.workers, data.classes
        self._fit_codes(data, init_alpha, init_beta)
        rng = np.random.default_rng(self.random_state)
        self.labels_ = self.classes_[argmax_random_ties(self.posterior_, rng)]
        return self

    @abc.abstractmethod
    def _fit_codes(self, data: Encoded, init_alpha: Mapping[Hashable, float] | None,
                   init_beta: Mapping[Hashable, float] | None) -> None:
        """Fit on encoded data; set posterior_ (and alpha_, beta_, ... where the model has them)."""

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Constructor parameters, as scikit-learn's ``get_params``."""
        names = [p for p in inspect.signature(type(self).__init__).parameters if p != "self"]
        return {name: getattr(self, name) for name in names}

    def set_params(self, **params: Any) -> "CrowdEstimator":
        """Set constructor parameters, as scikit-learn's ``set_params``."""
        valid = self.get_params()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"expected a parameter among {sorted(valid)}, got {name!r}")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"


def check_positive(name: str, value: float) -> None:
    """``ValueError`` in house style unless ``value`` is a positive number."""
    if not (isinstance(value, (int, float)) and value > 0):
        raise ValueError(f"expected {name} > 0, got {value!r}")
