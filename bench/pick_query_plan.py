"""The pick statement at 1,000,000 images and 10,000 annotators: plan and latency.

    .venv/bin/python bench/pick_query_plan.py --images 1000000 --annotators 10000

Builds a scratch database on the local Postgres (default facecrowd_plan), fills it in SQL
(tests/site/scale_data.py), prints EXPLAIN ANALYZE of the statement that leases the next
image (annotation_site/labeling/sql.py) and the latency of 500 picks by random annotators,
each rolled back so the data stay as built.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scratch_db import recreate_migrated_database  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--images", type=int, default=1_000_000)
    p.add_argument("--annotators", type=int, default=10_000)
    p.add_argument("--picks", type=int, default=500)
    p.add_argument("--database", default="facecrowd_plan")
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    args = p.parse_args()

    os.environ.update(DATABASE_URL=f"{args.pg}/{args.database}", DJANGO_SETTINGS_MODULE="annotation_site.settings_test")
    recreate_migrated_database(args.pg, args.database, dict(os.environ))

    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from annotation_site.labeling import sql
    from tests.site.scale_data import populate

    t0 = time.perf_counter()
    populate(args.images, args.annotators)
    print(f"built {args.images:,} images, {args.annotators:,} annotators in {time.perf_counter() - t0:.0f} s")
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM accounts_user")
        annotators = [row[0] for row in cur.fetchall()]

    def params(annotator: int) -> dict:
        now = timezone.now()
        return {"annotator": annotator, "random_key": random.random(), "now": now,
                "expires_at": now + timedelta(minutes=10)}

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql.PICK_AND_LEASE, params(annotators[7]))
        print("\n".join(row[0] for row in cur.fetchall()))
        transaction.set_rollback(True)

    latencies = []
    for _ in range(args.picks):
        with transaction.atomic(), connection.cursor() as cur:
            t = time.perf_counter()
            cur.execute(sql.PICK_AND_LEASE, params(random.choice(annotators)))
            assert cur.fetchone() is not None
            latencies.append((time.perf_counter() - t) * 1000)
            transaction.set_rollback(True)
    ms = np.array(latencies)
    print(f"pick+lease statement over {args.picks} random annotators: mean {ms.mean():.2f} ms, "
          f"p50 {np.percentile(ms, 50):.2f} ms, p99 {np.percentile(ms, 99):.2f} ms")


if __name__ == "__main__":
    main()
