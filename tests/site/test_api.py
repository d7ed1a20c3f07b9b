"""The REST API over real HTTP (live server + http.client): every status code of issue #2.

The client is tests/site/http_client.py; the `client_for` and `isolated_cache` fixtures are in
conftest.py.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from annotation_site.labeling.emotions import EMOTIONS
from annotation_site.labeling.models import Image, Lease, Skip, Vote
from tests.site.conftest import PASSWORD, UserFactory
from tests.site.http_client import Client, Reply, login_rate

pytestmark = pytest.mark.django_db(transaction=True)

def _error(reply: Reply, status: int) -> dict:
    assert reply.status == status, (reply.status, reply.body[:500])
    payload = reply.json()
    assert isinstance(payload.get("error"), str) and payload["error"], payload
    assert isinstance(payload.get("detail"), str) and payload["detail"], payload
    return payload


# --- POST /api/v1/auth/token/ -------------------------------------------------------------


def test_token_200_gives_a_token_that_authenticates(client_for):
    user = UserFactory(username="alice")
    client = client_for()
    reply = client.post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD})
    assert reply.status == 200
    token = reply.json()["token"]
    assert token == Token.objects.get(user=user).key
    me = Client(f"http://{client.host}:{client.port}", token=token).get("/api/v1/me/")
    assert me.status == 200 and me.json()["username"] == "alice"


TOKEN_BAD_BODIES = [
    ("wrong password", {"username": "alice", "password": "not-the-password"}, "non_field_errors"),
    ("unknown user", {"username": "nobody", "password": PASSWORD}, "non_field_errors"),
    ("missing password", {"username": "alice"}, "password"),
    ("missing username", {"password": PASSWORD}, "username"),
    ("a list", [["alice", PASSWORD]], None),
]


def test_token_400_on_bad_credentials_or_malformed_body(client_for):
    UserFactory(username="alice")
    client = client_for()
    for case, body, field in TOKEN_BAD_BODIES:
        payload = _error(client.post("/api/v1/auth/token/", body), 400)
        assert "token" not in payload, case
        if field:
            assert field in payload["fields"], (case, payload)
    malformed = _error(client.post("/api/v1/auth/token/", raw=b'{"username": "alice",'), 400)
    assert malformed["error"] == "parse_error" and "JSON" in malformed["detail"]
    assert not Token.objects.exists()


def test_token_429_after_the_login_rate(client_for, settings):
    login_rate(settings, "3/min")
    UserFactory(username="alice")
    client = client_for()
    for _ in range(3):
        assert client.post("/api/v1/auth/token/", {"username": "alice", "password": "wrong-guess"}).status == 400
    # Over the rate even the right password is refused, so guessing cannot continue.
    reply = client.post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD})
    payload = _error(reply, 429)
    assert payload["error"] == "throttled"
    assert int(reply.headers["Retry-After"]) > 0
    assert not Token.objects.exists()


def test_token_429_when_one_address_tries_many_usernames(client_for, settings):
    login_rate(settings, "100/min", address_rate="4/min")
    client = client_for()
    for i in range(4):
        assert client.post("/api/v1/auth/token/", {"username": f"user{i}", "password": "guess-guess"}).status == 400
    assert _error(client.post("/api/v1/auth/token/", {"username": "user9", "password": "x"}), 429)["error"] == "throttled"


def test_unknown_api_path_is_a_json_404(client_for):
    payload = _error(client_for().get("/api/v1/nope/"), 404)
    assert payload["error"] == "not_found" and "/api/v1/nope/" in payload["detail"]


# --- GET /api/v1/tasks/next/ --------------------------------------------------------------


def test_next_200_leases_an_image(client_for, make_images, annotator):
    images = make_images(3)
    reply = client_for(annotator).get("/api/v1/tasks/next/")
    assert reply.status == 200
    task = reply.json()
    assert set(task) == {"image", "image_url", "expires_at"}
    assert task["image"] in {i.pk for i in images}
    assert task["image_url"] == f"/api/v1/images/{task['image']}/file/"
    expires = datetime.fromisoformat(task["expires_at"])
    assert timedelta(seconds=590) < expires - timezone.now() <= timedelta(seconds=600)
    lease = Lease.objects.get(annotator=annotator)
    assert lease.image_id == task["image"] and lease.expires_at == expires


def test_next_204_when_nothing_is_left(client_for, make_images, annotator):
    client = client_for(annotator)
    empty = client.get("/api/v1/tasks/next/")
    assert (empty.status, empty.body) == (204, b"")
    make_images(1)
    task = client.get("/api/v1/tasks/next/").json()
    assert client.post("/api/v1/votes/", {"image": task["image"], "label": "neutral"}).status == 201
    done = client.get("/api/v1/tasks/next/")
    assert (done.status, done.body) == (204, b"")


def test_next_401_without_or_with_a_bad_token(client_for, make_images):
    make_images(1)
    anonymous = client_for().get("/api/v1/tasks/next/")
    assert _error(anonymous, 401)["error"] == "not_authenticated"
    assert anonymous.headers["WWW-Authenticate"].startswith("Token")
    forged = client_for()
    forged.token = "0" * 40
    assert _error(forged.get("/api/v1/tasks/next/"), 401)["error"] == "authentication_failed"
    assert not Lease.objects.exists()


@pytest.mark.parametrize("role", ["admin", "researcher"])
def test_next_403_for_admin_and_researcher(client_for, make_images, role):
    make_images(1)
    payload = _error(client_for(UserFactory(role=role)).get("/api/v1/tasks/next/"), 403)
    assert payload["error"] == "not_an_annotator"
    assert not Lease.objects.exists()


# --- POST /api/v1/votes/ ------------------------------------------------------------------


def test_vote_201_with_class_name_or_number(client_for, make_images, annotator):
    make_images(3)
    client = client_for(annotator)
    for label, stored in (("happiness", 4), (2, 2), ("7", 7)):
        task = client.get("/api/v1/tasks/next/").json()
        reply = client.post("/api/v1/votes/", {"image": task["image"], "label": label, "time_taken_ms": 850})
        assert reply.status == 201, reply.body
        vote = reply.json()
        assert (vote["image"], vote["label"]) == (task["image"], EMOTIONS[stored - 1])  # always the name
        row = Vote.objects.get(pk=vote["id"])
        assert (row.annotator_id, row.image_id, row.label, row.time_taken_ms) == (
            annotator.pk, task["image"], stored, 850)
    assert not Lease.objects.exists()
    assert sorted(Image.objects.values_list("n_votes", flat=True)) == [1, 1, 1]


def _vote_field_cases(image_id: int) -> list[tuple[str, object, str]]:
    ok = {"image": image_id, "label": "happiness"}
    return [
        ("unknown label", {**ok, "label": "joy"}, "label"),
        ("label 0", {**ok, "label": 0}, "label"),
        ("label 8", {**ok, "label": 8}, "label"),
        ("label true", {**ok, "label": True}, "label"),
        ("label false", {**ok, "label": False}, "label"),
        ("label null", {**ok, "label": None}, "label"),
        ("label float", {**ok, "label": 4.0}, "label"),
        ("label list", {**ok, "label": ["happiness"]}, "label"),
        ("label superscript digit", {**ok, "label": "\u00b2"}, "label"),
        ("missing label", {"image": image_id}, "label"),
        ("missing image", {"label": "happiness"}, "image"),
        ("image text", {**ok, "image": "abc"}, "image"),
        ("image true", {**ok, "image": True}, "image"),
        ("image zero", {**ok, "image": 0}, "image"),
        ("image fraction", {**ok, "image": 1.5}, "image"),
        ("image object", {**ok, "image": {"id": image_id}}, "image"),
        ("negative time", {**ok, "time_taken_ms": -1}, "time_taken_ms"),
        ("time text", {**ok, "time_taken_ms": "fast"}, "time_taken_ms"),
        ("time true", {**ok, "time_taken_ms": True}, "time_taken_ms"),
        ("empty object", {}, "image"),
        ("a list", [ok], "non_field_errors"),
        ("a string", "happiness", "non_field_errors"),
    ]


def test_vote_400_says_what_is_wrong_and_writes_nothing(client_for, make_images, annotator):
    make_images(1)
    client = client_for(annotator)
    image_id = client.get("/api/v1/tasks/next/").json()["image"]
    for case, body, field in _vote_field_cases(image_id):
        payload = _error(client.post("/api/v1/votes/", body), 400)
        assert field in payload.get("fields", {}), (case, payload)
        assert all(isinstance(m, str) and m for m in payload["fields"][field]), (case, payload)
    unknown = _error(client.post("/api/v1/votes/", {"image": image_id, "label": "joy"}), 400)
    assert "'joy'" in unknown["fields"]["label"][0] and "happiness" in unknown["fields"]["label"][0]
    for raw in (b'{"image": 1, "label":', b"not json", b"\xff\xfe"):
        malformed = _error(client.post("/api/v1/votes/", raw=raw), 400)
        assert malformed["error"] == "parse_error", (raw, malformed)
    # Nothing was written: no vote, and the lease is still there and still counted.
    assert not Vote.objects.exists()
    assert Lease.objects.filter(annotator=annotator, image_id=image_id).exists()
    image = Image.objects.get(pk=image_id)
    assert (image.load, image.n_votes) == (1, 0)


def test_vote_409_when_already_voted_or_no_live_lease(client_for, make_images, annotator):
    first, second = make_images(2)
    client = client_for(annotator)
    task = client.get("/api/v1/tasks/next/").json()
    other = second if task["image"] == first.pk else first
    assert client.post("/api/v1/votes/", {"image": task["image"], "label": 1}).status == 201
    again = _error(client.post("/api/v1/votes/", {"image": task["image"], "label": 2}), 409)
    assert again["error"] == "already_voted"
    never_leased = _error(client.post("/api/v1/votes/", {"image": other.pk, "label": 2}), 409)
    assert never_leased["error"] == "no_live_lease"
    # An expired lease is no lease either.
    assert client.get("/api/v1/tasks/next/").json()["image"] == other.pk
    Lease.objects.filter(annotator=annotator).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = _error(client.post("/api/v1/votes/", {"image": other.pk, "label": 2}), 409)
    assert expired["error"] == "no_live_lease"
    assert list(Vote.objects.values_list("image_id", "label")) == [(task["image"], 1)]


@pytest.mark.parametrize("role", ["admin", "researcher"])
def test_vote_403_for_a_user_who_is_not_an_annotator(client_for, make_images, role):
    (image,) = make_images(1)
    payload = _error(client_for(UserFactory(role=role)).post("/api/v1/votes/", {"image": image.pk, "label": 4}), 403)
    assert payload["error"] == "not_an_annotator"
    assert not Vote.objects.exists()


def test_vote_404_for_an_unknown_image(client_for, make_images, annotator):
    make_images(1)
    client = client_for(annotator)
    for image_id in (10**9, 2**63 - 1):
        payload = _error(client.post("/api/v1/votes/", {"image": image_id, "label": "anger"}), 404)
        assert payload["error"] == "image_not_found", (image_id, payload)
    beyond = _error(client.post("/api/v1/votes/", {"image": 2**63, "label": "anger"}), 400)  # not a 500
    assert "image" in beyond["fields"]
    assert _error(client.get(f"/api/v1/images/{10**30}/file/"), 404)["error"] == "not_found"
    assert not Vote.objects.exists()


# --- POST /api/v1/tasks/skip/ -------------------------------------------------------------


def test_skip_204_then_409(client_for, make_images, annotator):
    make_images(2)
    client = client_for(annotator)
    skipped = client.get("/api/v1/tasks/next/").json()["image"]
    reply = client.post("/api/v1/tasks/skip/", {"image": skipped})
    assert (reply.status, reply.body) == (204, b"")
    assert Skip.objects.filter(annotator=annotator, image_id=skipped).exists()
    assert Image.objects.get(pk=skipped).load == 0
    assert _error(client.post("/api/v1/tasks/skip/", {"image": skipped}), 409)["error"] == "no_live_lease"
    assert client.get("/api/v1/tasks/next/").json()["image"] != skipped
    assert _error(client.post("/api/v1/tasks/skip/", {"image": 10**9}), 404)["error"] == "image_not_found"
    assert "image" in _error(client.post("/api/v1/tasks/skip/", {"image": "x"}), 400)["fields"]


# --- GET /api/v1/me/ ----------------------------------------------------------------------


def test_me_counts_only_your_own_labels(client_for, make_images):
    make_images(3)
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    alice_client, bob_client = client_for(alice), client_for(bob)
    for _ in range(2):
        task = alice_client.get("/api/v1/tasks/next/").json()
        assert alice_client.post("/api/v1/votes/", {"image": task["image"], "label": 3}).status == 201
    task = bob_client.get("/api/v1/tasks/next/").json()
    assert bob_client.post("/api/v1/votes/", {"image": task["image"], "label": 5}).status == 201
    me = alice_client.get("/api/v1/me/").json()
    assert me == {"username": "alice", "role": "annotator", "labels_today": 2, "labels_total": 2}
    assert bob_client.get("/api/v1/me/?username=alice").json()["labels_total"] == 1
    assert client_for().get("/api/v1/me/").status == 401


# --- GET image_url --------------------------------------------------------------------------


def test_image_file_only_for_the_annotator_it_was_handed_to(client_for, make_images, annotator):
    images = make_images(2)
    holder = client_for(annotator)
    task = holder.get("/api/v1/tasks/next/").json()
    image = next(i for i in images if i.pk == task["image"])
    reply = holder.get(task["image_url"], headers={"Accept": "*/*"})
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "image/png"
    assert reply.body == image.file.open("rb").read()
    stranger = client_for(UserFactory())
    assert _error(stranger.get(task["image_url"]), 403)["error"] == "permission_denied"
    assert _error(holder.get("/api/v1/images/999999999/file/"), 404)["error"] == "not_found"
    assert client_for().get(task["image_url"]).status == 401
    # Having voted, the annotator may still see the face they labeled.
    assert holder.post("/api/v1/votes/", {"image": task["image"], "label": "fear"}).status == 201
    assert holder.get(task["image_url"], headers={"Accept": "*/*"}).status == 200
