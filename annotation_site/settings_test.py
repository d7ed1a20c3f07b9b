"""Settings for the test suite: production settings plus a fixed test-only secret.

Set before annotation_site.settings is imported, because outside development a missing
secret stops start-up. Subprocesses the tests start (gunicorn, Celery) use this module too.
"""
import os

os.environ.setdefault("FACECROWD_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("FACECROWD_INSECURE_COOKIES", "1")  # the test servers speak plain HTTP

from annotation_site.settings import *  # noqa: E402,F401,F403

# Django's documented speed-up for tests: the production hasher costs ~0.3 s per user by design.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
