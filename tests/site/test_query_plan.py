"""The pick query walks the partial index, never the image table, at scale (Postgres plans).

100,000 images and 2,000 annotators with votes are generated in SQL, then the exact queries
that assignment.py sends are EXPLAINed. docs/labeling.md shows the same plan at 1,000,000
images and 10,000 annotators (bench/pick_query_plan.py).
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from annotation_site.accounts.models import User
from annotation_site.labeling import sql as labeling_sql
from annotation_site.labeling.assignment import eligible_images
from tests.site.scale_data import populate

N_IMAGES = 100_000
N_ANNOTATORS = 2_000


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    return _explain(sql, params)


def _explain(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.slow
def test_pick_queries_use_the_partial_index(requires_postgres):
    populate(N_IMAGES, N_ANNOTATORS)
    annotator = User.objects.filter(username="bulk7").get()
    eligible = eligible_images(annotator=annotator).select_for_update(skip_locked=True)
    first = eligible.order_by("load", "random_key").only("id", "load")[:1]
    bucket = eligible.filter(load=0, random_key__gte=0.5).order_by("random_key").only("id", "load")[:1]
    now = timezone.now()
    statement = _explain(  # EXPLAIN ANALYZE runs it: the lease it writes is rolled back with the test
        labeling_sql.PICK_AND_LEASE,
        {"annotator": annotator.pk, "random_key": 0.5, "now": now, "expires_at": now + timedelta(minutes=10)},
    )
    assert "Insert on labeling_lease (actual rows=1" in statement
    for plan in (_plan(first), _plan(bucket), statement):
        assert "image_pick_idx" in plan, plan
        assert "Seq Scan" not in plan, plan  # not on images, votes, leases or skips
        assert "Sort" not in plan, plan  # rows come in index order, nothing is sorted
        for table in ("labeling_vote", "labeling_lease", "labeling_skip"):
            assert f"on {table}" in plan, plan  # each exclusion is an indexed anti-join
