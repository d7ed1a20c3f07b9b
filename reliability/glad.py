"""GLAD EM (the paper's Algorithm 1) on sparse long-format labels, vectorised with bincount.

Model: p(t_ij = y_j) = sigmoid(alpha_i * beta_j); a wrong label is uniform over the other
K - 1 classes. For one label the log-odds of "class c is the true one" against "it is not"
is exactly ``s + log(K - 1)`` with ``s = alpha_i * beta_j``, so the E-step is one weighted
bincount over (item, label) cells and one over items; no items x workers matrix is formed.
"""
from __future__ import annotations

import warnings
from collections.abc import Hashable, Mapping

import numpy as np
from scipy.special import logsumexp

from ._base import ConvergenceWarning, CrowdEstimator, align, check_positive
from ._encode import Encoded

CLASS_PRIORS = ("uniform", "learned")


def vote_entropy_beta(data: Encoded) -> np.ndarray:
    """Algorithm 1's start for beta: exp(-entropy of the item's votes), so unanimous -> 1."""
    votes = np.bincount(data.item * data.n_classes + data.label,
                        minlength=data.n_items * data.n_classes).reshape(data.n_items, -1)
    share = votes / np.maximum(votes.sum(axis=1, keepdims=True), 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -np.where(share > 0, share * np.log(share), 0.0).sum(axis=1)
    return np.exp(-entropy)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-x)); twice as fast as scipy's expit on 1M labels, exact to 1 ulp."""
    with np.errstate(over="ignore"):
        out = np.exp(-x)
    out += 1.0
    return np.reciprocal(out, out=out)


def softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + exp(x)) without overflow; 4x faster than np.logaddexp(0, x)."""
    out = np.abs(x)
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.log1p(out, out=out)
    out += np.maximum(x, 0.0)
    return out


def class_log_odds(posterior: np.ndarray) -> np.ndarray:
    """log p(c) - log p(not c) per item and class, accurate even when p(c) ~ 1.

    For every class but the row's top one p(c) <= 1/2 and log1p(-p) is exact; for the
    top class p(not c) is summed from the other entries, not taken as 1 - p (cancels).
    """
    rows = np.arange(len(posterior))
    top = posterior.argmax(axis=1)
    others = posterior.copy()
    others[rows, top] = 0.0
    with np.errstate(divide="ignore"):
        odds = np.log(posterior) - np.log1p(-posterior)
        odds[rows, top] = np.log(posterior[rows, top]) - np.log(others.sum(axis=1))
    return odds


def _newton(index: np.ndarray, size: int, target: np.ndarray, sig: np.ndarray,
            ds_dx: np.ndarray, x: np.ndarray, prior_mean: float, prior_var: float
            ) -> np.ndarray:
    """One Newton step per parameter x[index[l]] of sum_l target*log(sig) + ... + prior.

    dQ/ds = target - sigmoid(s) per label; the curvature used is the Fisher one,
    sig (1 - sig) (ds/dx)^2, which is exact for alpha and keeps log beta's step an
    ascent step; steps are capped at 1 so that a far-off start cannot overshoot.
    """
    grad = np.bincount(index, (target - sig) * ds_dx, size) - (x - prior_mean) / prior_var
    curv = np.bincount(index, sig * (1.0 - sig) * ds_dx * ds_dx, size) + 1.0 / prior_var
    return x + np.clip(grad / curv, -1.0, 1.0)


class GLAD(CrowdEstimator):
    """GLAD annotator reliability / image difficulty EM (Whitehill et al. 2009; paper Alg. 1).

    Parameters
    ----------
    tol : float
        Stop when the relative change of the penalised log-likelihood is below ``tol``.
    max_iter : int
        Most EM iterations; reaching it emits :class:`ConvergenceWarning`.
    class_prior : {"uniform", "learned"}
        ``"learned"`` re-estimates class priors with ``prior_strength`` pseudo-counts per
        class; the default is uniform because a learned prior collapses on the imbalanced
        ``relevance`` data (28% against crowd-kit's 56%, DESIGN.md; measured again here).
    prior_strength : float
        Dirichlet pseudo-count per class for ``class_prior="learned"``.
    alpha_prior_mean, alpha_prior_std : float
        Weak Gaussian prior on each alpha; it fixes the alpha/beta scale (only the product
        is identified) and keeps alphas of annotators with few labels finite.
    log_beta_prior_mean, log_beta_prior_std : float
        Weak Gaussian prior on log beta (beta = 1 by default).
    newton_steps : int
        Alternating Newton steps on alpha then log beta per M-step (generalised EM).
    leave_one_out : bool
        Update alpha_i from each label's *extrinsic* posterior (the item's posterior
        without that label, as messages in belief propagation). Plain EM lets an annotator
        agree with a consensus made of his own votes: on items with ~5 labels a prolific
        annotator who always answers the same class then earns a high alpha (the
        ``relevance`` and ``web`` data). ``False`` is the paper's plain M-step.
    random_state : int or None
        Only breaks exact posterior ties in ``labels_``; EM itself is deterministic.

    Notes
    -----
    Warm start: ``fit(..., init_alpha={worker: a}, init_beta={item: b})``; new ids start
    at alpha = 1 and beta from their vote entropy. ``log_likelihood_history_`` holds the
    penalised objective (log-likelihood + log-priors) after each E-step;
    ``log_likelihood_`` is the plain marginal log-likelihood at the final parameters.
    """

    def __init__(self, *, tol: float = 1e-5, max_iter: int = 100,
                 class_prior: str = "uniform", prior_strength: float = 1.0,
                 alpha_prior_mean: float = 1.0, alpha_prior_std: float = 1.0,
                 log_beta_prior_mean: float = 0.0, log_beta_prior_std: float = 1.0,
                 newton_steps: int = 1, leave_one_out: bool = True,
                 random_state: int | None = 0) -> None:
        self.tol = tol
        self.max_iter = max_iter
        self.class_prior = class_prior
        self.prior_strength = prior_strength
        self.alpha_prior_mean = alpha_prior_mean
        self.alpha_prior_std = alpha_prior_std
        self.log_beta_prior_mean = log_beta_prior_mean
        self.log_beta_prior_std = log_beta_prior_std
        self.newton_steps = newton_steps
        self.leave_one_out = leave_one_out
        self.random_state = random_state

    def _check_params(self) -> None:
        if self.class_prior not in CLASS_PRIORS:
            raise ValueError(f"expected class_prior in {CLASS_PRIORS}, got {self.class_prior!r}")
        for name in ("tol", "alpha_prior_std", "log_beta_prior_std", "prior_strength"):
            check_positive(name, getattr(self, name))
        for name in ("max_iter", "newton_steps"):
            value = getattr(self, name)
            if not (isinstance(value, int) and value >= 1):
                raise ValueError(f"expected integer {name} >= 1, got {value!r}")

    def _fit_codes(self, data: Encoded, init_alpha: Mapping[Hashable, float] | None,
                   init_beta: Mapping[Hashable, float] | None) -> None:
        self._check_params()
        alpha = align(init_alpha, data.workers, np.full(data.n_workers, 1.0))
        log_beta = np.log(np.clip(align(init_beta, data.items, vote_entropy_beta(data)),
                                  1e-6, None))
        log_prior = np.full(data.n_classes, -np.log(data.n_classes))
        cell = data.item * data.n_classes + data.label
        history: list[float] = []
        for n_iter in range(self.max_iter + 1):
            s = np.take(alpha, data.worker) * np.take(np.exp(log_beta), data.item)
            posterior, loglik = self._e_step(data, cell, s, log_prior)
            history.append(loglik + self._log_priors(alpha, log_beta, log_prior))
            if n_iter and abs(history[-1] - history[-2]) <= self.tol * abs(history[-2]):
                break
            if n_iter == self.max_iter:
                warnings.warn(f"GLAD did not converge in {self.max_iter} iterations "
                              f"(tol={self.tol})", ConvergenceWarning, stacklevel=4)
                break
            alpha, log_beta = self._m_step(data, posterior, cell, s, alpha, log_beta)
            if self.class_prior == "learned":
                counts = posterior.sum(axis=0) + self.prior_strength
                log_prior = np.log(counts / counts.sum())
        self.alpha_, self.beta_ = alpha, np.exp(log_beta)
        self.posterior_, self.class_prior_ = posterior, np.exp(log_prior)
        self.log_likelihood_, self.log_likelihood_history_ = loglik, history
        self.n_iter_ = n_iter
        self.converged_ = n_iter < self.max_iter

    @staticmethod
    def _e_step(data: Encoded, cell: np.ndarray, s: np.ndarray, log_prior: np.ndarray
                ) -> tuple[np.ndarray, float]:
        """Posterior over the true class per item and the marginal log-likelihood."""
        log_k1 = np.log(data.n_classes - 1)
        # every label adds log((1 - sigmoid(s)) / (K - 1)) to all classes of its item ...
        wrong = softplus(s)
        wrong += log_k1
        base = np.bincount(data.item, weights=wrong, minlength=data.n_items)
        # ... and its own class gets the log-odds s + log(K - 1) on top
        logq = np.bincount(cell, weights=s + log_k1, minlength=data.n_items * data.n_classes)
        logq = logq.reshape(data.n_items, -1) - base[:, None] + log_prior
        norm = logsumexp(logq, axis=1)
        return np.exp(logq - norm[:, None]), float(norm.sum())

    def _m_step(self, data: Encoded, posterior: np.ndarray, cell: np.ndarray, s: np.ndarray,
                alpha: np.ndarray, log_beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Alternating 1-D Newton steps on alpha (Q is concave in it) and log beta."""
        q = np.take(posterior, cell)
        q_alpha = q
        if self.leave_one_out:
            # take the label's own log-odds out of its item's posterior log-odds
            q_alpha = sigmoid(np.take(class_log_odds(posterior), cell) - s
                              - np.log(data.n_classes - 1))
        var_a, var_b = self.alpha_prior_std ** 2, self.log_beta_prior_std ** 2
        for step in range(self.newton_steps):
            bj = np.take(np.exp(log_beta), data.item)
            if step:
                s = np.take(alpha, data.worker) * bj
            alpha = _newton(data.worker, data.n_workers, q_alpha, sigmoid(s), bj, alpha,
                            self.alpha_prior_mean, var_a)
            s = np.take(alpha, data.worker) * bj
            log_beta = _newton(data.item, data.n_items, q, sigmoid(s), s, log_beta,
                               self.log_beta_prior_mean, var_b)
        return alpha, log_beta

    def _log_priors(self, alpha: np.ndarray, log_beta: np.ndarray, log_prior: np.ndarray
                    ) -> float:
        value = -0.5 * np.sum((alpha - self.alpha_prior_mean) ** 2) / self.alpha_prior_std ** 2
        value -= 0.5 * np.sum((log_beta - self.log_beta_prior_mean) ** 2) \
            / self.log_beta_prior_std ** 2
        if self.class_prior == "learned":
            value += self.prior_strength * float(log_prior.sum())
        return float(value)
