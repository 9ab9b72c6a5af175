"""What a meeting records besides its timings: notes, decisions, action items, attendance."""

from __future__ import annotations

from django.db import transaction
from django.utils.timezone import now

from .models import ActionItem, AgendaItem, Attendance, Decision, Meeting, Note
from .room import RoomError

OPEN = (Meeting.State.SCHEDULED, Meeting.State.RUNNING, Meeting.State.PAUSED)


def _open(meeting: Meeting) -> None:
    if meeting.state not in OPEN:
        raise RoomError("The meeting is over; its record is kept as it was.")


def note_save(*, item: AgendaItem, author, text: str) -> Note | None:
    """Autosave one person's notes on an item; saving the same text twice is harmless."""
    _open(item.meeting)
    if not text.strip():
        Note.objects.filter(item=item, author=author).delete()
        return None
    note, _ = Note.objects.update_or_create(item=item, author=author,
                                            defaults={"text": text, "updated_at": now()})
    return note


@transaction.atomic
def decision_record(*, meeting: Meeting, by, text: str) -> Decision:
    _open(meeting)
    decision = Decision(meeting=meeting, item=meeting.current_item, text=text.strip(),
                        recorded_by=by)
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def action_record(*, meeting: Meeting, by, text: str, owner, due=None) -> ActionItem:
    _open(meeting)
    action = ActionItem(meeting=meeting, item=meeting.current_item, text=text.strip(),
                        owner=owner, due=due, recorded_by=by)
    action.full_clean()
    action.save()
    return action


def attendance_note(*, meeting: Meeting, person) -> None:
    """Someone invited opened the room while the meeting ran: they were there."""
    if meeting.is_live:
        Attendance.objects.get_or_create(meeting=meeting, person=person)
