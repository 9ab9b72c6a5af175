"""What a meeting records besides its timings: notes, decisions, action items, attendance."""

from __future__ import annotations

from django.db import transaction
from django.utils.timezone import now
from django.utils.translation import gettext as _

from ceremonies.meetings.state import RoomError
from ceremonies.models import ActionItem, AgendaItem, Attendance, Decision, Meeting, Note
from feedback import services as feedback_services
from programmes.audit import audit_record

OPEN = (Meeting.State.SCHEDULED, Meeting.State.RUNNING, Meeting.State.PAUSED)


def _open(meeting: Meeting) -> None:
    if meeting.state not in OPEN:
        raise RoomError(_("The meeting is over; its record is kept as it was."))


def note_save(*, item: AgendaItem, author, text: str) -> Note | None:
    """Autosave one person's notes on an item; saving the same text twice is harmless."""
    _open(item.meeting)
    if not text.strip():
        Note.objects.filter(item=item, author=author).delete()
        return None
    note, _created = Note.objects.update_or_create(item=item, author=author,
                                            defaults={"text": text, "updated_at": now()})
    return note


@transaction.atomic
def decision_record(*, meeting: Meeting, by, text: str, teams=(), stakeholders: bool = False,
                    pack_ref: str = "", pack_label: str = "") -> Decision:
    """Record a decision and send it to whom it concerns, in any kind of meeting.

    Each of `teams` (of the meeting's programme tree) and, with `stakeholders`, the
    programme's stakeholders get it to acknowledge, as one feedback loop per programme that
    closes once all have; addressed to nobody, it is a note for the minutes only.
    """
    _open(meeting)
    teams = list(dict.fromkeys(teams))
    _check_tree(meeting, teams)
    decision = Decision(meeting=meeting, item=meeting.current_item, text=text.strip(),
                        pack_ref=pack_ref, pack_label=pack_label[:200], recorded_by=by)
    decision.full_clean()
    decision.save()
    try:
        routed = _route_down(decision, teams, by) if teams else []
        if stakeholders:
            routed.append(_route_up(decision, by))
    except feedback_services.FeedbackError as refused:
        raise RoomError(str(refused), status=refused.status) from refused
    if routed:
        decision.routed.set(routed)
    sent = [t.name for t in teams] + (["the stakeholders"] if stakeholders else [])
    audit_record(programme=meeting.programme, actor=by, action="decision.record", obj=decision,
                 summary=f"“{decision.text[:200]}” at {meeting}: "
                         + (f"sent to {', '.join(sent)}" if sent else "for the minutes only"))
    return decision


def _check_tree(meeting: Meeting, teams: list) -> None:
    path = meeting.programme.path
    outside = [str(team) for team in teams if not team.programme.path.startswith(path)]
    if outside:
        raise RoomError(_("%(teams)s: not a team of %(programme)s or of a programme inside it.")
                        % {"teams": ", ".join(outside), "programme": meeting.programme},
                        status=400)


def _details(decision: Decision, who: str) -> str:
    whole = f"{decision.text}\n\n" if len(decision.text) > 200 else ""  # the title is cut
    if decision.pack_label:
        decided = _("Decided at %(meeting)s on %(about)s.") % {
            "meeting": decision.meeting, "about": decision.pack_label}
    else:
        decided = _("Decided at %(meeting)s.") % {"meeting": decision.meeting}
    return whole + _("%(decided)s Acknowledge it for %(who)s; there is nothing to answer, and "
                     "the loop closes once everyone it was sent to has acknowledged it.") % {
        "decided": decided, "who": who}


def _route_down(decision: Decision, teams: list, by) -> list:
    """One decision item per programme the teams belong to (a parent may decide for many)."""
    by_programme: dict = {}
    for team in teams:
        by_programme.setdefault(team.programme, []).append(team)
    return [feedback_services.decision_route_down(
                programme=programme, title=decision.text[:200],
                details=_details(decision, _("your team")), teams=group, by=by,
                source=decision.meeting.kind, at=decision.at, for_programme=True,
                closes_when_acknowledged=True)
            for programme, group in by_programme.items()]


def _route_up(decision: Decision, by):
    return feedback_services.decision_route_up(
        programme=decision.meeting.programme, title=decision.text[:200],
        details=_details(decision, _("the stakeholders")), by=by,
        source=decision.meeting.kind, at=decision.at, for_programme=True)


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
