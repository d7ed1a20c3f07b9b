"""Security of the site over real HTTP: CSRF, login throttling, logout, privacy of votes, settings."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from annotation_site.labeling.models import Vote
from tests.shared_data import REPO_ROOT
from tests.site.conftest import PASSWORD, UserFactory
from tests.site.http_client import Client, login_rate

HTML = {"Accept": "text/html"}


def _csrf_from_page(body: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert match, "no CSRF token in the page"
    return match.group(1).decode()


def _login(client: Client, username: str, password: str = PASSWORD):
    token = _csrf_from_page(client.get("/login/", headers=HTML).body)
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    return client.request("POST", "/login/", form=form, headers=HTML)


@pytest.mark.django_db(transaction=True)
def test_login_page_has_csrf_and_refuses_posts_without_it(live_server):
    UserFactory(username="alice")
    client = Client(live_server.url)
    page = client.get("/login/", headers=HTML)
    assert page.status == 200
    assert _csrf_from_page(page.body) and "csrftoken" in client.cookies
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    no_token = client.request("POST", "/login/", form={"username": "alice", "password": PASSWORD}, headers=HTML)
    assert no_token.status == 403 and "sessionid" not in client.cookies
    no_cookie = Client(live_server.url).request(
        "POST", "/login/", headers=HTML,
        form={"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": _csrf_from_page(page.body)},
    )
    assert no_cookie.status == 403
    ok = _login(client, "alice")
    assert (ok.status, ok.headers["Location"]) == (302, "/label/")
    assert "sessionid" in client.cookies
    assert b"alice" in client.get("/label/", headers=HTML).body


@pytest.mark.django_db(transaction=True)
def test_login_never_redirects_off_site(live_server):
    UserFactory(username="alice")
    client = Client(live_server.url)
    token = _csrf_from_page(client.get("/login/", headers=HTML).body)
    form = {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "https://evil.example/"}
    reply = client.request("POST", "/login/", form=form, headers=HTML)
    assert (reply.status, reply.headers["Location"]) == (302, "/label/")


@pytest.mark.django_db(transaction=True)
def test_login_form_is_throttled(live_server, settings):
    login_rate(settings, "3/min")
    UserFactory(username="alice")
    client = Client(live_server.url)
    for _ in range(3):
        wrong = _login(client, "alice", "wrong-guess")
        assert wrong.status == 200 and "sessionid" not in client.cookies
    throttled = _login(client, "alice")  # the right password, but over the rate
    assert throttled.status == 429
    assert b"Too many login attempts" in throttled.body
    assert "sessionid" not in client.cookies
    assert client.get("/label/", headers=HTML).status == 302


@pytest.mark.django_db(transaction=True)
def test_logout_is_a_post(live_server):
    UserFactory(username="alice")
    client = Client(live_server.url)
    assert _login(client, "alice").status == 302
    assert client.get("/logout/", headers=HTML).status == 405
    assert client.get("/label/", headers=HTML).status == 200  # a GET (a link, an <img>) logs nobody out
    assert b'method="post" action="/logout/"' in client.get("/label/", headers=HTML).body
    logout = client.request("POST", "/logout/", headers={**HTML, "X-CSRFToken": client.cookies["csrftoken"]})
    assert (logout.status, logout.headers["Location"]) == (302, "/login/")
    after = client.get("/label/", headers=HTML)
    assert after.status == 302 and after.headers["Location"].startswith("/login/")


@pytest.mark.django_db(transaction=True)
def test_session_authenticated_api_post_needs_the_csrf_token(live_server, make_images):
    make_images(1)
    UserFactory(username="alice")
    client = Client(live_server.url)
    assert _login(client, "alice").status == 302
    task = client.get("/api/v1/tasks/next/").json()  # a session GET is fine
    vote = {"image": task["image"], "label": "surprise"}
    refused = client.post("/api/v1/votes/", vote)
    assert refused.status == 403
    assert refused.json()["error"] == "permission_denied" and "CSRF" in refused.json()["detail"]
    assert not Vote.objects.exists()
    accepted = client.post("/api/v1/votes/", vote, headers={"X-CSRFToken": client.cookies["csrftoken"]})
    assert accepted.status == 201


@pytest.mark.django_db(transaction=True)
def test_an_annotator_cannot_read_or_change_other_annotators_votes(live_server, client_for, make_images):
    make_images(2)
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    alice_api, bob_api = client_for(alice), client_for(bob)
    task = alice_api.get("/api/v1/tasks/next/").json()
    vote_id = alice_api.post("/api/v1/votes/", {"image": task["image"], "label": "disgust"}).json()["id"]
    replies = [bob_api.request(method, "/api/v1/votes/") for method in ("GET", "PUT", "PATCH", "DELETE")]
    assert [r.status for r in replies] == [405] * 4
    replies.append(bob_api.get(f"/api/v1/votes/{vote_id}/"))
    assert replies[-1].status == 404
    replies.append(bob_api.get(task["image_url"]))
    assert replies[-1].status == 403
    replies.append(bob_api.post("/api/v1/votes/", {"image": task["image"], "label": "anger"}))
    assert replies[-1].status == 409
    replies.append(bob_api.get("/api/v1/me/"))
    assert replies[-1].json()["labels_total"] == 0
    bob_browser = Client(live_server.url)
    assert _login(bob_browser, "bob").status == 302
    replies.append(bob_browser.get("/admin/labeling/vote/", headers=HTML))
    assert replies[-1].status == 302 and "/admin/login/" in replies[-1].headers["Location"]
    for reply in replies:
        assert b"alice" not in reply.body and b"disgust" not in reply.body
    page = bob_browser.get("/label/", headers=HTML)  # it lists every class, but no one else's votes
    assert page.status == 200 and b"alice" not in page.body
    assert re.search(rb'id="count-total">0<', page.body)
    assert list(Vote.objects.values_list("annotator__username", "label")) == [("alice", 3)]


# --- settings: run in a fresh interpreter with a controlled environment ----------------------

_PRINT_SETTINGS = (
    "import json; from django.conf import settings; "
    "print(json.dumps({'debug': settings.DEBUG, 'secure_cookies': settings.SESSION_COOKIE_SECURE}))"
)


def _load_settings(**env_vars: str) -> subprocess.CompletedProcess:
    """Import the production settings module with only the given FACECROWD_* variables set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACECROWD_")}
    env.update(DJANGO_SETTINGS_MODULE="annotation_site.settings", **env_vars)
    return subprocess.run(
        [sys.executable, "-c", _PRINT_SETTINGS], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_debug_is_off_unless_asked_for():
    secret = {"FACECROWD_SECRET_KEY": "a-production-secret-for-this-test-0123456789"}
    for env_vars, expected in (
        (secret, {"debug": False, "secure_cookies": True}),
        ({**secret, "FACECROWD_DEBUG": "0"}, {"debug": False, "secure_cookies": True}),
        ({**secret, "FACECROWD_DEBUG": "1"}, {"debug": True, "secure_cookies": False}),
    ):
        run = _load_settings(**env_vars)
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout) == expected, env_vars


def test_settings_refuse_to_load_without_a_secret_outside_development():
    for env_vars in ({}, {"FACECROWD_SECRET_KEY": ""}, {"FACECROWD_DEBUG": "0"}):
        run = _load_settings(**env_vars)
        assert run.returncode != 0, env_vars
        assert "FACECROWD_SECRET_KEY is not set" in run.stderr, run.stderr
    development = _load_settings(FACECROWD_DEBUG="1")
    assert development.returncode == 0 and json.loads(development.stdout)["debug"] is True
