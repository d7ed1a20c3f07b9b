import krippendorff
import numpy as np
import pytest

from reliability import cronbach_alpha, krippendorff_alpha, rating_slots
from reliability._encode import encode


def _cronbach_by_covariance(x):
    """Cronbach's alpha from the item covariance matrix: R/(R-1) (1 - tr C / sum C)."""
    cov = np.cov(x, rowvar=False)
    r = x.shape[1]
    return r / (r - 1) * (1 - np.trace(cov) / cov.sum())


def test_cronbach_hand_example():
    slots = np.array([[0, 0, 0], [0, 0, 1], [1, 1, 1], [1, 1, 0]])
    per_class = cronbach_alpha(slots, 2).per_class
    # class 1 indicator = slots; slot variances (ddof=1) 1/3 each; row totals 0, 1, 3, 2
    # have variance 5/3; alpha = 3/2 * (1 - 1 / (5/3)) = 0.6
    expected = 0.6
    assert per_class[1] == pytest.approx(expected)
    assert per_class[0] == pytest.approx(expected)  # the complement has the same alpha


def test_cronbach_matches_covariance_formula():
    rng = np.random.default_rng(1)
    truth = rng.integers(0, 4, 300)
    slots = np.where(rng.random((300, 8)) < 0.6, truth[:, None], rng.integers(0, 4, (300, 8)))
    result = cronbach_alpha(slots, 4)
    expected = [_cronbach_by_covariance((slots == k).astype(float)) for k in range(4)]
    assert result.per_class == pytest.approx(expected)
    assert result.value == pytest.approx(np.mean(expected))


def test_rating_slots_takes_the_first_labels_in_input_order():
    data = encode([1, 2, 1, 1, 2, 3], list("abcdef"), [0, 1, 1, 0, 0, 1])
    # item 3 has one label -> R = 2 (fewest labels of an item with at least two)
    assert rating_slots(data).tolist() == [[0, 1], [1, 0]]
    assert rating_slots(data, 3).tolist() == [[0, 1, 0]]


def _random_ratings(seed, n_raters=6, n_units=40, k=4, missing=0.3):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, k, n_units)
    noise = rng.integers(0, k, (n_raters, n_units))
    data = np.where(rng.random((n_raters, n_units)) < 0.7, truth, noise)
    data = data.astype(float)
    data[rng.random(data.shape) < missing] = np.nan
    return data


def _votes(reliability_data, k):
    votes = np.zeros((reliability_data.shape[1], k))
    for row in reliability_data:
        for u, v in enumerate(row):
            if not np.isnan(v):
                votes[u, int(v)] += 1
    return votes


def _coincidence_alpha(reliability_data):
    """Krippendorff's nominal alpha from its definition, by loops over units and pairs."""
    values = sorted({v for v in reliability_data.ravel() if not np.isnan(v)})
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for unit in reliability_data.T:
        seen = [index[v] for v in unit if not np.isnan(v)]
        for a in range(len(seen)):
            for b in range(len(seen)):
                if a != b:
                    o[seen[a], seen[b]] += 1 / (len(seen) - 1)
    n_c, n = o.sum(axis=1), o.sum()
    return 1 - (n - 1) * (n - np.trace(o)) / (n * n - np.sum(n_c * n_c))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_krippendorff_matches_the_definition_and_the_raters_path(seed):
    data = _random_ratings(seed)
    ours = krippendorff_alpha(_votes(data, 4))
    assert ours.value == pytest.approx(_coincidence_alpha(data), rel=1e-10)
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal",
                                value_domain=[0, 1, 2, 3])
    assert ours.value == pytest.approx(theirs, rel=1e-10)
    for k in range(4):
        binary = np.where(np.isnan(data), np.nan, (data == k).astype(float))
        assert ours.per_class[k] == pytest.approx(_coincidence_alpha(binary), rel=1e-10)


def test_krippendorff_hand_example():
    # two units, each rated (a, a) and (a, b): o_aa = 2, o_ab = o_ba = 1, n = 4, n_a = 3
    # alpha = 1 - (n-1) o_ab*2 / (n^2 - n_a^2 - n_b^2) = 1 - 3*2/(16-9-1) = 0
    result = krippendorff_alpha(np.array([[2, 0], [1, 1]]))
    assert result.value == pytest.approx(0.0)
    assert np.isnan(krippendorff_alpha(np.array([[1, 0], [0, 1]])).value)  # nothing pairable
    one_value = krippendorff_alpha(np.array([[3, 0], [2, 0]]))
    assert np.isnan(one_value.value) and np.isnan(one_value.per_class).all()
