"""Every setting that comes from the environment, in one place (listed in .env.example).

Development defaults exist only when FACECROWD_DEBUG=1; outside development a missing secret
is an error at start-up rather than a silent, guessable default.
"""
from __future__ import annotations

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)  # optional; silently absent

DEBUG: bool = env.bool("FACECROWD_DEBUG", default=False)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me-0123456789abcdef"
SECRET_KEY: str = env.str("FACECROWD_SECRET_KEY", default=_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured(
        "FACECROWD_SECRET_KEY is not set (it has a default only with FACECROWD_DEBUG=1)"
    )

ALLOWED_HOSTS: list[str] = env.list("FACECROWD_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("FACECROWD_CSRF_TRUSTED_ORIGINS", default=[])

# Empty means the embedded default: SQLite in var/ and Celery tasks run in-process.
DATABASE_URL: str = env.str("DATABASE_URL", default="")
REDIS_URL: str = env.str("REDIS_URL", default="")

MEDIA_ROOT: Path = Path(env.str("FACECROWD_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
LABELS_PER_IMAGE: int = env.int("FACECROWD_LABELS_PER_IMAGE", default=40)
LEASE_SECONDS: int = env.int("FACECROWD_LEASE_SECONDS", default=600)
MAX_IMAGE_BYTES: int = env.int("FACECROWD_MAX_IMAGE_BYTES", default=10 * 1024 * 1024)
MAX_IMAGE_PIXELS: int = env.int("FACECROWD_MAX_IMAGE_PIXELS", default=40_000_000)
LOGIN_RATE: str = env.str("FACECROWD_LOGIN_RATE", default="10/min")
LOGIN_ADDRESS_RATE: str = env.str("FACECROWD_LOGIN_ADDRESS_RATE", default="60/min")
LOG_LEVEL: str = env.str("FACECROWD_LOG_LEVEL", default="INFO")
