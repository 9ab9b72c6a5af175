"""Import and reconciliation: read each mapped source from the tracker, keep what it says.

The first sync reads everything; later ones read what changed since the last success, less an
overlap, so a webhook that never came is caught by the next reconciliation (Celery beat, every
half hour). A tracker that fails leaves the items as they were and its error on the connection.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from itertools import islice

from django.db import transaction
from django.utils import timezone

from programmes.models import TrackerConnection, TrackerItem, TrackerMapping
from programmes.trackers.connectors import connector
from programmes.trackers.http import TrackerError
from programmes.trackers.items import Item

log = logging.getLogger(__name__)
OVERLAP = timedelta(days=1)  # clocks differ, and Jira's JQL reads times in the account's zone
BATCH = 500
FIELDS = ["key", "is_change", "title", "url", "state", "blocked", "points", "sprint",
          "opened_at", "closed_at", "updated_at", "team"]


def connection_sync(*, connection: TrackerConnection) -> int:
    """Read every mapped source; returns how many items were stored. On failure the error is
    kept on the connection and the items stay as they were."""
    started = timezone.now()
    since = connection.last_synced_at - OVERLAP if connection.last_synced_at else None
    stored = 0
    try:
        for mapping in connection.mappings.select_related("team"):
            fetched = connector(connection.kind).fetch(connection, mapping.source, since)
            stored += items_store(mapping=mapping, items=fetched)
    except TrackerError as error:
        log.warning("tracker %s: %s", connection.pk, error)
        TrackerConnection.objects.filter(pk=connection.pk).update(
            last_error=str(error)[:1000], last_error_at=timezone.now())
        raise
    TrackerConnection.objects.filter(pk=connection.pk).update(last_synced_at=started)
    return stored


def items_store(*, mapping: TrackerMapping, items: Iterable[Item]) -> int:
    """Insert or update by the tracker's id, in batches (memory stays flat for a year of items)."""
    count = 0
    items = iter(items)
    while batch := list(islice(items, BATCH)):
        with transaction.atomic():
            TrackerItem.objects.bulk_create(
                [item_row(mapping, item) for item in batch],
                update_conflicts=True, unique_fields=["mapping", "external_id"],
                update_fields=FIELDS)
        count += len(batch)
    return count


def item_row(mapping: TrackerMapping, item: Item) -> TrackerItem:
    return TrackerItem(mapping=mapping, team_id=mapping.team_id, external_id=item.external_id,
                       key=item.key, is_change=item.is_change, title=item.title, url=item.url,
                       state=item.state, blocked=item.blocked, points=item.points,
                       sprint=item.sprint, opened_at=item.opened_at, closed_at=item.closed_at,
                       updated_at=item.updated_at)
