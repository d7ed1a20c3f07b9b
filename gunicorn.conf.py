"""gunicorn settings for the web service (env: GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_BIND)."""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# The labeling loop is many short requests that mostly wait on Postgres: a few processes,
# each with a few threads, keep the cores busy without a connection per request.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
keepalive = 30
# Import Django once in the master: workers fork ready, sharing its memory.
preload_app = True
max_requests = 20000
max_requests_jitter = 2000
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
