import numpy as np
import pytest

from reliability import CLASSES, estimate
from reliability.simulation import simulate_crowd

SUMMARY_KEYS = {"n_items", "n_workers", "n_labels", "n_classes", "method", "n_iter",
                "converged", "log_likelihood", "cronbach_alpha", "krippendorff_alpha",
                "seconds", "n_duplicates"}


@pytest.fixture(scope="module")
def raf_crowd():
    crowd = simulate_crowd(1500, 40, 60, compound_fraction=0.15, adversary_fraction=0.05,
                           random_state=4)
    names = np.array(CLASSES, dtype=object)[crowd.labels]
    return crowd, names


def test_filtering_drops_adversaries_and_refits(raf_crowd):
    crowd, names = raf_crowd
    result = estimate(crowd.items, crowd.workers, names, classes=CLASSES, min_alpha=0.0,
                      min_compound_size=10)
    adversaries = set(np.flatnonzero(crowd.kinds == "adversary").tolist())
    dropped = set(result.workers[~result.kept].tolist())
    assert adversaries <= dropped
    assert SUMMARY_KEYS <= set(result.summary)
    assert result.summary["n_workers_kept"] == result.kept.sum() < 60
    assert result.label.dtype == object and set(result.label) <= set(CLASSES)
    assert np.allclose(result.distribution.sum(axis=1), 1)
    assert set(result.subset) <= {"single", "compound", ""}
    assert result.summary["n_single"] > 1000
    named = set(result.compound[result.subset == "compound"])
    assert named <= set(result.summary["compound_sizes"])


def test_exclude_and_warm_start(raf_crowd):
    crowd, names = raf_crowd
    first = estimate(crowd.items, crowd.workers, names, classes=CLASSES, exclude=[0, 1])
    assert not first.kept[:2].any() and first.kept[2:].all()
    assert np.isnan(first.alpha[:2]).all()
    again = estimate(crowd.items, crowd.workers, names, classes=CLASSES, exclude=[0, 1],
                     warm_start=first.warm_start())
    assert again.summary["n_iter"] < first.summary["n_iter"]


@pytest.mark.parametrize("method", ["mv", "ds"])
def test_other_methods_fill_the_same_result(raf_crowd, method):
    crowd, names = raf_crowd
    result = estimate(crowd.items, crowd.workers, names, method=method)
    assert result.summary["method"] == method
    assert np.all(result.beta == 1.0)
    accuracy = (result.label == np.array(CLASSES)[crowd.true_labels]).mean()
    assert accuracy > 0.9


def test_bad_method():
    with pytest.raises(ValueError, match="expected method in"):
        estimate([1, 2], [1, 1], [0, 1], method="em")


def test_filters_that_leave_nobody_are_errors():
    with pytest.raises(ValueError, match="expected at least one annotator not excluded"):
        estimate([1, 2], ["a", "a"], [0, 1], exclude=["a"])
    with pytest.raises(ValueError, match="expected min_alpha to keep some annotator"):
        estimate([1, 2, 1, 2], ["a", "a", "b", "b"], [0, 1, 0, 1], min_alpha=100.0)
