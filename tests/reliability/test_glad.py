import math
import warnings

import numpy as np
import pytest
from scipy.stats import spearmanr

from reliability import GLAD, ConvergenceWarning
from reliability._encode import encode
from reliability.simulation import simulate_crowd


def _sig(x):
    return 1 / (1 + math.exp(-x))


def test_e_step_matches_hand_computation():
    """One item, labels (0, 0, 1) with alpha*beta = (1, 2, 0.5), K = 3, uniform prior."""
    data = encode([0, 0, 0], [0, 1, 2], [0, 0, 1], classes=[0, 1, 2])
    s = np.array([1.0, 2.0, 0.5])
    cell = data.item * 3 + data.label
    posterior, loglik = GLAD._e_step(data, cell, s, np.log(np.full(3, 1 / 3)))
    wrong = [(1 - _sig(v)) / 2 for v in s]
    like = [_sig(1) * _sig(2) * wrong[2],
            wrong[0] * wrong[1] * _sig(0.5),
            wrong[0] * wrong[1] * wrong[2]]
    assert posterior[0] == pytest.approx([v / sum(like) for v in like], rel=1e-12)
    assert loglik == pytest.approx(math.log(sum(like) / 3), rel=1e-12)


def _penalised_loglik(model, items, workers, labels, alpha, log_beta):
    """Naive, loop-based GLAD log-posterior (K = 2, uniform prior) for the gradient check."""
    total = 0.0
    for j in set(items):
        per_class = []
        for c in (0, 1):
            p = 0.5
            for i, w, t in zip(items, workers, labels):
                if i == j:
                    a = _sig(alpha[w] * math.exp(log_beta[j]))
                    p *= a if t == c else 1 - a
            per_class.append(p)
        total += math.log(sum(per_class))
    mean, std = model.alpha_prior_mean, model.alpha_prior_std
    total -= 0.5 * sum((a - mean) ** 2 for a in alpha) / std ** 2
    total -= 0.5 * sum(b ** 2 for b in log_beta) / model.log_beta_prior_std ** 2
    return total


def test_plain_em_fixed_point_is_a_stationary_point():
    """At convergence of plain EM the penalised log-likelihood's gradient is ~0.

    The gradient is taken by finite differences of an independent loop implementation.
    """
    items = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    workers = [0, 1, 2, 0, 1, 3, 1, 2, 3, 0, 2, 3, 0, 1, 2]
    labels = [0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0]
    model = GLAD(leave_one_out=False, tol=1e-13, max_iter=5000, newton_steps=3)
    model.fit(items, workers, labels)
    alpha, log_beta = list(model.alpha_), list(np.log(model.beta_))
    for vec in (alpha, log_beta):
        for k in range(len(vec)):
            vec[k] += 1e-6
            up = _penalised_loglik(model, items, workers, labels, alpha, log_beta)
            vec[k] -= 2e-6
            down = _penalised_loglik(model, items, workers, labels, alpha, log_beta)
            vec[k] += 1e-6
            assert (up - down) / 2e-6 == pytest.approx(0, abs=1e-4)
    assert model.log_likelihood_history_[-1] == pytest.approx(
        _penalised_loglik(model, items, workers, labels, alpha, log_beta), rel=1e-9)


def test_toy_crowd_ranks_the_contrarian_last():
    # workers a, b, c agree on every item; worker z always answers something else
    items = [i for i in range(6) for _ in range(4)]
    truth = [0, 1, 2, 0, 1, 2]
    workers = ["a", "b", "c", "z"] * 6
    labels = [lab for t in truth for lab in (t, t, t, (t + 1) % 3)]
    model = GLAD().fit(items, workers, labels)
    assert model.labels_.tolist() == truth
    alpha = dict(zip(model.workers_.tolist(), model.alpha_))
    assert alpha["z"] < 0 < min(alpha["a"], alpha["b"], alpha["c"])
    assert np.allclose(model.posterior_.sum(axis=1), 1)


@pytest.mark.parametrize("seed", [0, 1])
def test_recovers_simulated_alpha_at_40_labels_per_item(seed):
    crowd = simulate_crowd(3000, 40, 100, compound_fraction=0.1, random_state=seed)
    model = GLAD().fit(crowd.items, crowd.workers, crowd.labels)
    assert spearmanr(model.alpha_, crowd.alpha).statistic >= 0.95
    assert spearmanr(model.beta_, crowd.beta).statistic >= 0.6
    assert (model.posterior_.argmax(axis=1) == crowd.true_labels).mean() >= 0.97
    assert model.converged_


def test_warm_start_converges_faster(crowd_3000):
    c = crowd_3000
    cold = GLAD().fit(c.items, c.workers, c.labels)
    warm = GLAD().fit(c.items, c.workers, c.labels,
                      init_alpha=dict(zip(cold.workers_.tolist(), cold.alpha_)),
                      init_beta=dict(zip(cold.items_.tolist(), cold.beta_)))
    assert warm.n_iter_ < cold.n_iter_
    assert np.corrcoef(warm.alpha_, cold.alpha_)[0, 1] > 0.999


def test_non_convergence_warns_not_crashes(crowd_3000):
    c = crowd_3000
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        model = GLAD(max_iter=1).fit(c.items, c.workers, c.labels)
    assert not model.converged_ and model.n_iter_ == 1


@pytest.mark.parametrize("params, message", [
    ({"class_prior": "flat"}, "expected class_prior in"),
    ({"tol": 0}, "expected tol > 0, got 0"),
    ({"max_iter": 0}, "expected integer max_iter >= 1, got 0"),
])
def test_bad_parameters(params, message):
    with pytest.raises(ValueError, match=message):
        GLAD(**params).fit([1, 2], [1, 1], [0, 1])


def test_sklearn_conventions():
    model = GLAD(tol=1e-3)
    assert model.get_params()["tol"] == 1e-3
    assert model.set_params(max_iter=7).max_iter == 7
    assert repr(model).startswith("GLAD(tol=0.001")
    with pytest.raises(ValueError, match="expected a parameter among"):
        model.set_params(bogus=1)


def test_any_hashable_ids_and_learned_prior():
    items = [("img", 1), ("img", 1), ("img", 2), ("img", 2)]
    workers = [1, "1", 1, "1"]  # an int and a str id are two annotators
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = GLAD(class_prior="learned").fit(items, workers, ["x", "x", "y", "y"])
    assert len(model.workers_) == 2
    assert model.labels_.tolist() == ["x", "y"]
    assert model.class_prior_.sum() == pytest.approx(1)
