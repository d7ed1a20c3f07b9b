"""Django settings. Values come from annotation_site/env.py (environment variables only)."""
from __future__ import annotations

import environ

from annotation_site import env as cfg

BASE_DIR = cfg.BASE_DIR
SECRET_KEY = cfg.SECRET_KEY
DEBUG = cfg.DEBUG
ALLOWED_HOSTS = cfg.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = cfg.CSRF_TRUSTED_ORIGINS

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "annotation_site.accounts",
    "annotation_site.labeling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "annotation_site.urls"
WSGI_APPLICATION = "annotation_site.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "label"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project-level overrides of third-party templates (e.g. a CDN-free Redoc page).
        "DIRS": [BASE_DIR / "annotation_site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if cfg.DATABASE_URL:
    DATABASES = {"default": environ.Env.db_url_config(cfg.DATABASE_URL)}
    # Persistent connections: the labeling loop is many tiny requests.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "db.sqlite3",
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                # WAL lets the page read while a vote commits; NORMAL sync is safe with WAL.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if cfg.REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cfg.REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request without it
MEDIA_ROOT = cfg.MEDIA_ROOT
MEDIA_URL = "media/"
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step
DATA_UPLOAD_MAX_MEMORY_SIZE = cfg.MAX_IMAGE_BYTES

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and not cfg.env.bool("FACECROWD_INSECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "annotation_site.api_errors.json_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"login": cfg.LOGIN_RATE, "login_address": cfg.LOGIN_ADDRESS_RATE},
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "facecrowd API",
    "DESCRIPTION": "Crowdsourced facial-expression labeling (RAF-DB style).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # assets shipped in a package: no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI would otherwise send the schema URL to an external validator service.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# Celery: Redis when configured, otherwise tasks run in-process (the embedded demo default).
CELERY_BROKER_URL = cfg.REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = cfg.REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not cfg.REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "reliability.*": {"queue": "reliability"},
    "training.*": {"queue": "training"},
}
CELERY_BEAT_SCHEDULE = {
    "reclaim-expired-leases": {"task": "labeling.reclaim_expired_leases", "schedule": 60.0},
}

FACECROWD = {
    "LABELS_PER_IMAGE": cfg.LABELS_PER_IMAGE,
    "LEASE_SECONDS": cfg.LEASE_SECONDS,
    "MAX_IMAGE_BYTES": cfg.MAX_IMAGE_BYTES,
    "MAX_IMAGE_PIXELS": cfg.MAX_IMAGE_PIXELS,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": cfg.LOG_LEVEL},
    "loggers": {"django.request": {"level": "ERROR"}},
}
