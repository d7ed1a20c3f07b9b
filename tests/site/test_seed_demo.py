"""seed_demo: synthetic faces, demo users, simulated votes through the real services."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter

import numpy as np
import pytest
from django.core.management import call_command

from annotation_site.accounts.models import Role, User
from annotation_site.labeling.models import Image, Lease, Vote
from tests.shared_data import REPO_ROOT

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_faces_users_and_evenly_spread_votes(settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", images=16, annotators=8, votes_per_image=6, seed=3)
    out = capsys.readouterr().out
    assert "annotator01 .. annotator08" in out and "facecrowd-demo" in out
    assert User.objects.filter(role=Role.ANNOTATOR).count() == 8
    assert User.objects.filter(username="admin", role=Role.ADMIN, is_staff=True).exists()
    assert User.objects.filter(username="researcher", role=Role.RESEARCHER).exists()
    assert Image.objects.count() == 16
    per_image = Counter(Vote.objects.values_list("image_id", flat=True))
    # Least-loaded-first assignment spreads votes evenly; an annotator who already voted on
    # every least-loaded image is handed one from the next bucket, hence +-1.
    assert sum(per_image.values()) == 16 * 6 and len(per_image) == 16
    assert min(per_image.values()) >= 5 and max(per_image.values()) <= 7
    assert not Lease.objects.exists()
    image = Image.objects.first()
    assert len(image.landmarks) == 5 and len(image.face_box) == 4
    assert (tmp_path / image.file.name).stat().st_size == image.size_bytes


def test_simulated_votes_follow_the_drawn_expression(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", images=30, annotators=10, votes_per_image=9, seed=1)
    hits = 0
    for image in Image.objects.prefetch_related("votes"):
        counts = np.bincount([v.label - 1 for v in image.votes.all()], minlength=7)
        hits += np.argmax(image.attributes["synthetic_expression"]) == np.argmax(counts)
    # A crowd mostly of reliable annotators: the plurality vote recovers the drawn class.
    assert hits / 30 > 0.6


def test_seed_demo_is_skipped_with_if_empty(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", images=2, annotators=2, votes_per_image=1)
    call_command("seed_demo", images=2, annotators=2, votes_per_image=1, if_empty=True)
    assert Image.objects.count() == 2


def test_impossible_numbers_exit_2_with_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--images", "3", "--annotators", "2", "--votes-per-image", "5"],
        cwd=REPO_ROOT, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "annotation_site.settings_test"},
    )
    assert result.returncode == 2
    assert "votes-per-image" in result.stderr and len(result.stderr.strip().splitlines()) == 1
