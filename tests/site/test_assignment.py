"""The labeling services on real Postgres: random, equal, leased assignment."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from annotation_site.labeling import services
from annotation_site.labeling.assignment import leases_reclaim_expired
from annotation_site.labeling.errors import (
    AlreadyVoted,
    ImageNotFound,
    NoLiveLease,
    NotAnAnnotator,
)
from annotation_site.labeling.models import Image, Lease, Skip, Vote
from tests.site.conftest import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("assignment_impl")]


def test_next_leases_an_image_and_counts_it(annotator, make_images):
    make_images(3)
    lease = services.task_next(annotator=annotator)
    assert lease.annotator == annotator
    assert lease.expires_at > timezone.now() + timedelta(seconds=500)
    assert Image.objects.get(pk=lease.image_id).load == 1


def test_asking_again_returns_the_held_lease(annotator, make_images):
    make_images(5)
    first = services.task_next(annotator=annotator)
    again = services.task_next(annotator=annotator)
    assert again.pk == first.pk
    assert Lease.objects.filter(annotator=annotator).count() == 1


def test_vote_turns_the_lease_into_a_vote(annotator, make_images):
    make_images(2)
    lease = services.task_next(annotator=annotator)
    vote = services.vote_submit(annotator=annotator, image_id=lease.image_id, label=4, time_taken_ms=1234)
    image = Image.objects.get(pk=lease.image_id)
    assert (vote.label, vote.time_taken_ms) == (4, 1234)
    assert (image.n_votes, image.load) == (1, 1)
    assert not Lease.objects.filter(pk=lease.pk).exists()
    nxt = services.task_next(annotator=annotator)
    assert nxt.image_id != lease.image_id


def test_second_vote_and_vote_without_lease_are_refused(annotator, make_images):
    make_images(2)
    lease = services.task_next(annotator=annotator)
    services.vote_submit(annotator=annotator, image_id=lease.image_id, label=1)
    with pytest.raises(AlreadyVoted):
        services.vote_submit(annotator=annotator, image_id=lease.image_id, label=2)
    other = Image.objects.exclude(pk=lease.image_id).get()
    with pytest.raises(NoLiveLease):
        services.vote_submit(annotator=annotator, image_id=other.pk, label=2)
    with pytest.raises(ImageNotFound):
        services.vote_submit(annotator=annotator, image_id=10**9, label=2)
    assert Vote.objects.count() == 1


def test_only_annotators_label(db, make_images):
    make_images(1)
    for role in ("admin", "researcher"):
        with pytest.raises(NotAnAnnotator):
            services.task_next(annotator=UserFactory(role=role))


def test_least_loaded_images_come_first(make_images):
    images = make_images(6)
    Image.objects.filter(pk__in=[i.pk for i in images[:4]]).update(load=2, n_votes=2)
    picked = {services.task_next(annotator=UserFactory()).image_id for _ in range(2)}
    assert picked == {images[4].pk, images[5].pk}
    # Images 4 and 5 are now at load 1, below the others: they are taken again first.
    again = {services.task_next(annotator=UserFactory()).image_id for _ in range(2)}
    assert again == {images[4].pk, images[5].pk}
    # All six are at load 2 now: the next pick may be any of them.
    assert services.task_next(annotator=UserFactory()).image_id in {i.pk for i in images}


def test_pick_is_random_within_the_least_loaded_bucket(make_images):
    images = make_images(8, target=1000)
    counts: Counter[int] = Counter()
    for _ in range(400):
        annotator = UserFactory()
        counts[services.task_next(annotator=annotator).image_id] += 1
    # Equal loads are enforced: after 400 leases over 8 images each has exactly 50.
    assert sorted(counts.values()) == [50] * 8
    assert set(counts) == {i.pk for i in images}


def test_pick_order_is_not_deterministic(make_images):
    images = make_images(20, target=1000)
    firsts = {services.task_next(annotator=UserFactory()).image_id for _ in range(20)}
    # Deterministic order would hand all 20 out in index order; random keys are redrawn per lease.
    assert firsts == {i.pk for i in images}
    order_a = [services.task_next(annotator=UserFactory()).image_id for _ in range(20)]
    order_b = [services.task_next(annotator=UserFactory()).image_id for _ in range(20)]
    assert order_a != order_b


def test_target_is_never_exceeded(make_images):
    (image,) = make_images(1, target=2)
    voters = [UserFactory() for _ in range(3)]
    for annotator in voters[:2]:
        lease = services.task_next(annotator=annotator)
        services.vote_submit(annotator=annotator, image_id=lease.image_id, label=7)
    assert services.task_next(annotator=voters[2]) is None
    image.refresh_from_db()
    assert (image.n_votes, image.load) == (2, 2)


def test_expired_lease_returns_to_the_pool_and_late_vote_is_refused(make_images):
    make_images(1, target=1)
    slow, fast = UserFactory(), UserFactory()
    lease = services.task_next(annotator=slow)
    assert services.task_next(annotator=fast) is None  # the only slot is leased
    later = timezone.now() + timedelta(seconds=601)
    assert leases_reclaim_expired(now=later) == 1
    taken = services.task_next(annotator=fast, now=later)
    assert taken.image_id == lease.image_id
    with pytest.raises(NoLiveLease):
        services.vote_submit(annotator=slow, image_id=lease.image_id, label=3, now=later)
    services.vote_submit(annotator=fast, image_id=lease.image_id, label=3, now=later)
    assert Image.objects.get(pk=lease.image_id).n_votes == 1


def test_skip_returns_the_image_and_never_offers_it_again(annotator, make_images):
    make_images(2)
    first = services.task_next(annotator=annotator)
    services.task_skip(annotator=annotator, image_id=first.image_id)
    assert Image.objects.get(pk=first.image_id).load == 0
    assert Skip.objects.filter(annotator=annotator, image_id=first.image_id).exists()
    second = services.task_next(annotator=annotator)
    assert second.image_id != first.image_id
    services.task_skip(annotator=annotator, image_id=second.image_id)
    assert services.task_next(annotator=annotator) is None


def test_database_refuses_an_over_target_load(make_images, requires_postgres):
    from django.db import IntegrityError, transaction

    (image,) = make_images(1, target=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.filter(pk=image.pk).update(load=2)
