"""Checkpoints that can re-create a run: weights + config + data identity + code version."""
from __future__ import annotations

import subprocess
from pathlib import Path

import torch

import training
from training.errors import DataError
from training.models import ARCHITECTURE, BaseDCNN


def code_version() -> str:
    """Package version, plus the git commit when the code runs from a checkout."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=Path(__file__).parent,
                                capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return training.__version__
    sha = commit.stdout.strip()
    return f"{training.__version__}+git.{sha}" if commit.returncode == 0 and sha else training.__version__


def save_checkpoint(path: Path, model: BaseDCNN, aux: torch.nn.Module | None, *, config: dict,
                    release_id: str, manifest_hash: str, epoch: int, metrics: dict,
                    history: list) -> None:
    state = {
        "architecture": ARCHITECTURE, "num_classes": model.num_classes,
        "model": model.state_dict(), "aux": aux.state_dict() if aux is not None else None,
        "config": config, "release_id": release_id, "manifest_hash": manifest_hash,
        "code_version": code_version(), "epoch": epoch, "metrics": metrics, "history": history,
    }
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    tmp.replace(path)  # atomic: a crash mid-save never leaves a truncated checkpoint


def load_checkpoint(path: str | Path, num_classes: int | None = None) -> dict:
    """Load and check a checkpoint; DataError if it is not ours or has the wrong class count."""
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "checkpoint not found")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # torch raises many types for a corrupt or foreign file
        raise DataError(path, f"not a readable checkpoint ({error.__class__.__name__})") from None
    if not isinstance(state, dict) or state.get("architecture") != ARCHITECTURE:
        found = state.get("architecture") if isinstance(state, dict) else type(state).__name__
        raise DataError(path, f"checkpoint is for architecture {found!r}, expected {ARCHITECTURE!r}")
    if num_classes is not None:
        check_classes(state, path, num_classes)
    return state


def check_classes(state: dict, path: str | Path, num_classes: int) -> None:
    if state.get("num_classes") != num_classes:
        raise DataError(path, f"checkpoint has {state.get('num_classes')} classes, "
                              f"expected {num_classes}")


def model_from_checkpoint(state: dict) -> BaseDCNN:
    dropout = state.get("config", {}).get("dropout", 0.0)
    model = BaseDCNN(num_classes=state["num_classes"], dropout=dropout)
    model.load_state_dict(state["model"])
    return model
