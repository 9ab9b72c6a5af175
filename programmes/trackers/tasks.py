"""Celery tasks of the trackers: thin wrappers around the sync (beat runs the reconciliation)."""

from celery import shared_task

from programmes.models import TrackerConnection
from programmes.trackers.http import TrackerError
from programmes.trackers.sync import connection_sync


@shared_task(ignore_result=True, time_limit=1800)
def tracker_sync(connection_id: int) -> int | None:
    connection = TrackerConnection.objects.filter(pk=connection_id).first()
    if connection is None:
        return None
    try:
        return connection_sync(connection=connection)
    except TrackerError:
        return None  # kept on the connection for the Integrations page; beat tries again


@shared_task(ignore_result=True)
def trackers_reconcile() -> int:
    """Queue a sync of every connection: what a lost webhook missed arrives within the hour."""
    ids = list(TrackerConnection.objects.filter(mappings__isnull=False).distinct()
               .values_list("pk", flat=True))
    for connection_id in ids:
        tracker_sync.delay(connection_id)
    return len(ids)
