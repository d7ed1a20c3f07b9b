"""The pick query walks the partial index, never the image table, at scale (Postgres plans).

100,000 images and 2,000 annotators with votes are generated in SQL, then the exact queries
that assignment.py sends are EXPLAINed. docs/labeling.md shows the same plan at 1,000,000
images and 10,000 annotators (bench/pick_query_plan.py).
"""
from __future__ import annotations

import pytest
from django.db import connection

from annotation_site.labeling.assignment import eligible_images
from annotation_site.accounts.models import User

N_IMAGES = 100_000
N_ANNOTATORS = 2_000


def _populate() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO labeling_image (file, sha256, width, height, size_bytes, source, attributes,
                                        label_target, load, n_votes, random_key, created_at)
            SELECT 'faces/x' || g || '.png', md5(g::text) || md5((g + 1)::text), 100, 100, 1000, '', '{}',
                   40, (g %% 41), (g %% 41), random(), now()
            FROM generate_series(1, %s) AS g
            """,
            [N_IMAGES],
        )
        cursor.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
                                       is_staff, is_active, date_joined, role)
            SELECT '!', false, 'bulk' || g, '', '', '', false, true, now(), 'annotator'
            FROM generate_series(1, %s) AS g
            """,
            [N_ANNOTATORS],
        )
        # Each annotator has voted on 20 images of the least-loaded bucket (g % 41 = 0, load 0).
        cursor.execute(
            """
            INSERT INTO labeling_vote (image_id, annotator_id, label, created_at)
            SELECT base.id - 1 + 41 * (1 + (u.r * 20 + j) %% 2400), u.id, 1 + j %% 7, now()
            FROM (SELECT min(id) AS id FROM labeling_image) base,
                 (SELECT id, row_number() OVER (ORDER BY id) AS r FROM accounts_user WHERE username LIKE 'bulk%%') u,
                 generate_series(0, 19) AS j
            """,
            [],
        )
        # Live leases and skips of other annotators (each table holds one row per annotator).
        for table in ("labeling_lease", "labeling_skip"):
            extra = ", expires_at" if table == "labeling_lease" else ""
            cursor.execute(
                f"""
                INSERT INTO {table} (image_id, annotator_id, created_at{extra})
                SELECT (SELECT min(id) FROM labeling_image) + u.id * 3 + {int(table == 'labeling_skip')}, u.id, now()
                       {", now() + interval '10 minutes'" if extra else ""}
                FROM accounts_user u WHERE u.username LIKE 'bulk%%'
                """,
                [],
            )
        cursor.execute("ANALYZE")


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.slow
def test_pick_queries_use_the_partial_index(requires_postgres):
    _populate()
    annotator = User.objects.filter(username="bulk7").get()
    eligible = eligible_images(annotator=annotator).select_for_update(skip_locked=True)
    first = eligible.order_by("load", "random_key").only("id", "load")[:1]
    bucket = eligible.filter(load=0, random_key__gte=0.5).order_by("random_key").only("id", "load")[:1]
    for plan in (_plan(first), _plan(bucket)):
        assert "image_pick_idx" in plan, plan
        assert "Seq Scan" not in plan, plan  # not on images, votes, leases or skips
        assert "Sort" not in plan, plan  # rows come in index order, nothing is sorted
        for table in ("labeling_vote", "labeling_lease", "labeling_skip"):
            assert f"on {table}" in plan, plan  # each exclusion is an indexed anti-join
