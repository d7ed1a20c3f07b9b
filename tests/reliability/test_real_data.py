"""GLAD on the real crowd data sets with gold (../shared/data/crowd) against crowd-kit.

crowd-kit's GLAD is measured here on the two sets where it runs in about 3 s; on the
others it takes 7-90 s each, so the test holds our GLAD to a majority-vote floor and
bench/em_vs_crowdkit.py does the full side-by-side comparison (docs/benchmarks.md).
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from reliability import GLAD, MajorityVote
from tests.shared_data import require_shared

from .conftest import read_crowd

MEASURED_HERE = ("bluebirds", "face")
MV_FLOOR = ("dog", "possent", "web", "product", "relevance", "adult")
TOLERANCE = 0.5  # accuracy points the issue allows below crowd-kit


def _accuracy(items, predicted, gold: dict[str, str]) -> float:
    lookup = dict(zip(np.asarray(items).tolist(), np.asarray(predicted).tolist()))
    return 100.0 * np.mean([lookup[item] == label for item, label in gold.items()])


def _ours(name: str, estimator) -> tuple[float, tuple]:
    items, workers, labels, gold = read_crowd(require_shared("data", "crowd", name))
    model = estimator.fit(items, workers, labels)
    return _accuracy(model.items_, model.labels_, gold), (items, workers, labels, gold)


@pytest.mark.slow
@pytest.mark.parametrize("name", MEASURED_HERE)
def test_glad_matches_crowdkit_glad(name):
    pd = pytest.importorskip("pandas")
    crowdkit = pytest.importorskip("crowdkit.aggregation")
    ours, (items, workers, labels, gold) = _ours(name, GLAD())
    frame = pd.DataFrame({"task": items, "worker": workers, "label": labels})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = crowdkit.GLAD().fit_predict(frame)
    reference = _accuracy(theirs.index, theirs.values, gold)
    assert ours >= reference - TOLERANCE, f"{name}: ours {ours:.2f} vs crowd-kit {reference:.2f}"


@pytest.mark.parametrize("name", MV_FLOOR)
def test_glad_is_not_below_majority_vote(name):
    ours, (items, workers, labels, gold) = _ours(name, GLAD())
    vote = MajorityVote(random_state=0).fit(items, workers, labels)
    floor = _accuracy(vote.items_, vote.labels_, gold) - TOLERANCE
    assert ours >= floor, f"{name}: GLAD {ours:.2f} below majority vote floor {floor:.2f}"
