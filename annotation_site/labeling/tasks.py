"""Celery tasks of the labeling app: thin wrappers over services."""
from celery import shared_task

from annotation_site.labeling.assignment import leases_reclaim_expired


@shared_task(name="labeling.reclaim_expired_leases")
def reclaim_expired_leases() -> int:
    """Beat runs this every minute so expired leases return even when nobody asks for work."""
    return leases_reclaim_expired()
