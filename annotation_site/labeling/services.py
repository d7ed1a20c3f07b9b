"""Writes of the labeling loop: lease the next image, vote, skip.

Lock order everywhere is lease row, then image row (the reclaimer in assignment.py takes the
same order), which keeps concurrent annotators free of deadlocks.
"""
from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from annotation_site.accounts.models import User
from annotation_site.labeling import assignment, sql
from annotation_site.labeling.errors import AlreadyVoted, ImageNotFound, NoLiveLease, NotAnAnnotator
from annotation_site.labeling.models import Image, Lease, Skip, Vote

__all__ = ["task_next", "vote_submit", "task_skip"]


def _require_annotator(user: User) -> None:
    if not getattr(user, "is_annotator", False):
        raise NotAnAnnotator("only annotators label images")


def task_next(*, annotator: User, now: datetime | None = None) -> Lease | None:
    """The image this annotator should label now (leased to them), or None if none is left."""
    _require_annotator(annotator)
    return assignment.lease_next_image(annotator=annotator, now=now)


def _refusal(*, annotator: User, image_id: int) -> Exception:
    """Why a vote or skip on `image_id` was not accepted."""
    if Vote.objects.filter(annotator=annotator, image_id=image_id).exists():
        return AlreadyVoted(f"you already voted on image {image_id}")
    if not Image.objects.filter(pk=image_id).exists():
        return ImageNotFound(f"image {image_id} does not exist")
    return NoLiveLease(f"you hold no live lease on image {image_id}; ask /api/v1/tasks/next/ for an image")


def _delete_live_lease(*, annotator: User, image_id: int, now: datetime) -> bool:
    """Delete the annotator's live lease on the image; False when they hold none."""
    deleted, _ = Lease.objects.filter(annotator=annotator, image_id=image_id, expires_at__gt=now).delete()
    return deleted > 0


def vote_submit(
    *, annotator: User, image_id: int, label: int, time_taken_ms: int | None = None, now: datetime | None = None
) -> Vote:
    """Record `annotator`'s label (1..7) for an image they hold a live lease on.

    The lease turns into the vote, so the image's load is unchanged and n_votes grows by one;
    the conditional update and the database's check constraints refuse an over-target vote,
    and the unique constraint a second vote. Either everything is written or nothing.
    """
    _require_annotator(annotator)
    now = now or timezone.now()
    vote = Vote(image_id=image_id, annotator=annotator, label=label, time_taken_ms=time_taken_ms, created_at=now)
    try:
        stored = _vote_sql(vote) if assignment.use_sql_fast_path() else _vote_orm(vote)
    except IntegrityError as exc:
        raise AlreadyVoted(f"you already voted on image {image_id}") from exc
    if not stored:
        raise _refusal(annotator=annotator, image_id=image_id)
    return vote


def _vote_sql(vote: Vote) -> bool:
    params = {"annotator": vote.annotator_id, "image": vote.image_id, "now": vote.created_at,
              "label": vote.label, "time_taken_ms": vote.time_taken_ms}
    with connection.cursor() as cursor:
        cursor.execute(sql.CONSUME_LEASE_AND_VOTE, params)
        row = cursor.fetchone()
    if row is not None:
        vote.id = row[0]
    return row is not None


@transaction.atomic
def _vote_orm(vote: Vote) -> bool:
    if not _delete_live_lease(annotator=vote.annotator, image_id=vote.image_id, now=vote.created_at):
        return False
    counted = Image.objects.filter(pk=vote.image_id, n_votes__lt=F("label_target")).update(n_votes=F("n_votes") + 1)
    if not counted:
        transaction.set_rollback(True)  # keep the lease: nothing is half written
        return False
    vote.save(force_insert=True)
    return True


@transaction.atomic
def task_skip(*, annotator: User, image_id: int, now: datetime | None = None) -> None:
    """Give a held image back to the pool; it is not offered to this annotator again."""
    _require_annotator(annotator)
    now = now or timezone.now()
    if not _delete_live_lease(annotator=annotator, image_id=image_id, now=now):
        raise _refusal(annotator=annotator, image_id=image_id)
    Image.objects.filter(pk=image_id).update(load=F("load") - 1)
    Skip.objects.get_or_create(annotator=annotator, image_id=image_id)
