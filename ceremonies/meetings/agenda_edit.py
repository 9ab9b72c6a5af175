"""Editing a meeting's agenda before and during the meeting; live viewers see the change."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Max
from django.utils.timezone import now
from django.utils.translation import gettext as _

from ceremonies.meetings.agendas import ItemSpec
from ceremonies.meetings.announce import version_changed
from ceremonies.meetings.carryover import carry_into
from ceremonies.meetings.state import RoomError
from ceremonies.models import AgendaItem, ItemKind, Meeting

EDITABLE = (Meeting.State.SCHEDULED, Meeting.State.RUNNING, Meeting.State.PAUSED)


def _lock(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.state not in EDITABLE:
        raise RoomError(_("The agenda of a meeting that is %(state)s is kept as it was.")
                        % {"state": locked.get_state_display().lower()})
    return locked


def _touch(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
    version_changed(meeting.pk)


@transaction.atomic
def agenda_add(*, meeting: Meeting, title: str, timebox_seconds: int,
               kind: str = ItemKind.TOPIC) -> AgendaItem:
    meeting = _lock(meeting)
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(meeting=meeting, position=last + 1, title=title, kind=kind,
                      timebox_seconds=timebox_seconds)
    item.full_clean()
    item.save()
    _touch(meeting)
    return item


@transaction.atomic
def agenda_retime(*, item: AgendaItem, title: str, timebox_seconds: int,
                  kind: str | None = None) -> AgendaItem:
    """Rename or re-time an item that is not over; its kind stays unless one is given."""
    _lock(item.meeting)
    if item.ended_at is not None:
        raise RoomError(_("That item is over; its times are part of the record."))
    item.title, item.timebox_seconds = title, timebox_seconds
    item.kind = kind or item.kind
    item.full_clean()
    item.save(update_fields=["title", "timebox_seconds", "kind"])
    _touch(item.meeting)
    return item


@transaction.atomic
def agenda_remove(*, item: AgendaItem) -> None:
    meeting = _lock(item.meeting)
    if item.started_at is not None:
        raise RoomError(_("An item that has started stays on the agenda."))
    if meeting.current_item_id == item.pk:
        raise RoomError(_("The running item stays on the agenda."))
    _stop_carrying(item)
    item.delete()
    _touch(meeting)


def _stop_carrying(item: AgendaItem) -> None:
    """What the facilitator takes off a carried item's agenda comes back no more."""
    if item.carried_from_id is not None:
        AgendaItem.objects.filter(pk=item.carried_from_id).update(carry_dropped_at=now())


@transaction.atomic
def agenda_drop_carried(*, item: AgendaItem) -> None:
    """Drop a carried-over item: one the carry-over added leaves the agenda; a slot the agenda
    has anyway (a team's, a standing question) stays, no longer marked as carried over."""
    meeting = _lock(item.meeting)
    item = meeting.items.get(pk=item.pk)
    if item.carried_from_id is None:
        raise RoomError(_("“%(item)s” was not carried over.") % {"item": item}, status=400)
    if item.started_at is not None or meeting.current_item_id == item.pk:
        raise RoomError(_("An item that has started stays on the agenda."))
    _stop_carrying(item)
    if item.added_by_carryover:
        item.delete()
    else:
        item.carried_from, item.carried_times = None, 0
        item.save(update_fields=["carried_from", "carried_times"])
    _touch(meeting)


@transaction.atomic
def agenda_move(*, item: AgendaItem, up: bool) -> None:
    """Swap the item with its neighbour; items already started keep their place."""
    _lock(item.meeting)
    siblings = item.meeting.items.order_by("position" if not up else "-position")
    neighbour = siblings.filter(**{"position__lt" if up else "position__gt": item.position}
                                ).first()
    if neighbour is None:
        return
    if item.started_at or neighbour.started_at:
        raise RoomError(_("Items that have started keep their place."))
    item.position, neighbour.position = neighbour.position, item.position
    AgendaItem.objects.bulk_update([item, neighbour], ["position"])
    _touch(item.meeting)


@transaction.atomic
def agenda_replace(*, meeting: Meeting, specs: list[ItemSpec]) -> list[AgendaItem]:
    """Replace the whole agenda of a meeting that has not started (e.g. the Brown Bag's talks)."""
    meeting = _lock(meeting)
    if meeting.state != Meeting.State.SCHEDULED:
        raise RoomError(_("The agenda is rebuilt only before the meeting starts; "
                        "change single items in the room."))
    meeting.items.all().delete()
    items = []
    for position, spec in enumerate(specs, start=1):
        item = AgendaItem(meeting=meeting, position=position, title=spec.title[:160],
                          kind=spec.kind, timebox_seconds=spec.timebox_seconds, team=spec.team,
                          child_programme=spec.child_programme, person=spec.person,
                          topic=spec.topic[:300])
        item.full_clean()
        item.save()
        items.append(item)
    carry_into(meeting)
    _touch(meeting)
    return items
