"""Handing images out: random, equal, leased; see models.py for the invariants it keeps.

The next image for an annotator is drawn at random among the eligible images with the fewest
(votes + live leases): eligible means below its target and neither voted on, held nor skipped
by this annotator. Two index walks find it: the first eligible row in (load, random_key) order
gives the lowest load L (and the wrap-around candidate); the second takes the first eligible
row of bucket L at or after a fresh random key. Rows are claimed with FOR UPDATE SKIP LOCKED,
so concurrent annotators never wait on each other's picks.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from annotation_site.accounts.models import User
from annotation_site.labeling.models import Image, Lease, Skip, Vote

_RECLAIM_LOCK_KEY = 0x6661636563  # "facec": one lease reclaimer at a time (see leases_reclaim_expired)
_RECLAIM_BATCH = 1000


def lease_seconds() -> int:
    return settings.FACECROWD["LEASE_SECONDS"]


def live_lease_for(*, annotator: User, now: datetime) -> Lease | None:
    return (
        Lease.objects.filter(annotator=annotator, expires_at__gt=now)
        .select_related("image")
        .order_by("-created_at")
        .first()
    )


def eligible_images(*, annotator: User) -> QuerySet[Image]:
    """Images below target that this annotator has not voted on, does not hold and did not skip."""
    mine = {"annotator": annotator, "image": OuterRef("pk")}
    return (
        Image.objects.filter(load__lt=F("label_target"))
        .exclude(Exists(Vote.objects.filter(**mine)))
        .exclude(Exists(Lease.objects.filter(**mine)))
        .exclude(Exists(Skip.objects.filter(**mine)))
    )


def _claim_random_least_loaded(*, annotator: User) -> Image | None:
    eligible = eligible_images(annotator=annotator).select_for_update(skip_locked=True)
    wrap_candidate = eligible.order_by("load", "random_key").only("id", "load").first()
    if wrap_candidate is None:
        return None
    in_bucket = eligible.filter(load=wrap_candidate.load, random_key__gte=random.random())
    return in_bucket.order_by("random_key").only("id", "load").first() or wrap_candidate


@transaction.atomic
def lease_next_image(*, annotator: User, now: datetime | None = None) -> Lease | None:
    """Lease the next image for `annotator`, or None when nothing is left for them.

    An annotator holds at most one live lease: asking again returns the one they hold, so a
    page reload neither loses nor hoards images.
    """
    now = now or timezone.now()
    held = live_lease_for(annotator=annotator, now=now)
    if held is not None:
        return held
    image = _claim_random_least_loaded(annotator=annotator)
    if image is None:
        return None
    Image.objects.filter(pk=image.pk).update(load=F("load") + 1, random_key=random.random())
    lease = Lease.objects.create(
        image_id=image.pk, annotator=annotator, expires_at=now + timedelta(seconds=lease_seconds())
    )
    lease.image = image
    return lease


def leases_reclaim_expired(*, now: datetime | None = None) -> int:
    """Return images whose lease expired to the pool; returns how many leases were reclaimed.

    Only one reclaimer runs at a time (a transaction-scoped advisory lock, tried, never
    waited for): two reclaimers updating overlapping image rows in different orders could
    deadlock. Lease rows are taken with SKIP LOCKED so a vote that is consuming its lease
    right now is left alone.
    """
    now = now or timezone.now()
    if connection.vendor != "postgresql":
        return _reclaim_portable(now=now)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s) WHERE EXISTS "
            "(SELECT 1 FROM labeling_lease WHERE expires_at <= %s)",
            [_RECLAIM_LOCK_KEY, now],
        )
        row = cursor.fetchone()
        if not row or not row[0]:
            return 0
        cursor.execute(
            """
            WITH expired AS (
                DELETE FROM labeling_lease WHERE id IN (
                    SELECT id FROM labeling_lease WHERE expires_at <= %s
                    ORDER BY expires_at LIMIT %s FOR UPDATE SKIP LOCKED)
                RETURNING image_id
            ), per_image AS (SELECT image_id, count(*) AS n FROM expired GROUP BY image_id)
            UPDATE labeling_image SET load = load - per_image.n
            FROM per_image WHERE labeling_image.id = per_image.image_id
            RETURNING per_image.n
            """,
            [now, _RECLAIM_BATCH],
        )
        return sum(n for (n,) in cursor.fetchall())


@transaction.atomic
def _reclaim_portable(*, now: datetime) -> int:
    """SQLite (the embedded demo) has one writer at a time, so plain statements are safe."""
    expired = list(Lease.objects.filter(expires_at__lte=now).values_list("id", "image_id")[:_RECLAIM_BATCH])
    for _, image_id in expired:
        Image.objects.filter(pk=image_id).update(load=F("load") - 1)
    Lease.objects.filter(id__in=[lease_id for lease_id, _ in expired]).delete()
    return len(expired)
