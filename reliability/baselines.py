"""Majority vote and Dawid-Skene behind the same interface as :class:`GLAD`."""
from __future__ import annotations

import warnings
from collections.abc import Hashable, Mapping

import numpy as np
import scipy.sparse as sp
from scipy.special import logit, logsumexp

from ._base import ConvergenceWarning, CrowdEstimator, check_positive
from ._encode import Encoded


def vote_counts(data: Encoded) -> np.ndarray:
    """Votes per (item, class) as an n_items x n_classes float array."""
    cells = np.bincount(data.item * data.n_classes + data.label,
                        minlength=data.n_items * data.n_classes)
    return cells.reshape(data.n_items, data.n_classes).astype(float)


def _normalise_rows(counts: np.ndarray) -> np.ndarray:
    totals = counts.sum(axis=1, keepdims=True)
    uniform = np.full_like(counts, 1.0 / counts.shape[1])
    return np.divide(counts, totals, out=uniform, where=totals > 0)


class MajorityVote(CrowdEstimator):
    """Plain vote shares; ``alpha_`` is 1 for everyone and ``beta_`` 1 for every item.

    Parameters
    ----------
    random_state : int or None
        Breaks ties between equally voted classes in ``labels_`` uniformly at random.
    """

    def __init__(self, *, random_state: int | None = 0) -> None:
        self.random_state = random_state

    def _fit_codes(self, data: Encoded, init_alpha: Mapping[Hashable, float] | None,
                   init_beta: Mapping[Hashable, float] | None) -> None:
        self.posterior_ = _normalise_rows(vote_counts(data))
        self.alpha_ = np.ones(data.n_workers)
        self.beta_ = np.ones(data.n_items)
        self.class_prior_ = self.posterior_.mean(axis=0)
        self.log_likelihood_, self.log_likelihood_history_ = float("nan"), []
        self.n_iter_, self.converged_ = 0, True


class DawidSkene(CrowdEstimator):
    """Dawid & Skene (1979): one K x K confusion matrix per worker, EM from majority vote.

    Parameters
    ----------
    tol : float
        Stop when the relative change of the log-likelihood is below ``tol``.
    max_iter : int
        Most EM iterations; reaching it emits :class:`ConvergenceWarning`.
    smoothing : float
        Pseudo-count added to every confusion-matrix cell and class count, so that a
        worker never seen on a class does not get log(0).
    random_state : int or None
        Only breaks exact posterior ties in ``labels_``.

    Notes
    -----
    ``alpha_`` is reported on GLAD's scale so that filtering and the ground-truth vector
    work the same for every method: logit of the worker's prior-weighted accuracy
    (GLAD with beta = 1 has accuracy sigmoid(alpha)). ``beta_`` is 1 (no difficulty).
    """

    def __init__(self, *, tol: float = 1e-5, max_iter: int = 100, smoothing: float = 0.01,
                 random_state: int | None = 0) -> None:
        self.tol = tol
        self.max_iter = max_iter
        self.smoothing = smoothing
        self.random_state = random_state

    def _fit_codes(self, data: Encoded, init_alpha: Mapping[Hashable, float] | None,
                   init_beta: Mapping[Hashable, float] | None) -> None:
        check_positive("tol", self.tol)
        check_positive("smoothing", self.smoothing)
        k, n_workers = data.n_classes, data.n_workers
        # one row per item, one column per (worker, answer): both EM steps are a product
        votes = sp.csr_matrix((np.ones(data.n_labels), (data.item, data.worker * k + data.label)),
                              shape=(data.n_items, n_workers * k))
        posterior = _normalise_rows(vote_counts(data))
        history: list[float] = []
        converged = False
        for n_iter in range(1, self.max_iter + 1):
            log_theta, log_prior = self._m_step(votes, posterior, n_workers, k)
            logq = votes @ log_theta.transpose(0, 2, 1).reshape(n_workers * k, k) + log_prior
            norm = logsumexp(logq, axis=1)
            posterior = np.exp(logq - norm[:, None])
            history.append(float(norm.sum()))
            if n_iter > 1 and abs(history[-1] - history[-2]) <= self.tol * abs(history[-2]):
                converged = True
                break
        if not converged:
            warnings.warn(f"DawidSkene did not converge in {self.max_iter} iterations "
                          f"(tol={self.tol})", ConvergenceWarning, stacklevel=4)
        self.posterior_, self.class_prior_ = posterior, np.exp(log_prior)
        self.confusion_ = np.exp(log_theta)
        accuracy = np.einsum("c,wcc->w", self.class_prior_, self.confusion_)
        self.alpha_ = logit(np.clip(accuracy, 1e-3, 1 - 1e-3))
        self.beta_ = np.ones(data.n_items)
        self.log_likelihood_, self.log_likelihood_history_ = history[-1], history
        self.n_iter_, self.converged_ = n_iter, converged

    def _m_step(self, votes: sp.csr_matrix, posterior: np.ndarray, n_workers: int, k: int
                ) -> tuple[np.ndarray, np.ndarray]:
        """Log confusion matrices ``[worker, true, answer]`` and log class priors."""
        counts = (votes.T @ posterior).reshape(n_workers, k, k).transpose(0, 2, 1)
        counts = counts + self.smoothing
        log_theta = np.log(counts / counts.sum(axis=2, keepdims=True))
        prior = posterior.sum(axis=0) + self.smoothing
        return log_theta, np.log(prior / prior.sum())
