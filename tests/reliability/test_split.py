import numpy as np
import pytest

from reliability import stratified_split


def test_stratified_five_to_one_and_reproducible():
    labels = np.repeat(["a", "b", "c"], [600, 120, 7])
    train, test = stratified_split(labels, random_state=3)
    assert len(np.intersect1d(train, test)) == 0 and len(train) + len(test) == len(labels)
    for name, n_test in (("a", 100), ("b", 20), ("c", 1)):
        assert (labels[test] == name).sum() == n_test
    again = stratified_split(labels, random_state=3)
    assert np.array_equal(again[1], test)
    assert not np.array_equal(stratified_split(labels, random_state=4)[1], test)


def test_split_errors():
    with pytest.raises(ValueError, match="expected a non-empty 1-D array"):
        stratified_split([])
    with pytest.raises(ValueError, match="expected integer train_ratio >= 1"):
        stratified_split([1, 2], train_ratio=0)
