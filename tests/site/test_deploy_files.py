"""docker-compose.yml is valid for Compose and names every service of the design."""
from __future__ import annotations

import os
import shutil
import subprocess

import yaml

from tests.shared_data import REPO_ROOT, unavailable

SERVICES = {"postgres", "redis", "web", "worker", "beat", "trainer"}


def _compose_command() -> list[str]:
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    unavailable("neither `docker compose` nor `docker-compose` is installed")


def test_compose_config_is_valid():
    env = {**os.environ, "POSTGRES_PASSWORD": "x", "FACECROWD_SECRET_KEY": "y", "TORCH_INDEX_URL": "z"}
    result = subprocess.run(
        [*_compose_command(), "-f", str(REPO_ROOT / "docker-compose.yml"), "config"],
        capture_output=True, text=True, env=env, cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    assert set(config["services"]) == SERVICES
    trainer = config["services"]["trainer"]
    assert trainer["deploy"]["resources"]["reservations"]["devices"][0]["capabilities"] == ["gpu"]
    assert "training" in " ".join(trainer["command"])


def test_compose_refuses_to_start_without_secrets():
    env = {k: v for k, v in os.environ.items() if k not in {"POSTGRES_PASSWORD", "FACECROWD_SECRET_KEY"}}
    result = subprocess.run(
        [*_compose_command(), "-f", str(REPO_ROOT / "docker-compose.yml"), "config"],
        capture_output=True, text=True, env=env, cwd=REPO_ROOT,
    )
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr or "FACECROWD_SECRET_KEY" in result.stderr
