"""Locate ../shared (real data sets); skip-or-fail for missing real components.

Skip only when a component is absent and CI did not ask for it.

`.ci/run` sets FACECROWD_REQUIRE_SHARED=1: there a missing folder is a failure, not a skip.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    return Path(os.environ.get("FACECROWD_SHARED", REPO_ROOT.parent / "shared"))


def require_shared(*parts: str) -> Path:
    """Path to ../shared/<parts>; skip (or fail in CI) when it is not there."""
    path = shared_dir().joinpath(*parts)
    if path.exists():
        return path
    unavailable(f"{path} is not present (real data lives in ../shared)", required_by="FACECROWD_REQUIRE_SHARED")


def unavailable(message: str, *, required_by: str = "FACECROWD_REQUIRE_SERVICES") -> NoReturn:
    """Skip a test whose real component is missing, unless CI said it must be there
    (`.ci/run` sets FACECROWD_REQUIRE_SHARED=1 and FACECROWD_REQUIRE_SERVICES=1): then fail."""
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{message} ({required_by}=1: it must be present)")
    pytest.skip(message)
