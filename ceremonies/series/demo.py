"""Demo meetings for `programmes.demo`: the three series, yesterday's Scrum of Scrums with its
minutes, and today's one ready to start."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db import transaction

from ceremonies.meetings import record
from ceremonies.meetings import state as room
from ceremonies.meetings.recurrence import WORKING_DAYS
from ceremonies.meetings.schedule import meeting_create
from ceremonies.models import Kind, Meeting, MeetingSeries
from ceremonies.series.services import series_create
from feedback import services as feedback
from programmes.models import ProgrammeRole


def _msm_of(programme):
    return ProgrammeRole.objects.filter(programme=programme,
                                        role=ProgrammeRole.Role.MSM).first().person


def _series(programme, by, kind, *, at: time, minutes: int, rrule: str = WORKING_DAYS,
            sprint_day: int | None = None) -> MeetingSeries:
    return series_create(programme=programme, by=by, kind=kind, title=str(Kind(kind).label),
                         rrule=rrule, sprint_day=sprint_day, start_time=at,
                         duration_minutes=minutes)


def meeting_on(series: MeetingSeries, day: date) -> Meeting:
    return (Meeting.objects.filter(series=series, occurrence=day).first()
            or meeting_create(series=series, day=day))


def _previous_working_day(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


@transaction.atomic
def load(demo) -> None:
    """Create the demo series and meetings in `demo` (a `programmes.demo.Demo`)."""
    parent, payments, cx = demo.programmes[0], demo.programmes[1], demo.programmes[2]
    _series(parent, demo.msm, Kind.SCRUM_OF_SCRUMS, at=time(10, 0), minutes=15)
    _series(parent, demo.msm, Kind.STEERING, at=time(14, 0), minutes=60,
            rrule="FREQ=MONTHLY;BYDAY=+1TU")
    for programme, at in ((payments, time(9, 30)), (cx, time(9, 45))):
        msm = _msm_of(programme)
        _series(programme, msm, Kind.BROWN_BAG, at=time(12, 0), minutes=60, rrule="",
                sprint_day=9)
        _series(programme, msm, Kind.SCRUM_OF_SCRUMS, at=at, minutes=15)
    sos = MeetingSeries.objects.get(programme=payments, kind=Kind.SCRUM_OF_SCRUMS)
    today = payments.today()
    meeting_on(sos, today)  # a Saturday demo still has a meeting to start today
    _held(meeting_on(sos, _previous_working_day(today)), _msm_of(payments), demo)


def _sit_decision(meeting: Meeting, msm, scrum_masters: dict) -> None:
    """A decision sent to the two teams it concerns; Ledger has acknowledged it."""
    teams = list(meeting.programme.teams.filter(slug__in=["ledger", "card-gateway"]))
    decision = record.decision_record(
        meeting=meeting, by=msm, teams=teams,
        text="Ledger gets SIT on Thursday morning, Card Gateway in the afternoon.")
    if "ledger" in scrum_masters and decision.routed.exists():
        feedback.feedback_acknowledge(item=decision.routed.get(), by=scrum_masters["ledger"])


def _held(meeting: Meeting, msm, demo) -> None:
    """Run the meeting through its agenda, with notes, a decision and an action item."""
    clock = meeting.scheduled_start + timedelta(minutes=1)
    room.meeting_start(meeting=meeting, by=msm, at=clock)
    scrum_masters = {key.removeprefix("sm:"): person for key, person in demo.people.items()
                     if key.startswith("sm:")}
    for item in list(meeting.items.order_by("position")):
        meeting.refresh_from_db()
        person = scrum_masters.get(item.team.slug) if item.team else msm
        if person is not None:
            record.attendance_note(meeting=meeting, person=person)
            record.note_save(item=item, author=person,
                             text=f"{item.title}: on track; nothing blocking today."
                             if item.team else "SIT environment: Ledger and Card Gateway "
                             "both need it on Thursday.")
        clock += timedelta(seconds=item.timebox_seconds + (75 if item.team is None else 20))
        if item.team is None:
            _sit_decision(meeting, msm, scrum_masters)
            record.action_record(meeting=meeting, by=msm, owner=msm,
                                 text="Book the SIT slots for Thursday",
                                 due=meeting.occurrence + timedelta(days=2))
        if meeting.items.filter(position__gt=item.position).exists():
            room.meeting_next(meeting=meeting, by=msm, at=clock)
    room.meeting_end(meeting=meeting, by=msm, at=clock)
