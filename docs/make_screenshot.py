"""Make docs/screenshot.png, the README's picture of the labeling page.

By default it builds a throw-away site (a temporary SQLite database and media folder), imports
real face photos with `manage.py import_images` (frontal CMU photos from
../shared/data/cmu-faces-crowd, or faces drawn by `training.synth` when those are absent),
creates an annotator, gives a few labels through the REST API so the counters are not zero,
serves the site with `manage.py runserver` and photographs the page in Debian's headless
Chromium (Playwright). With --url it photographs a running site instead (live data).

    .venv/bin/python docs/make_screenshot.py                    # -> docs/screenshot.png
    .venv/bin/python docs/make_screenshot.py --url http://127.0.0.1:8000 --username U --password P
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CMU = REPO.parent / "shared" / "data" / "cmu-faces-crowd"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
USERNAME = "maria"
EMOTIONS = ("surprise", "fear", "disgust", "happiness", "sadness", "anger", "neutral")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _collect_faces(folder: Path, n: int) -> str:
    """Put n face images in `folder`; returns where they came from."""
    folder.mkdir(parents=True)
    if (CMU / "images").is_dir():
        with open(CMU / "meta.csv", newline="") as f:  # frontal photos, eyes visible
            items = [row["item"] for row in csv.DictReader(f) if row["pose"] == "straight" and row["eyes"] == "open"]
        for item in items[:n]:
            shutil.copy(CMU / "images" / f"{item}.png", folder / f"cmu-{item}.png")
        return f"{CMU / 'images'} (frontal, eyes open)"
    import numpy as np

    from training.synth import draw_face, sample_expression  # ImportError: no face source at all

    rng = np.random.default_rng(7)
    for i in range(n):
        draw_face(sample_expression(rng, compound_fraction=0.0), rng, size=256).image.save(folder / f"synth-{i}.png")
    return "training.synth (drawn faces)"


def _api(base: str, path: str, *, token: str | None = None, body: dict | None = None):
    request = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Token {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
        return response.status, (json.loads(raw) if raw else None)


def _wait_up(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the site exited with code {server.returncode} before it served a page")
        try:
            urllib.request.urlopen(base + "/login/", timeout=2).close()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    sys.exit(f"the site did not answer on {base} within {seconds:.0f} s")


def photograph(base: str, username: str, password: str, out: Path, chromium: str, scale: float) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=base, viewport={"width": 1000, "height": 600}, device_scale_factor=scale,
            reduced_motion="reduce",
        )
        page = context.new_page()
        page.goto("/label/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("form.login button[type=submit]")
        page.wait_for_url("**/label/")
        page.wait_for_function(
            """() => { const img = document.getElementById('face');
                       return !img.hidden && img.complete && img.naturalWidth > 0
                              && !document.querySelector('.choice').disabled; }""",
            timeout=15_000,
        )
        page.mouse.move(0, 0)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()


def throwaway_site(args) -> None:
    work = Path(tempfile.mkdtemp(prefix="facecrowd-shot-"))
    password = secrets.token_urlsafe(12)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "REDIS_URL": "",  # tasks in-process, local-memory cache: nothing shared is touched
        "FACECROWD_MEDIA_ROOT": str(work / "media"),
        "FACECROWD_SECRET_KEY": secrets.token_urlsafe(40),
        "FACECROWD_INSECURE_COOKIES": "1",  # plain HTTP on 127.0.0.1
        "FACECROWD_DEBUG": "0",
        "FACECROWD_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "annotation_site.settings",
    }

    def manage(*argv: str) -> None:
        subprocess.run([sys.executable, "manage.py", *argv], cwd=REPO, env=env, check=True)

    server = None
    try:
        source = _collect_faces(work / "faces", args.faces)
        print(f"faces from {source}")
        manage("migrate", "--noinput", "-v", "0")
        manage("import_images", str(work / "faces"), "--source", "screenshot/")
        manage("create_user", USERNAME, "--password", password, "--role", "annotator")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        _wait_up(base, server)
        # A few real labels through the public API, so the counters show a session in progress.
        _, body = _api(base, "/api/v1/auth/token/", body={"username": USERNAME, "password": password})
        token, rng = body["token"], random.Random(3)
        for _ in range(args.prelabel):
            status, task = _api(base, "/api/v1/tasks/next/", token=token)
            if status == 204:
                break
            _api(base, "/api/v1/votes/", token=token, body={"image": task["image"], "label": rng.choice(EMOTIONS)})
        photograph(base, USERNAME, password, args.out, args.chromium, args.scale)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshot.png")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the browser binary (Debian's chromium)")
    parser.add_argument("--scale", type=float, default=1.5, help="device pixel ratio of the picture")
    parser.add_argument("--faces", type=int, default=40, help="faces to import into the throw-away site")
    parser.add_argument("--prelabel", type=int, default=17, help="labels given through the API before the picture")
    parser.add_argument("--url", help="photograph this running site instead of a throw-away one")
    parser.add_argument("--username", help="annotator login on --url")
    parser.add_argument("--password", help="that annotator's password")
    args = parser.parse_args()
    if not Path(args.chromium).exists():
        sys.exit(f"{args.chromium} is missing: install Debian's chromium package")
    if args.url:
        if not (args.username and args.password):
            parser.error("--url needs --username and --password of an annotator")
        photograph(args.url.rstrip("/"), args.username, args.password, args.out, args.chromium, args.scale)
    else:
        throwaway_site(args)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
