"""Shared fixtures: one tiny synthetic release per test session (a few seconds to draw)."""
from __future__ import annotations

import pytest

from training.synth import write_release


@pytest.fixture(scope="session")
def tiny_release(tmp_path_factory):
    """42 basic images (about 6 per class, 5:1 split) in RAF-DB's layout."""
    root = tmp_path_factory.mktemp("release")
    write_release(root, n=42, compound_fraction=0.0, seed=3, size=128)
    return root
