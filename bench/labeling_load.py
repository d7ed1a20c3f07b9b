"""Load benchmark of the labeling loop: N annotator clients doing next + vote against gunicorn.

    .venv/bin/python bench/labeling_load.py --images 30000 --annotators 24 --seconds 30

Creates (or resets) the database named by --database on the local Postgres, migrates it,
bulk-inserts the images and annotators, starts gunicorn on it, and runs one keep-alive HTTP
connection per annotator (asyncio, so the client costs little CPU on the shared cores). Prints
votes/s and p50/p99 latency of each endpoint, then checks the invariants in the database.
Nothing is timed as a test; figures go into docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psycopg2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scratch_db import loop_invariant_problems, recreate_migrated_database  # noqa: E402


def parse_args() -> argparse.Namespace:
    return build_parser().parse_args()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--images", type=int, default=30_000)
    p.add_argument("--annotators", type=int, default=24)
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--target", type=int, default=40, help="labels per image")
    p.add_argument("--workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", 3)))
    p.add_argument("--threads", type=int, default=int(os.environ.get("GUNICORN_THREADS", 4)))
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--database", default="facecrowd_bench")
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL without database")
    return p


def setup_database(args: argparse.Namespace, env: dict) -> None:
    conn = psycopg2.connect(recreate_migrated_database(args.pg, args.database, env))
    with conn, conn.cursor() as cur:
        cur.execute(
            """INSERT INTO labeling_image (file, sha256, width, height, size_bytes, source, attributes,
                                           label_target, load, n_votes, random_key, created_at)
               SELECT 'faces/bench/' || g || '.png', md5(g::text) || md5((-g)::text), 100, 100, 1000,
                      'bench', '{}', %s, 0, 0, random(), now()
               FROM generate_series(1, %s) g""",
            [args.target, args.images],
        )
        cur.execute(
            """INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
                                          is_staff, is_active, date_joined, role)
               SELECT '!', false, 'load' || g, '', '', '', false, true, now(), 'annotator'
               FROM generate_series(1, %s) g""",
            [args.annotators],
        )
        cur.execute(
            """INSERT INTO authtoken_token (key, user_id, created)
               SELECT md5(random()::text) || substr(md5(random()::text), 1, 8), id, now()
               FROM accounts_user WHERE username LIKE 'load%%'"""
        )
        cur.execute("SELECT key FROM authtoken_token ORDER BY user_id")
        args.tokens = [row[0] for row in cur.fetchall()]
        cur.execute("ANALYZE")
    conn.close()


async def request(reader, writer, method: str, path: str, token: str, body: bytes = b"") -> tuple[int, bytes]:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\n"
        f"Accept: application/json\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    writer.write(head.encode() + body)
    status_line = await reader.readline()
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    payload = await reader.readexactly(length) if length else b""
    return int(status_line.split()[1]), payload


@dataclass(frozen=True)
class Loop:
    """One labeling server's next + vote cycle, so the same client drives facecrowd and a peer.

    `task_of(payload)` pulls the task id out of a 200 answer to `next_path`; `vote(task, rng)`
    gives the path and JSON body that label it; a `done_status` answer to next means nothing is
    left for this annotator; `vote_status` is the success code of the vote.
    """

    next_path: str
    task_of: Callable[[bytes], int]
    vote: Callable[[int, np.random.Generator], tuple[str, dict]]
    warm_path: str
    done_status: int = 204
    vote_status: int = 201


FACECROWD_LOOP = Loop(
    next_path="/api/v1/tasks/next/",
    task_of=lambda payload: json.loads(payload)["image"],
    vote=lambda image, rng: ("/api/v1/votes/", {"image": image, "label": int(rng.integers(1, 8))}),
    warm_path="/api/v1/me/",
)


async def annotator(port: int, token: str, stop_at: float, stats: dict, rng: np.random.Generator,
                    loop: Loop = FACECROWD_LOOP) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop_at:
            t0 = time.perf_counter()
            status, payload = await request(reader, writer, "GET", loop.next_path, token)
            stats["next"].append(time.perf_counter() - t0)
            if status == loop.done_status:
                break
            if status != 200:
                stats["errors"].append(("next", status, payload[:200]))
                continue
            task = loop.task_of(payload)
            path, body = loop.vote(task, rng)
            body = json.dumps(body).encode()
            t0 = time.perf_counter()
            status, payload = await request(reader, writer, "POST", path, token, body)
            stats["vote"].append(time.perf_counter() - t0)
            if status == loop.vote_status:
                stats["acked"].append((token, task))
            else:
                stats["errors"].append(("vote", status, payload[:200]))
    finally:
        writer.close()


async def warm_up(port: int, tokens: list[str], seconds: float = 3.0, path: str = FACECROWD_LOOP.warm_path) -> None:
    """Untimed requests first, so every worker thread has its connection and code paths loaded."""
    async def one(token: str) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        stop = time.perf_counter() + seconds
        while time.perf_counter() < stop:
            await request(reader, writer, "GET", path, token)
        writer.close()

    await asyncio.gather(*(one(t) for t in tokens))


async def drive_loop(port: int, tokens: list[str], seconds: float, loop: Loop = FACECROWD_LOOP) -> dict:
    """Warm up, then run one keep-alive client per token through `loop` for `seconds`."""
    await warm_up(port, tokens, path=loop.warm_path)
    stats = {"next": [], "vote": [], "acked": [], "errors": []}
    stop_at = time.perf_counter() + seconds
    rng = np.random.default_rng(0)
    started = time.perf_counter()
    await asyncio.gather(*(annotator(port, t, stop_at, stats, rng, loop) for t in tokens))
    stats["elapsed"] = time.perf_counter() - started
    return stats


async def drive(args: argparse.Namespace) -> dict:
    return await drive_loop(args.port, args.tokens, args.seconds)


def wait_until_up(port: int, timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def check_invariants(args: argparse.Namespace, acked: list) -> list[str]:
    return loop_invariant_problems(f"{args.pg}/{args.database}", table="labeling_vote", item="image_id",
                                   worker="annotator_id", target=args.target, acked=acked)


def run(args: argparse.Namespace) -> dict:
    """Set up the scratch database, serve it with gunicorn, drive the loop; return the raw stats."""
    env = {
        **os.environ,
        "DATABASE_URL": f"{args.pg}/{args.database}",
        "FACECROWD_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnop",
        "FACECROWD_DEBUG": "0",
        "FACECROWD_LABELS_PER_IMAGE": str(args.target),
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_THREADS": str(args.threads),
    }
    env.pop("GUNICORN_ACCESSLOG", None)
    setup_database(args, env)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "annotation_site.wsgi:application", "--config", "gunicorn.conf.py"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_until_up(args.port)
        stats = asyncio.run(drive(args))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return stats


def main() -> None:
    args = parse_args()
    stats = run(args)
    report(args, stats)


def print_figures(images: int, annotators: int, stats: dict, server: str) -> None:
    """The figure lines (shared with the peer benchmarks, so their outputs read alike)."""
    votes = len(stats["acked"])
    print(f"images={images} annotators={annotators} seconds={stats['elapsed']:.1f} "
          f"{server} cores={os.cpu_count()}")
    print(f"votes: {votes}  votes/s: {votes / stats['elapsed']:.1f}  errors: {len(stats['errors'])}")
    for name in ("next", "vote"):
        ms = np.array(stats[name]) * 1000
        print(f"{name:>5}: n={len(ms)} p50={np.percentile(ms, 50):.1f} ms  p99={np.percentile(ms, 99):.1f} ms  max={ms.max():.1f} ms")
    for error in stats["errors"][:5]:
        print("error:", error)


def report(args: argparse.Namespace, stats: dict) -> None:
    print_figures(args.images, args.annotators, stats, f"gunicorn={args.workers}x{args.threads} (gthread)")
    problems = check_invariants(args, stats["acked"])
    print("invariants:", "OK (no double vote, no image over target, no acknowledged vote lost)" if not problems else problems)
    if problems or stats["errors"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
