"""The labeling loop of bench/labeling_load.py, driven against Label Studio (the issue #2 peer).

    .venv/bin/python bench/labelstudio_peer.py --ls-venv /tmp/ls-venv --images 30000 --annotators 24 --seconds 30

Label Studio is not a dependency of facecrowd: it lives in its own virtualenv (given by
--ls-venv, e.g. `python3.11 -m venv /tmp/ls-venv && /tmp/ls-venv/bin/pip install
label-studio==1.23.2 uwsgi`), and everything of it runs as subprocesses of that venv's Python
and uwsgi. This script:

1. drops and creates the scratch database --database on the local PostgreSQL and points
   Label Studio at it with its own environment variables (DJANGO_DB=default, POSTGRE_NAME,
   POSTGRE_USER, POSTGRE_PASSWORD, POSTGRE_HOST, POSTGRE_PORT; LABEL_STUDIO_BASE_DATA_DIR in a
   temp dir), with Sentry, analytics and the version check off so nothing leaves loopback;
2. runs its migrations (`manage.py migrate`);
3. in its Django shell (`manage.py shell -c`) creates an organization with legacy API tokens
   enabled (what `label-studio start --enable-legacy-api-token` does), an owner and N annotator
   users, each with its DRF token (created by Label Studio's own post-save signal);
4. serves it with uwsgi (the server of Label Studio's own Docker image, deploy/uwsgi.ini, with
   the same process x thread count as facecrowd's gunicorn), on 127.0.0.1 only;
5. through its REST API (owner's token) creates a project with a seven-choice image
   classification config, "Uniform sampling" (random) and maximum_annotations (overlap) = the
   label target, imports the tasks ({"image": URL}; the URLs are never fetched) and ANALYZEs
   the database, as bench/labeling_load.py does after its bulk insert;
6. drives the same client as bench/labeling_load.py: one keep-alive connection per annotator,
   each with its own token doing GET /api/projects/<id>/next/ then
   POST /api/tasks/<task>/annotations/ with a choices result, for a fixed time;
7. prints the same figure lines as bench/labeling_load.py, then checks the same three
   invariants in Label Studio's tables (reported, not enforced: they are facecrowd's promises,
   not Label Studio's).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.labeling_load import Loop, drive_loop, print_figures
from bench.scratch_db import loop_invariant_problems, recreate_database

# RAF-DB order, as facecrowd's labeling page (labels 1-7).
CLASSES = ("surprise", "fear", "disgust", "happiness", "sadness", "anger", "neutral")

LABEL_CONFIG = (
    '<View>\n  <Image name="image" value="$image"/>\n'
    '  <Choices name="label" toName="image" choice="single-radio" showInline="true">\n'
    + "".join(f'    <Choice value="{c}" hotkey="{i}"/>\n' for i, c in enumerate(CLASSES, 1))
    + "  </Choices>\n</View>"
)

# Runs inside Label Studio's `manage.py shell`; argv-like input comes through the environment.
SETUP_USERS = r'''
import json, os
from django.db import transaction
from organizations.models import Organization
from users.models import User
n = int(os.environ["BENCH_ANNOTATORS"])
with transaction.atomic():
    owner = User.objects.create_user(email="owner@bench.local", password="bench-owner-pw-0123")
    owner.is_staff = owner.is_superuser = True
    owner.save()
    org = Organization.create_organization(created_by=owner, title="bench", legacy_api_tokens_enabled=True)
    org.jwt.legacy_api_tokens_enabled = True
    org.jwt.save()
    owner.active_organization = org
    owner.save(update_fields=["active_organization"])
    annotators = []
    for i in range(1, n + 1):
        user = User.objects.create_user(email=f"load{i}@bench.local", password=None)
        org.add_user(user)
        user.active_organization = org
        user.save(update_fields=["active_organization"])
        annotators.append(user)
print("BENCH_JSON " + json.dumps({
    "owner": owner.get_token().key,
    "annotators": [u.get_token().key for u in annotators],
}))
'''


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(p)
    p.add_argument("--images", type=int, default=30_000)
    p.add_argument("--annotators", type=int, default=24)
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--target", type=int, default=40, help="annotations per task (Label Studio's maximum_annotations)")
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL without database")
    args = p.parse_args(argv)
    args.ls_processes = args.ls_processes or int(os.environ.get("GUNICORN_WORKERS", "3"))
    args.ls_threads = args.ls_threads or int(os.environ.get("GUNICORN_THREADS", "4"))
    return args


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The Label Studio options (shared with bench/labeling_vs_labelstudio.py)."""
    p.add_argument("--ls-venv", type=Path, required=True, help="virtualenv with label-studio and uwsgi installed")
    p.add_argument("--ls-processes", type=int, default=None,
                   help="uwsgi processes (default: facecrowd's gunicorn workers, 3)")
    p.add_argument("--ls-threads", type=int, default=None,
                   help="uwsgi threads per process (default: facecrowd's gunicorn threads, 4)")
    p.add_argument("--ls-port", type=int, default=8766)
    p.add_argument("--ls-database", default="ls_bench")


class LabelStudio:
    """A scratch Label Studio: its venv, database, data dir and uwsgi server."""

    def __init__(self, venv: Path, pg_url: str, database: str, port: int):
        self.venv = venv.resolve()
        self.python = self.venv / "bin" / "python"
        self.uwsgi = self.venv / "bin" / "uwsgi"
        for exe in (self.python, self.uwsgi):
            if not exe.exists():
                raise SystemExit(f"{exe} not found: install label-studio and uwsgi into {self.venv}")
        self.package = Path(subprocess.check_output(
            [str(self.python), "-c", "import label_studio, os; print(os.path.dirname(label_studio.__file__))"],
            text=True).strip())
        self.version = subprocess.check_output(
            [str(self.python), "-c", "import label_studio; print(label_studio.__version__)"], text=True).strip()
        self.pg_url, self.database, self.port = pg_url, database, port
        self.data_dir = Path(tempfile.mkdtemp(prefix="ls-bench-"))
        pg = psycopg2.extensions.parse_dsn(f"{pg_url}/{database}")
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LABEL_STUDIO_", "VIRTUAL_ENV"))},
            "PATH": f"{self.venv / 'bin'}:{os.environ.get('PATH', '')}",
            "DJANGO_SETTINGS_MODULE": "core.settings.label_studio",
            "DJANGO_DB": "default",
            "POSTGRE_NAME": database,
            "POSTGRE_USER": pg.get("user", "postgres"),
            "POSTGRE_PASSWORD": pg.get("password", ""),
            "POSTGRE_HOST": pg.get("host", "127.0.0.1"),
            "POSTGRE_PORT": pg.get("port", "5432"),
            "LABEL_STUDIO_BASE_DATA_DIR": str(self.data_dir),
            "SECRET_KEY": "ls-bench-only-secret-key-0123456789abcdefghijkl",
            "DEBUG": "0",
            "LOG_LEVEL": "ERROR",
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "1",
            # Nothing leaves loopback: no error reporting, usage analytics or PyPI version check.
            "SENTRY_DSN": "",
            "FRONTEND_SENTRY_DSN": "",
            "COLLECT_ANALYTICS": "0",
            "LATEST_VERSION_CHECK": "0",
        }
        self.server: subprocess.Popen | None = None
        self.log = None

    def manage(self, *argv: str, extra_env: dict | None = None) -> str:
        done = subprocess.run([str(self.python), "manage.py", *argv], cwd=self.package,
                              env={**self.env, **(extra_env or {})}, capture_output=True, text=True, check=False)
        if done.returncode:
            raise SystemExit(f"label-studio manage.py {argv[0]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def create_database(self) -> None:
        recreate_database(self.pg_url, self.database)
        self.manage("migrate", "-v0")

    def create_users(self, annotators: int) -> tuple[str, list[str]]:
        out = self.manage("shell", "-c", SETUP_USERS, extra_env={"BENCH_ANNOTATORS": str(annotators)})
        line = next(ln for ln in out.splitlines() if ln.startswith("BENCH_JSON "))
        tokens = json.loads(line.split(" ", 1)[1])
        return tokens["owner"], tokens["annotators"]

    def serve(self, processes: int, threads: int) -> None:
        """uwsgi as in Label Studio's deploy/uwsgi.ini (HTTP router, master, threads enabled,
        thunder-lock, lazy-apps, request logging off), but with a fixed number of workers from
        the start (no `cheaper` scaling) and HTTP keep-alive on the router."""
        self.log = open(self.data_dir / "uwsgi.log", "w")  # noqa: SIM115 (closed in stop())
        self.server = subprocess.Popen(
            [str(self.uwsgi), "--http", f"127.0.0.1:{self.port}", "--http-keepalive",
             "--chdir", str(self.package), "--module", "core.wsgi:application",
             "--master", "--processes", str(processes), "--threads", str(threads), "--enable-threads",
             "--single-interpreter", "--need-app", "--lazy-apps", "--thunder-lock", "--die-on-term",
             "--buffer-size", "65535", "--post-buffering", "4096", "--http-timeout", "300",
             "--disable-logging", "--log-5xx", "--ignore-sigpipe", "--ignore-write-errors",
             "--disable-write-exception", "--env", "APP_WEBSERVER=uwsgi"],
            cwd=self.package, env=self.env, stdout=subprocess.DEVNULL, stderr=self.log,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise SystemExit(f"uwsgi exited:\n{(self.data_dir / 'uwsgi.log').read_text()[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                self.api("GET", "/api/version/")  # the app loads in the worker on the first request
                return
            except OSError:
                time.sleep(0.5)
        raise SystemExit("uwsgi did not start")

    def api(self, method: str, path: str, body=None, token: str | None = None, timeout: float = 600):
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method, headers=headers,
                                     data=None if body is None else json.dumps(body).encode())
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return json.loads(response.read() or b"null")

    def create_project(self, owner: str, images: int, target: int) -> dict:
        project = self.api("POST", "/api/projects/", {
            "title": "facecrowd bench", "label_config": LABEL_CONFIG,
            "sampling": "Uniform sampling", "maximum_annotations": target,
            "show_skip_button": True, "enable_empty_annotation": False,
        }, owner)
        chunk = 5_000
        for start in range(1, images + 1, chunk):
            tasks = [{"image": f"http://127.0.0.1:9/faces/bench/{i}.png"} for i in range(start, min(start + chunk, images + 1))]
            self.api("POST", f"/api/projects/{project['id']}/import", tasks, owner)
        conn = psycopg2.connect(f"{self.pg_url}/{self.database}")
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("ANALYZE")  # as bench/labeling_load.py does after its bulk insert
        conn.close()
        return self.api("GET", f"/api/projects/{project['id']}/", token=owner)

    def stop(self) -> None:
        if self.server and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        if self.log:
            self.log.close()

    def check_invariants(self, target: int, acked: list) -> list[str]:
        """facecrowd's three invariants, measured on Label Studio's tables (task_completion)."""
        return loop_invariant_problems(f"{self.pg_url}/{self.database}", table="task_completion", item="task_id",
                                       worker="completed_by_id", target=target, acked=acked, noun="annotation")

    def cleanup(self) -> None:
        shutil.rmtree(self.data_dir, ignore_errors=True)


def labelstudio_loop(project_id: int) -> Loop:
    def vote(task: int, rng) -> tuple[str, dict]:
        label = CLASSES[int(rng.integers(0, 7))]
        return f"/api/tasks/{task}/annotations/", {
            "result": [{"from_name": "label", "to_name": "image", "type": "choices", "value": {"choices": [label]}}],
            "lead_time": 1.0,
        }

    return Loop(
        next_path=f"/api/projects/{project_id}/next/",
        task_of=lambda payload: json.loads(payload)["id"],
        vote=vote,
        warm_path="/api/current-user/whoami",
        done_status=404,  # "There are no tasks for <user>"
    )


def run(args: argparse.Namespace, log=print) -> tuple[dict, dict]:
    """Set up Label Studio, serve it, drive the loop; return (stats, info)."""
    ls = LabelStudio(args.ls_venv, args.pg, args.ls_database, args.ls_port)
    info = {"version": ls.version, "server": f"uwsgi={args.ls_processes}x{args.ls_threads} (label-studio {ls.version})"}
    try:
        t0 = time.perf_counter()
        ls.create_database()
        log(f"label-studio {ls.version}: migrated {args.ls_database} in {time.perf_counter() - t0:.0f} s")
        owner, tokens = ls.create_users(args.annotators)
        ls.serve(args.ls_processes, args.ls_threads)
        t0 = time.perf_counter()
        project = ls.create_project(owner, args.images, args.target)
        log(f"label-studio project {project['id']}: {project['task_number']} tasks imported in "
            f"{time.perf_counter() - t0:.0f} s, sampling={project['sampling']!r}, "
            f"maximum_annotations={project['maximum_annotations']}")
        if project["task_number"] != args.images or project["maximum_annotations"] != args.target:
            raise SystemExit(f"project not as asked: {project}")
        stats = asyncio.run(drive_loop(args.ls_port, tokens, args.seconds, labelstudio_loop(project["id"])))
    finally:
        ls.stop()
        ls.cleanup()
    info["problems"] = ls.check_invariants(args.target, stats["acked"])
    return stats, info


def report(args: argparse.Namespace, stats: dict, info: dict) -> None:
    print_figures(args.images, args.annotators, stats, info["server"])
    problems = info["problems"]
    print("invariants:", "OK (no double annotation, no task over maximum_annotations, no acknowledged annotation lost)"
          if not problems else problems)


def main() -> None:
    args = parse_args()
    stats, info = run(args)
    report(args, stats, info)


if __name__ == "__main__":
    main()
