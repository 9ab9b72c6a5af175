"""Import and reconciliation: read each mapped source from the tracker, keep what it says.

The first sync reads everything; later ones read what changed since the last success, less an
overlap, so a webhook that never came is caught by the next reconciliation (Celery beat, every
half hour). A tracker that fails leaves the items as they were and its error on the connection.

Once a day the sync lists each source whole (an inventory): an item it held that the tracker
no longer lists was deleted or moved out of the source, and is marked gone (no longer counted
in drafts or delivery figures); one listed again comes back. A mapping with a Jira board also
reads the board's sprints (see `boards.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.utils import timezone

from programmes.models import TrackerConnection, TrackerItem, TrackerKind, TrackerMapping
from programmes.trackers import boards
from programmes.trackers.connectors import connector
from programmes.trackers.http import TrackerError
from programmes.trackers.items import Item
from programmes.trackers.store import items_store

log = logging.getLogger(__name__)
JIRA_KINDS = (TrackerKind.JIRA_CLOUD, TrackerKind.JIRA_DC)
OVERLAP = timedelta(days=1)  # clocks differ, and Jira's JQL reads times in the account's zone
INVENTORY_EVERY = timedelta(days=1)


def connection_sync(*, connection: TrackerConnection) -> int:
    """Read every mapped source; returns how many items were stored. On failure the error is
    kept on the connection and the items stay as they were."""
    started = timezone.now()
    since = connection.last_synced_at - OVERLAP if connection.last_synced_at else None
    inventory = (connection.last_inventory_at is None
                 or connection.last_inventory_at <= started - INVENTORY_EVERY)
    stored = 0
    try:
        for mapping in connection.mappings.select_related("team"):
            fetched = connector(connection.kind).fetch(connection, mapping.source,
                                                       None if inventory else since)
            seen: set[str] = set()
            stored += items_store(mapping=mapping, items=_noting(fetched, seen))
            if inventory:
                items_vanished(mapping=mapping, seen=seen, at=started)
            if mapping.board is not None and connection.kind in JIRA_KINDS:
                boards.board_sync(connection=connection, mapping=mapping, at=started)
    except TrackerError as error:
        log.warning("tracker %s: %s", connection.pk, error)
        TrackerConnection.objects.filter(pk=connection.pk).update(
            last_error=str(error)[:1000], last_error_at=timezone.now())
        raise
    TrackerConnection.objects.filter(pk=connection.pk).update(
        last_synced_at=started, **({"last_inventory_at": started} if inventory else {}))
    return stored


def _noting(items: Iterable[Item], seen: set[str]) -> Iterator[Item]:
    for item in items:
        seen.add(item.external_id)
        yield item


def items_vanished(*, mapping: TrackerMapping, seen: set[str], at) -> int:
    """Mark gone the mapping's items a whole listing of its source no longer had."""
    return (TrackerItem.objects.filter(mapping=mapping, gone_at__isnull=True)
            .exclude(external_id__in=seen).update(gone_at=at))
