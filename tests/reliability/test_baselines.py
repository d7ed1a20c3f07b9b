import numpy as np
import pytest

from reliability import DawidSkene, MajorityVote


def test_majority_vote_shares_and_ties():
    items = ["a", "a", "a", "b", "b"]
    model = MajorityVote(random_state=0).fit(items, [1, 2, 3, 1, 2], ["x", "x", "y", "x", "y"])
    assert model.posterior_.tolist() == [[2 / 3, 1 / 3], [0.5, 0.5]]
    assert model.labels_[0] == "x"
    tie_breaks = {MajorityVote(random_state=s).fit(items, [1, 2, 3, 1, 2],
                                                   ["x", "x", "y", "x", "y"]).labels_[1]
                  for s in range(20)}
    assert tie_breaks == {"x", "y"}  # ties go either way, not always to the first class
    assert np.all(model.alpha_ == 1) and model.converged_


def test_dawid_skene_learns_a_label_swapping_worker():
    """Worker z always swaps x and y: one-coin models cannot use him, D&S can."""
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 2, 200)
    items, workers, labels = [], [], []
    for j, t in enumerate(truth):
        for w, flip in (("a", 0.2), ("b", 0.3), ("z", 1.0)):
            items.append(j)
            workers.append(w)
            labels.append(int(t) ^ int(rng.random() < flip))
    model = DawidSkene().fit(items, workers, labels)
    acc = (model.labels_ == truth).mean()
    assert acc > 0.97
    z = model.workers_.tolist().index("z")
    assert model.confusion_[z, 0, 1] > 0.9 and model.confusion_[z, 1, 0] > 0.9
    assert model.converged_
    assert np.all(np.diff(model.log_likelihood_history_) > -1e-6)  # EM never goes down


def test_dawid_skene_bad_parameter():
    with pytest.raises(ValueError, match="expected smoothing > 0"):
        DawidSkene(smoothing=0).fit([1, 2], [1, 1], [0, 1])
