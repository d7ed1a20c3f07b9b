"""Images, leases and votes.

The assignment invariants live in the database, not only in Python:
- one vote per (image, annotator) and one lease per (image, annotator): unique constraints;
- `load` = votes + live leases and never exceeds `label_target`, `n_votes` never exceeds
  `load`: check constraints, kept true by row-locked conditional updates in services.py;
- the next image is found through the partial index `image_pick_idx` on (load, random_key)
  over images still below target, so picking never scans the table.
"""
from __future__ import annotations

import random

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from annotation_site.labeling.emotions import EMOTION_CHOICES


def _random_key() -> float:
    return random.random()


class Image(models.Model):
    file = models.FileField(upload_to="faces/%Y/%m/")
    sha256 = models.CharField(max_length=64, unique=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size_bytes = models.PositiveIntegerField()
    source = models.CharField(max_length=255, blank=True, help_text="where the image came from")
    face_box = models.JSONField(null=True, blank=True, help_text="[x, y, w, h] in pixels")
    landmarks = models.JSONField(null=True, blank=True, help_text="5 points [[x, y], ...]")
    attributes = models.JSONField(default=dict, blank=True)
    label_target = models.PositiveIntegerField(help_text="how many votes this image should get")
    load = models.PositiveIntegerField(default=0, help_text="votes + live leases")
    n_votes = models.PositiveIntegerField(default=0)
    # Redrawn at every lease so that no image keeps a favourable place in the pick index.
    random_key = models.FloatField(default=_random_key)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(load__lte=F("label_target")), name="image_load_within_target"),
            models.CheckConstraint(condition=Q(n_votes__lte=F("load")), name="image_votes_within_load"),
        ]
        indexes = [
            models.Index(
                fields=["load", "random_key"], name="image_pick_idx", condition=Q(load__lt=F("label_target"))
            ),
        ]

    def __str__(self) -> str:
        return f"image {self.pk} ({self.source or self.sha256[:12]})"


class Lease(models.Model):
    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="leases")
    annotator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leases")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["annotator", "image"], name="lease_once_per_annotator")]


class Vote(models.Model):
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="votes")
    annotator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes")
    label = models.PositiveSmallIntegerField(choices=EMOTION_CHOICES)
    time_taken_ms = models.PositiveIntegerField(null=True, blank=True, help_text="time from display to vote")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["annotator", "created_at"], name="vote_annotator_time_idx")]
        constraints = [
            models.UniqueConstraint(fields=["annotator", "image"], name="vote_once_per_annotator"),
            models.CheckConstraint(condition=Q(label__gte=1) & Q(label__lte=7), name="vote_label_in_range"),
        ]


class Skip(models.Model):
    """An annotator passed on an image; it is not offered to them again."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="skips")
    annotator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skips")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["annotator", "image"], name="skip_once_per_annotator")]
