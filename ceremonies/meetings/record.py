"""What a meeting records besides its timings: notes, decisions, action items, attendance."""

from __future__ import annotations

from django.db import transaction
from django.utils.timezone import now

from ceremonies.meetings.state import RoomError
from ceremonies.models import ActionItem, AgendaItem, Attendance, Decision, Meeting, Note
from feedback import services as feedback_services

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
def decision_record(*, meeting: Meeting, by, text: str, teams=(), pack_ref: str = "",
                    pack_label: str = "") -> Decision:
    """Record a decision; with `teams`, it is routed down to them as a feedback item."""
    _open(meeting)
    decision = Decision(meeting=meeting, item=meeting.current_item, text=text.strip(),
                        pack_ref=pack_ref, pack_label=pack_label[:200], recorded_by=by)
    decision.full_clean()
    decision.save()
    if teams:
        decision.routed.set(_route_down(decision, list(teams), by))
    return decision


def _route_down(decision: Decision, teams: list, by) -> list:
    """One decision item per programme the teams belong to (a parent may decide for many)."""
    meeting = decision.meeting
    path = meeting.programme.path
    by_programme: dict = {}
    for team in teams:
        if not team.programme.path.startswith(path):
            raise RoomError(f"{team} is not a team of {meeting.programme}.", status=400)
        by_programme.setdefault(team.programme, []).append(team)
    about = f" on {decision.pack_label}" if decision.pack_label else ""
    details = (f"Decided at {meeting}{about}. Acknowledge it for your team; "
               "the loop closes once every team has it.")
    try:
        return [feedback_services.decision_route_down(
                    programme=programme, title=decision.text[:200], details=details,
                    teams=group, by=by, source=meeting.kind, at=decision.at)
                for programme, group in by_programme.items()]
    except feedback_services.FeedbackError as refused:
        raise RoomError(str(refused), status=refused.status) from refused


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
