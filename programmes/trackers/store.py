"""Storing what a tracker said of its items: by the tracker's id, in batches."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from django.db import transaction
from django.utils import timezone

from programmes.models import TrackerItem, TrackerMapping
from programmes.trackers.items import Item

BATCH = 500
FIELDS = ["key", "is_change", "title", "url", "state", "blocked", "points", "sprint",
          "opened_at", "closed_at", "updated_at", "team", "gone_at"]


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
                       updated_at=item.updated_at,
                       gone_at=timezone.now() if item.gone else None)

