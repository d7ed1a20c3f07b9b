import numpy as np
import pytest

from reliability import CLASSES, ground_truth_vector, normalise, partition
from reliability._encode import encode

S, F, D, H, SA, A, N = range(7)  # RAF-DB class indexes


def _g(**weights):
    g = np.zeros(7)
    for name, value in weights.items():
        g[CLASSES.index(name)] = value
    return g


@pytest.mark.parametrize("g, subset, compound", [
    (_g(happiness=10, surprise=1), "single", ""),               # one class above the mean
    (_g(happiness=3, surprise=3), "compound", "Happily Surprised"),  # a tie: two valid
    (_g(happiness=3, surprise=3, fear=3), "", ""),               # three valid: neither
    (np.full(7, 2.0), "", ""),                                   # all at the mean: none valid
    (_g(neutral=10, happiness=1, surprise=1), "single", ""),     # neutral single wins
    (_g(neutral=5, sadness=4, anger=3), "compound", "Sadly Angry"),  # neutral dropped first
    (_g(fear=4, disgust=4), "compound", "Fearfully Disgusted"),
    (_g(happiness=4, sadness=4), "compound", "happiness+sadness"),
])
def test_partition_rules(g, subset, compound):
    parts = partition(g[None, :], CLASSES)
    assert parts.subset.tolist() == [subset]
    assert parts.compound.tolist() == [compound]


def test_mean_is_over_all_seven_then_over_six():
    # mean over 7 = 1.0: only happiness (6) > 1; surprise (1) is at the mean -> single.
    # without neutral the mean over 6 is 7/6 and still only happiness -> not compound.
    parts = partition(_g(happiness=6, surprise=1)[None, :], CLASSES)
    assert parts.subset.tolist() == ["single"]
    # neutral=2 raises the 7-mean to 9/7 ~ 1.29, so neutral is valid too: not single;
    # the 6-mean is 7/6 ~ 1.17: happiness only -> not compound either
    parts = partition(_g(happiness=6, surprise=1, neutral=2)[None, :], CLASSES)
    assert parts.subset.tolist() == [""]


def test_small_compound_classes_are_dropped():
    g = np.stack([_g(happiness=3, surprise=3)] * 3 + [_g(fear=2, disgust=2)])
    parts = partition(g, CLASSES, min_compound_size=2)
    assert parts.subset.tolist() == ["compound"] * 3 + [""]
    assert parts.compound_sizes == {"Happily Surprised": 3}
    assert parts.dropped_compounds == {"Fearfully Disgusted": 1}


def test_ground_truth_vector_weights_kept_annotators():
    data = encode([0, 0, 0, 1], ["u", "v", "w", "u"], [H, H, S, N], classes=list(range(7)))
    alpha = np.array([2.0, 0.5, -1.0])
    g = ground_truth_vector(data, alpha, np.array([True, True, False]))
    assert g[0].tolist() == _g(happiness=2.5).tolist()
    assert g[1].tolist() == _g(neutral=2.0).tolist()
    dist = normalise(np.array([[2.0, -1.0, 2.0], [0.0, 0.0, 0.0]]))
    assert dist.tolist() == [[0.5, 0.0, 0.5], [1 / 3, 1 / 3, 1 / 3]]
