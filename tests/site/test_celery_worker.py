"""A real Celery worker (separate process, Redis broker, the test database) runs our tasks."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from annotation_site.labeling import services
from annotation_site.labeling.models import Lease
from annotation_site.labeling.tasks import reclaim_expired_leases
from tests.shared_data import unavailable
from tests.site.conftest import UserFactory


@pytest.fixture
def celery_worker_process(requires_postgres):
    if not os.environ.get("REDIS_URL"):
        unavailable("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "annotation_site.settings_test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "FACECROWD_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "annotation_site", "worker", "--pool", "solo",
         "-Q", "default", "--without-heartbeat", "--without-mingle", "--without-gossip", "-l", "WARNING"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()


@pytest.mark.django_db(transaction=True)
def test_worker_reclaims_expired_leases(celery_worker_process, make_images, settings):
    assert not django_settings.CELERY_TASK_ALWAYS_EAGER, "with REDIS_URL set, tasks must go to the broker"
    (image,) = make_images(1, target=1)
    lease = services.task_next(annotator=UserFactory())
    Lease.objects.filter(pk=lease.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    started = time.monotonic()
    result = reclaim_expired_leases.apply_async(queue="default")
    assert result.get(timeout=60) == 1, celery_worker_process.stdout
    assert time.monotonic() - started < 60
    image.refresh_from_db()
    assert image.load == 0 and not Lease.objects.exists()
