"""Fixtures for the site's tests: users, images, and a guard for Postgres-only behaviour."""
from __future__ import annotations

import io
import uuid

import factory
import PIL.Image
import pytest
from django.conf import settings as django_settings
from django.db import connection
from rest_framework.authtoken.models import Token

from annotation_site.accounts.models import Role, User
from annotation_site.labeling.importing import image_create
from tests.shared_data import unavailable
from tests.site.http_client import Client

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"annotator{n:04d}")
    role = Role.ANNOTATOR
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def png_bytes(seed: int, size: int = 48) -> bytes:
    """A small, unique PNG (pixel values depend on seed, so every sha256 differs)."""
    image = PIL.Image.new("RGB", (size, size), ((seed * 37) % 256, (seed * 91) % 256, (seed // 256) % 256))
    image.putpixel((0, 0), (seed % 256, (seed // 7) % 256, 1))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def make_images(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    def make(n: int, *, target: int | None = None, start: int = 0):
        images = [image_create(data=png_bytes(start + i), source=f"test/{start + i}.png") for i in range(n)]
        if target is not None:
            for image in images:
                image.label_target = target
                image.save(update_fields=["label_target"])
        return images

    return make


@pytest.fixture
def annotator(db):
    return UserFactory()


@pytest.fixture
def requires_postgres(db):
    """Behaviour that only Postgres provides (row locks, SKIP LOCKED, query plans)."""
    if connection.vendor != "postgresql":
        unavailable("needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/facecrowd")


@pytest.fixture(params=["sql", "orm"])
def assignment_impl(request, db, monkeypatch):
    """Run a test on both implementations of the labeling loop: the single-statement
    PostgreSQL one and the ORM one the embedded SQLite demo uses (both on this database)."""
    from annotation_site.labeling import assignment

    if request.param == "sql":
        if connection.vendor != "postgresql":
            request.getfixturevalue("requires_postgres")
    else:
        monkeypatch.setattr(assignment, "use_sql_fast_path", lambda: False)
    return request.param


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """A fresh cache namespace per test, so login throttling starts from zero.

    A unique key prefix instead of FLUSHDB: the Redis database is shared with Celery and with
    other test runs, which a flush would disturb.
    """
    cache = dict(django_settings.CACHES["default"])
    cache["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    if "LocMem" in cache["BACKEND"]:
        cache["LOCATION"] = cache["KEY_PREFIX"]
    settings.CACHES = {"default": cache}


@pytest.fixture
def client_for(live_server):
    def make(user=None) -> Client:
        token = Token.objects.get_or_create(user=user)[0].key if user is not None else None
        return Client(live_server.url, token=token)

    return make
