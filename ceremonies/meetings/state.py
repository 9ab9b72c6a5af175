"""The meeting room's state machine: start, next, skip, extend, pause, resume, end.

Every transition locks the meeting row, checks the state it expects (and, when the caller
says which version it saw, that nobody changed the meeting since), records who did what and
when, and bumps the version that live viewers poll for.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.dispatch import Signal
from django.utils.timezone import now
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from ceremonies.meetings.announce import version_changed
from ceremonies.meetings.carryover import carry_over
from ceremonies.models import AgendaItem, Kind, Meeting, MeetingEvent
from metascrum.lib.links import absolute
from programmes.models import WebhookEvent
from programmes.notifications import webhooks
from programmes.services import ServiceError

State = Meeting.State
ACTION_WORDS = {"start": pgettext_lazy("meeting", "start"),
                "next": pgettext_lazy("meeting", "next"),
                "extend": pgettext_lazy("meeting", "extend"),
                "pause": pgettext_lazy("meeting", "pause"),
                "resume": pgettext_lazy("meeting", "resume"),
                "end": pgettext_lazy("meeting", "end"), "skip": pgettext_lazy("meeting", "skip")}
ALLOWED_FROM = {
    "start": {State.SCHEDULED},
    "next": {State.RUNNING},
    "extend": {State.RUNNING, State.PAUSED},
    "pause": {State.RUNNING},
    "resume": {State.PAUSED},
    "end": {State.RUNNING, State.PAUSED},
    "skip": {State.SCHEDULED, State.RUNNING, State.PAUSED},
    "unskip": {State.SCHEDULED, State.RUNNING, State.PAUSED},
}
MAX_EXTEND_MINUTES = 60

# Sent once the end of a Steering Committee is committed (`meeting_id`); the steering
# capability freezes its pack then. The meetings core does not import the capabilities.
steering_ended = Signal()


class RoomError(ServiceError):
    """A refused transition; `status` is 409 for a state clash, 400 for bad input."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


def _locked(meeting: Meeting, action: str, version: int | None) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if version is not None and locked.version != version:
        raise RoomError(_("Someone else changed the meeting a moment ago; "
                        "this is its latest state."))
    if locked.state not in ALLOWED_FROM[action]:
        raise RoomError(_("You cannot %(action)s a meeting that is %(state)s.") % {
            "action": ACTION_WORDS.get(action, action), "state": locked.get_state_display()})
    return locked


def _record(meeting: Meeting, *, action: str, by, before: str, item=None, detail="",
            at: datetime) -> Meeting:
    MeetingEvent.objects.create(meeting=meeting, action=action, actor=by, from_state=before,
                                to_state=meeting.state, item=item, detail=detail, at=at)
    meeting.version += 1
    meeting.save()
    version_changed(meeting.pk, meeting.version)
    return meeting


def event_payload(meeting: Meeting) -> dict:
    """What an outgoing webhook says about a meeting."""
    return {
        "id": meeting.pk, "kind": meeting.kind, "title": meeting.title,
        "state": meeting.state, "programme": meeting.programme.slug,
        "scheduled_start": meeting.scheduled_start, "timebox_minutes": meeting.timebox_minutes,
        "started_at": meeting.started_at, "ended_at": meeting.ended_at,
        "elapsed_seconds": meeting.elapsed_seconds() if meeting.ended_at else None,
        "url": absolute(meeting.get_absolute_url()),
    }


def _emit(meeting: Meeting, event: str, at: datetime) -> None:
    webhooks.emit(meeting.programme, event, event_payload(meeting),
                  ref=f"meeting:{meeting.pk}", at=at)


def _begin(item: AgendaItem | None, at: datetime) -> None:
    if item is not None:
        item.started_at, item.ended_at = at, None
        item.save(update_fields=["started_at", "ended_at"])


def _finish(item: AgendaItem | None, at: datetime) -> None:
    if item is not None and item.started_at is not None:
        item.ended_at = at
        item.actual_seconds = max(0, int((at - item.started_at).total_seconds()))
        item.save(update_fields=["ended_at", "actual_seconds"])


def _following(meeting: Meeting) -> AgendaItem | None:
    items = meeting.items.filter(skipped_at__isnull=True).order_by("position")
    if meeting.current_item_id is not None:
        items = items.filter(position__gt=meeting.current_item.position)
    else:
        items = items.filter(started_at__isnull=True)
    return items.first()


@transaction.atomic
def meeting_start(*, meeting: Meeting, by, version: int | None = None,
                  at: datetime | None = None) -> Meeting:
    """Start the meeting and its first agenda item."""
    at = at or now()
    meeting = _locked(meeting, "start", version)
    before = meeting.state
    meeting.state, meeting.started_at = State.RUNNING, at
    meeting.current_item = _following(meeting)
    _begin(meeting.current_item, at)
    _record(meeting, action="start", by=by, before=before, item=meeting.current_item, at=at)
    _emit(meeting, WebhookEvent.MEETING_STARTED, at)
    return meeting


@transaction.atomic
def meeting_next(*, meeting: Meeting, by, version: int | None = None,
                 at: datetime | None = None) -> Meeting:
    """Close the current item and start the next one (none left: the meeting runs on)."""
    at = at or now()
    meeting = _locked(meeting, "next", version)
    if meeting.current_item_id is None:
        raise RoomError(_("Every agenda item is done; end the meeting."))
    finished = meeting.current_item
    _finish(finished, at)
    meeting.current_item = _following(meeting)
    _begin(meeting.current_item, at)
    return _record(meeting, action="next", by=by, before=meeting.state,
                   item=meeting.current_item, detail=f"after {finished}", at=at)


@transaction.atomic
def agenda_skip(*, meeting: Meeting, item: AgendaItem, by, version: int | None = None,
                at: datetime | None = None) -> Meeting:
    """Skip the running item (the next one starts) or one not reached yet: it stays on the
    agenda and in the minutes as skipped, and comes back at the next occurrence."""
    at = at or now()
    meeting = _locked(meeting, "skip", version)
    item = meeting.items.get(pk=item.pk)
    if item.skipped_at is not None:
        raise RoomError(_("“%(item)s” is skipped already.") % {"item": item})
    if item.pk == meeting.current_item_id:
        if meeting.state != State.RUNNING:
            raise RoomError(_("Resume the meeting to skip the running item."))
        _finish(item, at)
        item.skipped_at = at
        item.save(update_fields=["skipped_at"])
        meeting.current_item = _following(meeting)
        _begin(meeting.current_item, at)
    elif item.started_at is not None:
        raise RoomError(_("That item has been discussed; it is part of the record."))
    else:
        item.skipped_at = at
        item.save(update_fields=["skipped_at"])
    return _record(meeting, action="skip", by=by, before=meeting.state, item=item,
                   detail=f"skipped {item}"[:200], at=at)


def meeting_skip(*, meeting: Meeting, by, version: int | None = None,
                 at: datetime | None = None) -> Meeting:
    """The Skip control: skip the running item."""
    if meeting.current_item_id is None:
        raise RoomError(_("No agenda item is running to skip."))
    return agenda_skip(meeting=meeting, item=meeting.current_item, by=by, version=version,
                       at=at)


@transaction.atomic
def agenda_unskip(*, meeting: Meeting, item: AgendaItem, by, version: int | None = None,
                  at: datetime | None = None) -> Meeting:
    """Undo a skip of an item not reached yet: it is on this meeting's agenda again."""
    at = at or now()
    meeting = _locked(meeting, "unskip", version)
    item = meeting.items.get(pk=item.pk)
    if item.skipped_at is None:
        raise RoomError(_("“%(item)s” is not skipped.") % {"item": item})
    if item.started_at is not None:
        raise RoomError(_("It was skipped while it ran; that is part of the record."))
    item.skipped_at = None
    item.save(update_fields=["skipped_at"])
    return _record(meeting, action="unskip", by=by, before=meeting.state, item=item,
                   detail=f"brought back {item}"[:200], at=at)


@transaction.atomic
def meeting_extend(*, meeting: Meeting, by, minutes: int, version: int | None = None,
                   at: datetime | None = None) -> Meeting:
    """Give the current item more time."""
    at = at or now()
    if not 1 <= minutes <= MAX_EXTEND_MINUTES:
        raise RoomError(_("Extend by 1 to %(MAX_EXTEND_MINUTES)s minutes.")
                        % {"MAX_EXTEND_MINUTES": MAX_EXTEND_MINUTES}, status=400)
    meeting = _locked(meeting, "extend", version)
    item = meeting.current_item
    if item is None:
        raise RoomError(_("No agenda item is running to extend."))
    item.extended_seconds += minutes * 60
    item.save(update_fields=["extended_seconds"])
    return _record(meeting, action="extend", by=by, before=meeting.state, item=item,
                   detail=f"+{minutes} min", at=at)


@transaction.atomic
def meeting_pause(*, meeting: Meeting, by, version: int | None = None,
                  at: datetime | None = None) -> Meeting:
    at = at or now()
    meeting = _locked(meeting, "pause", version)
    meeting.state, meeting.paused_at = State.PAUSED, at
    return _record(meeting, action="pause", by=by, before=State.RUNNING,
                   item=meeting.current_item, at=at)


def _unpause(meeting: Meeting, at: datetime) -> None:
    """Pauses do not count: shift the running item's start by the pause."""
    pause = at - meeting.paused_at
    meeting.paused_seconds += int(pause.total_seconds())
    meeting.paused_at = None
    if meeting.current_item is not None and meeting.current_item.started_at is not None:
        meeting.current_item.started_at += pause
        meeting.current_item.save(update_fields=["started_at"])


@transaction.atomic
def meeting_resume(*, meeting: Meeting, by, version: int | None = None,
                   at: datetime | None = None) -> Meeting:
    at = at or now()
    meeting = _locked(meeting, "resume", version)
    _unpause(meeting, at)
    meeting.state = State.RUNNING
    return _record(meeting, action="resume", by=by, before=State.PAUSED,
                   item=meeting.current_item, at=at)


@transaction.atomic
def meeting_end(*, meeting: Meeting, by, version: int | None = None,
                at: datetime | None = None) -> Meeting:
    """End the meeting; the running item is closed with its actual time."""
    at = at or now()
    meeting = _locked(meeting, "end", version)
    before = meeting.state
    if before == State.PAUSED:
        _unpause(meeting, at)
    _finish(meeting.current_item, at)
    meeting.state, meeting.ended_at, meeting.current_item = State.ENDED, at, None
    _record(meeting, action="end", by=by, before=before, at=at)
    _emit(meeting, WebhookEvent.MEETING_ENDED, at)
    carry_over(source=meeting)  # into the next occurrence, if it is scheduled already
    if meeting.kind == Kind.STEERING:
        # Freeze the steering pack once the end is committed; a failure there is logged
        # and never undoes the end of the meeting.
        transaction.on_commit(partial(steering_ended.send, sender=Meeting,
                                      meeting_id=meeting.pk), robust=True)
    return meeting


CONTROLS = {"start": meeting_start, "next": meeting_next, "skip": meeting_skip,
            "pause": meeting_pause, "resume": meeting_resume, "end": meeting_end,
            "extend": meeting_extend}


def deadline(started_at: datetime | None, seconds: int) -> datetime | None:
    return started_at + timedelta(seconds=seconds) if started_at else None
