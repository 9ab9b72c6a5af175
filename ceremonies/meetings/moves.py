"""Move or cancel one meeting of a series; calendars see it through the bumped SEQUENCE.

A moved meeting keeps its `occurrence`, so scheduling the series again neither recreates it
at its old time nor moves it back.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.timezone import now
from django.utils.translation import gettext as _

from ceremonies.meetings.announce import version_changed
from ceremonies.meetings.state import RoomError
from ceremonies.models import Meeting, MeetingEvent
from programmes.audit import audit_record


def _scheduled(meeting: Meeting, verb: str) -> Meeting:
    locked = Meeting.objects.select_for_update().select_related("programme").get(pk=meeting.pk)
    if locked.state != Meeting.State.SCHEDULED:
        message = (_("Only a meeting that has not started can be moved; this one is %(state)s.")
                   if verb == "moved" else
                   _("Only a meeting that has not started can be cancelled; this one is "
                     "%(state)s."))
        raise RoomError(message % {"state": locked.get_state_display().lower()})
    return locked


def _changed(meeting: Meeting, *, action: str, by, detail: str,
             from_state: str = Meeting.State.SCHEDULED) -> Meeting:
    meeting.sequence += 1
    meeting.version += 1
    meeting.save()
    version_changed(meeting.pk, meeting.version)
    MeetingEvent.objects.create(meeting=meeting, action=action, actor=by, from_state=from_state,
                                to_state=meeting.state, detail=detail[:200])
    return meeting


@transaction.atomic
def meeting_move(*, meeting: Meeting, by, start: datetime) -> Meeting:
    """Give one scheduled meeting a new start; moving it to where it is changes nothing."""
    meeting = _scheduled(meeting, "moved")
    if start <= now():
        raise RoomError(_("Pick a time that has not passed yet."), status=400)
    if start == meeting.scheduled_start:
        return meeting
    before = meeting.scheduled_start
    meeting.scheduled_start, meeting.moved = start, True
    meeting.full_clean(validate_constraints=False)
    local = start.astimezone(meeting.programme.tzinfo)
    _changed(meeting, action="move", by=by, detail=f"to {local:%a %d %b %Y %H:%M}")
    audit_record(programme=meeting.programme, actor=by, action="meeting.move", obj=meeting,
                 summary=f"Moved {meeting.title} of {meeting.occurrence:%d %b %Y} to "
                         f"{local:%a %d %b %Y %H:%M}",
                 changes={"scheduled_start": [before.isoformat(), start.isoformat()]})
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by) -> Meeting:
    """Cancel one scheduled meeting: it stays, cancelled, so calendars drop it."""
    meeting = _scheduled(meeting, "cancelled")
    meeting.state = Meeting.State.CANCELLED
    _changed(meeting, action="cancel", by=by, detail="")
    audit_record(programme=meeting.programme, actor=by, action="meeting.cancel", obj=meeting,
                 summary=f"Cancelled {meeting}",
                 changes={"state": [Meeting.State.SCHEDULED, Meeting.State.CANCELLED]})
    return meeting


@transaction.atomic
def meeting_reinstate(*, meeting: Meeting, by) -> Meeting:
    """Undo a cancellation while the meeting's time has not come: calendars show it again."""
    locked = Meeting.objects.select_for_update().select_related("programme").get(pk=meeting.pk)
    if locked.state != Meeting.State.CANCELLED:
        raise RoomError(_("Only a cancelled meeting can be reinstated; this one is %(state)s.")
                        % {"state": locked.get_state_display().lower()})
    if locked.scheduled_start <= now():
        raise RoomError(_("Its time has passed: move another meeting of the series, or add one."))
    locked.state = Meeting.State.SCHEDULED
    _changed(locked, action="reinstate", by=by, detail="", from_state=Meeting.State.CANCELLED)
    audit_record(programme=locked.programme, actor=by, action="meeting.reinstate", obj=locked,
                 summary=f"Reinstated {locked}",
                 changes={"state": [Meeting.State.CANCELLED, Meeting.State.SCHEDULED]})
    return locked
