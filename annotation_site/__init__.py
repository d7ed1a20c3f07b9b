"""facecrowd's Django project: the labeling site, its API, admin and Celery app."""
from annotation_site.celery import app as celery_app

__all__ = ["celery_app"]
