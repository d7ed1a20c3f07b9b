"""Many annotators racing for next/vote on a small pool, on real Postgres.

Checks the three invariants of issue #2 under concurrency: an annotator never votes twice on
an image, an image never gets more votes than its target, no acknowledged vote is lost; plus
the bookkeeping (n_votes, load) that the invariants rest on, and that every slot gets filled.
"""
from __future__ import annotations

import random
import threading
import time
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count

from annotation_site.labeling import services
from annotation_site.labeling.errors import NoLiveLease
from annotation_site.labeling.models import Image, Lease, Vote
from tests.site.conftest import UserFactory

N_THREADS = 16
N_ANNOTATORS = 32
N_IMAGES = 30
TARGET = 8
LEASE_SECONDS = 1


def _annotate(annotators, acknowledged, late_refused, failures, deadline):
    rng = random.Random(threading.get_ident())
    try:
        active = list(annotators)
        while active and time.monotonic() < deadline:
            annotator = rng.choice(active)
            lease = services.task_next(annotator=annotator)
            if lease is None:
                active.remove(annotator)
                continue
            roll = rng.random()
            if roll < 0.04:  # walks away: the lease expires and a late vote is refused
                time.sleep(LEASE_SECONDS + 0.1)
                try:
                    services.vote_submit(annotator=annotator, image_id=lease.image_id, label=1)
                except NoLiveLease:
                    late_refused.append((annotator.pk, lease.image_id))
                    continue
                acknowledged.append((annotator.pk, lease.image_id, 1))
            elif roll < 0.08:
                services.task_skip(annotator=annotator, image_id=lease.image_id)
            else:
                label = rng.randint(1, 7)
                vote = services.vote_submit(annotator=annotator, image_id=lease.image_id, label=label)
                acknowledged.append((vote.annotator_id, vote.image_id, vote.label))
    except Exception as exc:  # any error (deadlock, integrity) fails the test below
        failures.append(repr(exc))
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_racing_annotators_keep_the_invariants(requires_postgres, assignment_impl, make_images, settings):
    settings.FACECROWD = {**settings.FACECROWD, "LEASE_SECONDS": LEASE_SECONDS}
    make_images(N_IMAGES, target=TARGET)
    annotators = [UserFactory() for _ in range(N_ANNOTATORS)]
    acknowledged, late_refused, failures = [], [], []
    deadline = time.monotonic() + 90
    threads = [
        threading.Thread(target=_annotate, args=(annotators[i::N_THREADS], acknowledged, late_refused, failures, deadline))
        for i in range(N_THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    stored = set(Vote.objects.values_list("annotator_id", "image_id", "label"))
    # No acknowledged vote is lost, and nothing was stored that was not acknowledged.
    assert set(acknowledged) == stored and len(acknowledged) == len(stored)
    # An annotator never votes twice on an image.
    pairs = Counter((a, i) for a, i, _ in acknowledged)
    assert max(pairs.values()) == 1
    # An image never gets more votes than its target; every slot was filled in the end.
    per_image = dict(Vote.objects.values_list("image_id").annotate(n=Count("id")).values_list("image_id", "n"))
    assert max(per_image.values()) <= TARGET
    assert sum(per_image.values()) == N_IMAGES * TARGET
    # The counters the invariants rest on agree with the rows.
    leases = Counter(Lease.objects.values_list("image_id", flat=True))
    for image in Image.objects.all():
        assert image.n_votes == per_image.get(image.pk, 0)
        assert image.load == image.n_votes + leases.get(image.pk, 0)
    assert late_refused, "the walk-away path (expired lease, late vote refused) was never exercised"
