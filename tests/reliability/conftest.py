"""Shared helpers for the reliability tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from reliability.csv_io import read_gold, read_labels
from reliability.simulation import SimulatedCrowd, simulate_crowd


def read_crowd(folder: Path) -> tuple[list[str], list[str], list[str], dict[str, str]]:
    """labels.csv columns and the gold dict of one ../shared/data/crowd/<name> folder."""
    table = read_labels(folder / "labels.csv")
    return table.items, table.workers, table.labels, read_gold(folder / "gold.csv")


@pytest.fixture(scope="session")
def crowd_3000() -> SimulatedCrowd:
    """3,000 items x 40 labels from 315 annotators (10% spammers, 2% adversaries)."""
    return simulate_crowd(3000, 40, 315, compound_fraction=0.1, random_state=0)
