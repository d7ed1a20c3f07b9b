"""A fresh, migrated scratch database on the local PostgreSQL, for the site benchmarks."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[1]


def recreate_migrated_database(pg_url: str, name: str, env: dict) -> str:
    """Drop and create database `name` on the server at `pg_url`, migrate it; return its URL.

    `env` is the environment for `manage.py migrate` (it must carry DATABASE_URL = the URL).
    """
    admin = psycopg2.connect(f"{pg_url}/postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return f"{pg_url}/{name}"
