import numpy as np
import pytest

from reliability.simulation import RAF_DB_CLASS_PRIORS, CrowdSimulator, simulate_crowd


def test_crowd_simulator_pool_and_vote():
    sim = CrowdSimulator(50, spammer_fraction=0.2, adversary_fraction=0.1, random_state=0)
    assert len(sim.alphas_) == 50
    assert (sim.kinds_ == "spammer").sum() == 10 and (sim.kinds_ == "adversary").sum() == 5
    assert np.all(sim.alphas_[sim.kinds_ == "adversary"] < 0.5)
    best = int(np.argmax(sim.alphas_))
    rng = np.random.default_rng(1)
    one_hot = np.eye(7)[3]
    votes = [sim.label(best, one_hot, beta=20.0, rng=rng) for _ in range(50)]
    assert votes == [3] * 50  # sigmoid(alpha * 20) ~ 1: always the truth


def test_compound_blend_votes_follow_the_distribution():
    sim = CrowdSimulator(1, spammer_fraction=0, adversary_fraction=0, random_state=0)
    rng = np.random.default_rng(2)
    blend = np.array([0.7, 0, 0, 0.3, 0, 0, 0])
    votes = np.array([sim.label(0, blend, beta=50.0, rng=rng) for _ in range(2000)])
    assert set(votes.tolist()) == {0, 3}
    assert (votes == 0).mean() == pytest.approx(0.7, abs=0.04)


def test_spammer_is_right_half_the_time():
    sim = CrowdSimulator(1, spammer_fraction=1.0, adversary_fraction=0, random_state=0)
    rng = np.random.default_rng(3)
    votes = np.array([sim.label(0, np.eye(7)[6], rng=rng) for _ in range(4000)])
    assert (votes == 6).mean() == pytest.approx(0.5, abs=0.04)  # sigmoid(0) = 1/2
    wrong = votes[votes != 6]
    assert np.bincount(wrong, minlength=6)[:6].min() > 0.1 * len(wrong)  # uniform others


@pytest.mark.parametrize("kwargs, message", [
    ({"n_annotators": 0}, "expected integer n_annotators >= 1"),
    ({"n_annotators": 3, "spammer_fraction": 0.8, "adversary_fraction": 0.5}, "expected fractions"),
])
def test_simulator_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        CrowdSimulator(**kwargs)


def test_simulate_crowd_shape_priors_and_distinct_workers():
    crowd = simulate_crowd(4000, 10, 30, compound_fraction=0.2, random_state=5)
    assert len(crowd.labels) == 40000
    pairs = crowd.items.astype(np.int64) * 30 + crowd.workers
    assert len(np.unique(pairs)) == len(pairs)  # no annotator twice on an image
    shares = np.bincount(crowd.true_labels, minlength=7) / 4000
    assert shares == pytest.approx(RAF_DB_CLASS_PRIORS, abs=0.02)
    n_blend = ((crowd.true_distribution > 0).sum(axis=1) == 2).sum()
    assert n_blend == pytest.approx(800, rel=0.1)
    assert crowd.classes[0] == "surprise"
