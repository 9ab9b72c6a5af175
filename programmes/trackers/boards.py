"""A Jira board mapped to a team: its sprints, and which items each sprint started with.

"Committed" for such a team means the items in the board's sprint when it started, not the
items open at the programme's sprint start. The Agile API tells what is in a sprint now, not
what was in it at its start, so the set is recorded on the first sync that sees the sprint
active (the half-hourly reconciliation: within 30 minutes of the start) and kept; an item
added later is recorded as not committed. A sprint already closed when first seen (history
before the board was mapped) records what Jira lists in it: the best that is known.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from programmes.models import TrackerConnection, TrackerItem, TrackerMapping, TrackerSprint
from programmes.models import TrackerSprintItem as Entry
from programmes.trackers import jira
from programmes.trackers.http import parse_time
from programmes.trackers.store import items_store

RECORDED_STATES = {"active", "closed"}


def board_sync(*, connection: TrackerConnection, mapping: TrackerMapping, at: datetime) -> None:
    held = {s.external_id: s for s in TrackerSprint.objects.filter(mapping=mapping)}
    for raw in jira.board_sprints(connection, mapping.board):
        sprint = _sprint_store(mapping, raw, held.get(str(raw["id"])))
        if sprint.state not in RECORDED_STATES:
            continue
        if sprint.committed_at is None or sprint.state == "active":
            _entries_store(connection, mapping, sprint, at)


def _sprint_store(mapping: TrackerMapping, raw: dict, sprint: TrackerSprint | None
                  ) -> TrackerSprint:
    sprint = sprint or TrackerSprint(mapping=mapping, external_id=str(raw["id"]))
    sprint.name = str(raw.get("name", ""))[:200]
    sprint.state = str(raw.get("state", ""))[:10]
    sprint.started_at = parse_time(raw.get("startDate"))
    sprint.ended_at = parse_time(raw.get("completeDate") or raw.get("endDate"))
    sprint.save()
    return sprint


def _entries_store(connection, mapping, sprint: TrackerSprint, at: datetime) -> None:
    """Store the sprint's items; the first time, they are its commitment; later, additions."""
    items = list(jira.sprint_items(connection, mapping.board, sprint.external_id))
    items_store(mapping=mapping, items=items)
    ids = dict(TrackerItem.objects.filter(mapping=mapping,
                                          external_id__in=[i.external_id for i in items])
               .values_list("external_id", "pk"))
    first = sprint.committed_at is None
    with transaction.atomic():
        Entry.objects.bulk_create(
            [Entry(sprint=sprint, item_id=ids[i.external_id], committed=first) for i in items],
            ignore_conflicts=True)
        if first:
            TrackerSprint.objects.filter(pk=sprint.pk).update(committed_at=at)
            sprint.committed_at = at
