"""Locate ../shared (real data sets). Skip only when it is absent and CI did not ask for it.

`.ci/run` sets FACECROWD_REQUIRE_SHARED=1: there a missing folder is a failure, not a skip.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    return Path(os.environ.get("FACECROWD_SHARED", REPO_ROOT.parent / "shared"))


def require_shared(*parts: str) -> Path:
    """Path to ../shared/<parts>; skip (or fail in CI) when it is not there."""
    path = shared_dir().joinpath(*parts)
    if path.exists():
        return path
    message = f"{path} is not present (real data lives in ../shared)"
    if os.environ.get("FACECROWD_REQUIRE_SHARED") == "1":
        pytest.fail(message + " and FACECROWD_REQUIRE_SHARED=1")
    pytest.skip(message)
