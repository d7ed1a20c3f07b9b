"""Handing images out: random, equal, leased; see models.py for the invariants it keeps.

The next image for an annotator is drawn at random among the eligible images with the fewest
(votes + live leases): eligible means below its target and neither voted on, held nor skipped
by this annotator. Two index walks find it: the first eligible row in (load, random_key) order
gives the lowest load L (and the wrap-around candidate); the second takes the first eligible
row of bucket L at or after a fresh random key. Rows are claimed with FOR UPDATE SKIP LOCKED,
so concurrent annotators never wait on each other's picks.

On PostgreSQL this runs as the single statements in sql.py; on SQLite (the embedded demo, one
writer at a time) as the equivalent ORM queries below. Tests run both on PostgreSQL.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from annotation_site.accounts.models import User
from annotation_site.labeling import sql
from annotation_site.labeling.models import Image, Lease, Skip, Vote

_RECLAIM_BATCH = 1000


def use_sql_fast_path() -> bool:
    """Whether the single-statement PostgreSQL implementation applies."""
    return connection.vendor == "postgresql"


def live_lease_for(*, annotator: User, now: datetime) -> Lease | None:
    return Lease.objects.filter(annotator=annotator, expires_at__gt=now).order_by("-created_at").first()


def lease_next_image(*, annotator: User, now: datetime | None = None) -> Lease | None:
    """Lease the next image for `annotator`, or None when nothing is left for them.

    Expired leases anywhere are reclaimed first, so their images are back in the pool. An
    annotator holds at most one live lease: asking again returns the one they hold, so a
    page reload neither loses nor hoards images.
    """
    now = now or timezone.now()
    expires_at = now + timedelta(seconds=settings.FACECROWD["LEASE_SECONDS"])
    if use_sql_fast_path():
        held, any_expired = _held_lease_and_expiry_sql(annotator=annotator, now=now)
        if any_expired:
            _reclaim_sql(now=now)
        return held or _lease_next_sql(annotator=annotator, now=now, expires_at=expires_at)
    _reclaim_orm(now=now)
    held = live_lease_for(annotator=annotator, now=now)
    return held or _lease_next_orm(annotator=annotator, now=now, expires_at=expires_at)


def _held_lease_and_expiry_sql(*, annotator: User, now: datetime) -> tuple[Lease | None, bool]:
    with connection.cursor() as cursor:
        cursor.execute(sql.HELD_LEASE_AND_EXPIRED, {"annotator": annotator.pk, "now": now})
        any_expired, lease_id, image_id, expires_at = cursor.fetchone()
    if lease_id is None:
        return None, any_expired
    return Lease(id=lease_id, image_id=image_id, annotator=annotator, expires_at=expires_at), any_expired


def _lease_next_sql(*, annotator: User, now: datetime, expires_at: datetime) -> Lease | None:
    params = {"annotator": annotator.pk, "random_key": random.random(), "now": now, "expires_at": expires_at}
    with connection.cursor() as cursor:
        cursor.execute(sql.PICK_AND_LEASE, params)
        row = cursor.fetchone()
    if row is None:
        return None
    lease_id, image_id, expires_at = row
    return Lease(id=lease_id, image_id=image_id, annotator=annotator, created_at=now, expires_at=expires_at)


def eligible_images(*, annotator: User) -> QuerySet[Image]:
    """Images below target that this annotator has not voted on, does not hold and did not skip."""
    mine = {"annotator": annotator, "image": OuterRef("pk")}
    return (
        Image.objects.filter(load__lt=F("label_target"))
        .exclude(Exists(Vote.objects.filter(**mine)))
        .exclude(Exists(Lease.objects.filter(**mine)))
        .exclude(Exists(Skip.objects.filter(**mine)))
    )


@transaction.atomic
def _lease_next_orm(*, annotator: User, now: datetime, expires_at: datetime) -> Lease | None:
    eligible = eligible_images(annotator=annotator).select_for_update(skip_locked=True)
    candidate = eligible.order_by("load", "random_key").only("id", "load").first()
    if candidate is None:
        return None
    in_bucket = eligible.filter(load=candidate.load, random_key__gte=random.random())
    image = in_bucket.order_by("random_key").only("id").first() or candidate
    Image.objects.filter(pk=image.pk).update(load=F("load") + 1, random_key=random.random())
    return Lease.objects.create(image_id=image.pk, annotator=annotator, expires_at=expires_at)


def leases_reclaim_expired(*, now: datetime | None = None) -> int:
    """Return images whose lease expired to the pool; returns how many leases were reclaimed.

    The common case, nothing expired, costs one read-only query.
    """
    now = now or timezone.now()
    if not use_sql_fast_path():
        return _reclaim_orm(now=now)
    with connection.cursor() as cursor:
        cursor.execute(sql.EXPIRED_LEASES_EXIST, [now])
        if not cursor.fetchone()[0]:
            return 0
    return _reclaim_sql(now=now)


@transaction.atomic
def _reclaim_sql(*, now: datetime) -> int:
    """Only one reclaimer runs at a time (a transaction-scoped advisory lock, tried, never
    waited for): two reclaimers updating overlapping image rows in different orders could
    deadlock."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [sql.RECLAIM_LOCK_KEY])
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute(sql.RECLAIM_EXPIRED, {"now": now, "batch": _RECLAIM_BATCH})
        return sum(n for (n,) in cursor.fetchall())


@transaction.atomic
def _reclaim_orm(*, now: datetime) -> int:
    """Portable reclaimer: a lease counts only if this transaction deleted it (a concurrent
    reclaimer gets 0 rows), and rows are taken in image order, so two never deadlock."""
    expired = Lease.objects.filter(expires_at__lte=now).order_by("image_id", "id")
    reclaimed = 0
    for lease_id, image_id in expired.values_list("id", "image_id")[:_RECLAIM_BATCH]:
        if Lease.objects.filter(id=lease_id, expires_at__lte=now).delete()[0]:
            Image.objects.filter(pk=image_id).update(load=F("load") - 1)
            reclaimed += 1
    return reclaimed
