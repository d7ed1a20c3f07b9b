"""Scratch databases on the local PostgreSQL for the labeling benchmarks, and the invariant
check both facecrowd's and the peer's loop are held to."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[1]


def recreate_database(pg_url: str, name: str) -> str:
    """Drop and create database `name` on the server at `pg_url`; return its URL."""
    admin = psycopg2.connect(f"{pg_url}/postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return f"{pg_url}/{name}"


def recreate_migrated_database(pg_url: str, name: str, env: dict) -> str:
    """A fresh facecrowd database; `env` is for `manage.py migrate` (DATABASE_URL = the URL)."""
    url = recreate_database(pg_url, name)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return url


def loop_invariant_problems(db_url: str, *, table: str, item: str, worker: str, target: int,
                            acked: list, noun: str = "vote") -> list[str]:
    """The three invariants of issue #2 on a table of (item, worker) answers: no worker answers
    an item twice, no item gets more than `target`, and the stored answers are exactly the
    acknowledged ones (pairs of API token and item). Empty list = all hold."""
    conn = psycopg2.connect(db_url)
    problems = []
    with conn.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} GROUP BY {item}, {worker} HAVING count(*) > 1) d")
        if n := cur.fetchone()[0]:
            problems.append(f"a worker gave two {noun}s on one item ({n} pairs)")
        cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} GROUP BY {item} HAVING count(*) > %s) o", [target])
        if n := cur.fetchone()[0]:
            problems.append(f"an item got more than {target} {noun}s ({n} items)")
        cur.execute(f"SELECT t.key, a.{item} FROM {table} a JOIN authtoken_token t ON t.user_id = a.{worker}")
        stored = set(cur.fetchall())
        if stored != set(acked):
            problems.append(f"acknowledged {len(set(acked))} {noun}s, stored {len(stored)}: lost or phantom {noun}s")
    conn.close()
    return problems
