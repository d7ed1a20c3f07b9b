"""The labeling page in a real browser: Debian's headless Chromium driven by Playwright.

Runs against pytest-django's live server (a real HTTP server in a thread, static files
included) on the test database. Locally the test skips when Chromium or Playwright is
missing; in CI (FACECROWD_REQUIRE_SERVICES=1) that is a failure.
"""
from __future__ import annotations

import io
import os
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from annotation_site.labeling import services
from annotation_site.labeling.emotions import EMOTIONS
from annotation_site.labeling.importing import image_create
from annotation_site.labeling.models import Lease, Skip, Vote
from tests.shared_data import unavailable
from tests.site.conftest import PASSWORD, UserFactory, png_bytes

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("FACECROWD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


def _missing(message: str):
    unavailable(message + " (CI must run the browser test)")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -r requirements-dev.txt)")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _missing(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    # Playwright's sync API runs an asyncio event loop in this thread, so Django would refuse the
    # ORM calls the tests make meanwhile (fixtures, assertions); they are ordinary blocking calls
    # in this thread and safe. Allowed only while this module's browser is up.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1000, "height": 760})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.js_errors = []  # uncaught exceptions and console errors: the page must have none
    page.on("pageerror", lambda exc: page.js_errors.append(f"uncaught: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and page.js_errors.append(f"console: {msg.text}"))
    page.on("response", lambda r: r.status >= 400 and page.js_errors.append(f"HTTP {r.status}: {r.url}"))
    yield page
    context.close()


def _face_png(seed: int) -> bytes:
    """A drawn face when the synthetic generator is available, otherwise a plain test PNG."""
    try:
        import numpy as np

        from training.synth import draw_face, sample_expression
    except ImportError:
        return png_bytes(seed, size=96)
    rng = np.random.default_rng(seed)
    face = draw_face(sample_expression(rng, compound_fraction=0.0), rng, size=160)
    buffer = io.BytesIO()
    face.image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def faces(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    def make(n: int):
        images = [image_create(data=_face_png(1000 + i), source=f"browser-test/{i}.png") for i in range(n)]
        assert all(images), "test faces must be distinct"
        make.created.extend(images)
        return images

    make.created = []
    return make


def _annotator():
    # A fresh name per run: the login throttle counts attempts per username in the shared cache.
    return UserFactory(username=f"browser-{uuid.uuid4().hex[:10]}")


def _log_in(page, user) -> None:
    page.goto("/label/")
    assert "/login/" in page.url, "the labeling page must ask for a login first"
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url("**/label/")


def _wait_for_face(page) -> int:
    """Wait until a face is shown and the buttons accept input; return its image id."""
    page.wait_for_function(
        """() => {
            const img = document.getElementById('face');
            return !img.hidden && img.complete && img.naturalWidth > 0
                && Array.from(document.querySelectorAll('.choice, #skip')).every((b) => !b.disabled);
        }"""
    )
    return int(page.get_attribute("#face", "data-image"))


def _counters(page) -> tuple[int, int]:
    return int(page.inner_text("#count-today")), int(page.inner_text("#count-total"))


def test_annotator_labels_three_faces_with_the_keyboard_then_skips_and_logs_out(page, faces):
    faces(4)
    annotator = _annotator()
    _log_in(page, annotator)

    assert _counters(page) == (0, 0)
    page.evaluate("window.__sameDocument = 'still here'")  # a full reload would drop this

    pressed: dict[int, int] = {}
    for n, key in enumerate(["4", "1", "7"], start=1):
        image_id = _wait_for_face(page)
        assert image_id not in pressed, "a face was shown twice"
        page.keyboard.down(key)
        page.wait_for_function(f"() => document.getElementById('count-total').textContent.trim() === '{n}'")
        pressed[image_id] = int(key)
        assert _counters(page) == (n, n)
        if n < 3:
            page.keyboard.up(key)

    # The last key is still held: its auto-repeat must not label the next face as well.
    skipped = _wait_for_face(page)
    assert skipped not in pressed
    page.keyboard.down("7")  # a second keydown without keyup: event.repeat is true
    page.keyboard.up("7")
    assert not page.is_disabled("#skip"), "a repeated keydown was taken as a new answer"
    assert _counters(page) == (3, 3)

    page.keyboard.press("0")
    page.wait_for_function("() => /all done/i.test(document.getElementById('status').textContent)")

    assert page.is_hidden("#face")
    assert all(b.is_disabled() for b in page.query_selector_all(".choice, #skip"))
    assert _counters(page) == (3, 3), "a skip is not a label"
    assert page.evaluate("window.__sameDocument") == "still here", "the page reloaded between faces"

    votes = {v.image_id: v.label for v in Vote.objects.filter(annotator=annotator)}
    assert votes == pressed
    assert {EMOTIONS[label - 1] for label in votes.values()} == {"happiness", "surprise", "neutral"}
    assert all(v.time_taken_ms is not None for v in Vote.objects.filter(annotator=annotator))
    assert list(Skip.objects.filter(annotator=annotator).values_list("image_id", flat=True)) == [skipped]
    assert not Lease.objects.filter(annotator=annotator).exists()

    page.click("#logout")
    page.wait_for_url("**/login/")
    page.goto("/label/")
    assert "/login/" in page.url, "after logging out the labeling page needs a login again"
    assert page.js_errors == []


def test_annotator_with_nothing_left_sees_all_done(page, faces):
    annotator = _annotator()
    faces(2)
    for _ in range(2):  # this annotator has already labeled every face there is
        lease = services.task_next(annotator=annotator)
        services.vote_submit(annotator=annotator, image_id=lease.image_id, label=7)
    assert services.task_next(annotator=annotator) is None

    page.goto("/login/")
    page.fill("#id_username", annotator.username)
    page.fill("#id_password", "not-the-password")
    page.click("form.login button[type=submit]")
    assert "correct username and password" in page.inner_text("form.login .error")
    assert page.input_value("#id_username") == annotator.username, "a failed login keeps the username"
    assert page.evaluate("document.activeElement.id") == "id_password", "and puts the cursor in the password"
    _log_in(page, annotator)

    page.wait_for_function("() => /all done/i.test(document.getElementById('status').textContent)")
    assert page.is_hidden("#face")
    assert _counters(page) == (2, 2)
    assert all(b.is_disabled() for b in page.query_selector_all(".choice, #skip"))
    page.keyboard.press("4")  # nothing to label: a key press changes nothing
    assert Vote.objects.filter(annotator=annotator).count() == 2
    assert page.js_errors == []


def test_a_vote_on_an_expired_lease_says_so_and_the_next_face_follows(page, faces):
    faces(2)
    annotator = _annotator()
    _log_in(page, annotator)
    first = _wait_for_face(page)
    # The annotator looked away for longer than the lease time.
    Lease.objects.filter(annotator=annotator).update(expires_at=timezone.now() - timedelta(seconds=1))

    page.keyboard.press("2")
    page.wait_for_selector("#notice:not([hidden])")
    assert "held too long" in page.inner_text("#notice")
    assert not Vote.objects.filter(annotator=annotator).exists()

    second = _wait_for_face(page)  # the loop goes on (the expired face may come back: it is in the pool again)
    assert page.is_visible("#notice"), "the error must stay readable after the next face shows"
    page.keyboard.press("2")
    page.wait_for_function("() => document.getElementById('count-total').textContent.trim() === '1'")
    assert page.is_hidden("#notice"), "a saved answer clears the old error"
    assert list(Vote.objects.filter(annotator=annotator).values_list("image_id", "label")) == [(second, 2)]
    assert first in {image.pk for image in faces.created}
    assert page.js_errors and all("409" in error for error in page.js_errors), page.js_errors  # only the refused vote
