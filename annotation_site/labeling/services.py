"""Writes of the labeling loop: lease the next image, vote, skip.

Lock order everywhere is lease row, then image row (the reclaimer in assignment.py takes the
same order), which keeps concurrent annotators free of deadlocks.
"""
from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from annotation_site.accounts.models import User
from annotation_site.labeling.assignment import lease_next_image, leases_reclaim_expired
from annotation_site.labeling.errors import AlreadyVoted, ImageNotFound, NoLiveLease, NotAnAnnotator
from annotation_site.labeling.models import Image, Lease, Skip, Vote

__all__ = ["task_next", "vote_submit", "task_skip"]


def _require_annotator(user: User) -> None:
    if not getattr(user, "is_annotator", False):
        raise NotAnAnnotator("only annotators label images")


def task_next(*, annotator: User, now: datetime | None = None) -> Lease | None:
    """The image this annotator should label now (leased to them), or None if none is left."""
    _require_annotator(annotator)
    now = now or timezone.now()
    leases_reclaim_expired(now=now)
    return lease_next_image(annotator=annotator, now=now)


def _consume_lease(*, annotator: User, image_id: int, now: datetime) -> None:
    consumed, _ = Lease.objects.filter(annotator=annotator, image_id=image_id, expires_at__gt=now).delete()
    if consumed:
        return
    if Vote.objects.filter(annotator=annotator, image_id=image_id).exists():
        raise AlreadyVoted(f"you already voted on image {image_id}")
    if not Image.objects.filter(pk=image_id).exists():
        raise ImageNotFound(f"image {image_id} does not exist")
    raise NoLiveLease(f"you hold no live lease on image {image_id}; ask /api/v1/tasks/next/ for an image")


def vote_submit(
    *, annotator: User, image_id: int, label: int, time_taken_ms: int | None = None, now: datetime | None = None
) -> Vote:
    """Record `annotator`'s label (1..7) for an image they hold a live lease on.

    The lease turns into the vote, so the image's load is unchanged and n_votes grows by one;
    the conditional update and the database's check constraints refuse an over-target vote,
    and the unique constraint a second vote (the whole transaction is rolled back then).
    """
    _require_annotator(annotator)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            _consume_lease(annotator=annotator, image_id=image_id, now=now)
            counted = Image.objects.filter(pk=image_id, n_votes__lt=F("label_target")).update(
                n_votes=F("n_votes") + 1
            )
            if not counted:  # unreachable while leases are the only way in; refuse, never over-fill
                raise NoLiveLease(f"image {image_id} already has all the votes it needs")
            return Vote.objects.create(
                image_id=image_id, annotator=annotator, label=label, time_taken_ms=time_taken_ms
            )
    except IntegrityError as exc:
        raise AlreadyVoted(f"you already voted on image {image_id}") from exc


@transaction.atomic
def task_skip(*, annotator: User, image_id: int, now: datetime | None = None) -> None:
    """Give a held image back to the pool; it is not offered to this annotator again."""
    _require_annotator(annotator)
    now = now or timezone.now()
    _consume_lease(annotator=annotator, image_id=image_id, now=now)
    Image.objects.filter(pk=image_id).update(load=F("load") - 1)
    Skip.objects.get_or_create(annotator=annotator, image_id=image_id)
