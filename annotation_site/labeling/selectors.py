"""Reads of the labeling data."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from annotation_site.accounts.models import User
from annotation_site.labeling.models import Image, Vote


@dataclass(frozen=True)
class LabelCounts:
    today: int
    total: int


def annotator_label_counts(*, annotator: User, now: datetime | None = None) -> LabelCounts:
    """How many labels this annotator gave today (UTC) and in total, in one query."""
    now = now or timezone.now()
    midnight = timezone.make_aware(datetime.combine(now.date(), time.min), timezone.get_current_timezone())
    counts = Vote.objects.filter(annotator=annotator).aggregate(
        total=Count("id"), today=Count("id", filter=Q(created_at__gte=midnight))
    )
    return LabelCounts(today=counts["today"], total=counts["total"])


def image_get(*, image_id: int) -> Image | None:
    return Image.objects.filter(pk=image_id).first()


def votes_for_export():
    """Every vote as (image id, annotator username, label 1..7, created_at), in id order."""
    return Vote.objects.order_by("id").values_list("image_id", "annotator__username", "label", "created_at")
