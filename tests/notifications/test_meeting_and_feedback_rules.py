"""The reminder rules of the meetings and feedback apps, with explicit clocks."""

from datetime import UTC, datetime, timedelta

from ceremonies.meetings import reminders as meeting_rules
from ceremonies.meetings import state as room
from feedback import reminders as feedback_rules
from feedback import services as feedback
from programmes.models import Notification
from programmes.notifications import registry
from tests.ceremonies.meetings import make_meeting


def test_invitees_are_reminded_ten_minutes_before_a_meeting(cast):
    meeting = make_meeting(cast.programme)  # Tue 24 Nov 2026 09:30 Europe/London (= UTC)
    due = list(meeting_rules.meeting_soon(datetime(2026, 11, 24, 9, 21, tzinfo=UTC)))
    people = {r.recipient for r in due}
    assert cast.msm in people and cast.scrum_master in people and cast.parent_msm in people
    assert cast.member not in people and cast.stakeholder not in people
    assert {r.due_at for r in due} == {datetime(2026, 11, 24, 9, 20, tzinfo=UTC)}
    assert all(r.link == meeting.get_absolute_url() for r in due)


def test_nobody_is_reminded_of_a_meeting_hours_away_or_cancelled(cast):
    meeting = make_meeting(cast.programme)
    assert list(meeting_rules.meeting_soon(datetime(2026, 11, 24, 7, 0, tzinfo=UTC))) == []
    meeting.state = "cancelled"
    meeting.save()
    assert list(meeting_rules.meeting_soon(datetime(2026, 11, 24, 9, 25, tzinfo=UTC))) == []


def test_attendees_and_absent_invitees_get_the_minutes_once_the_meeting_ended(cast):
    meeting = make_meeting(cast.programme)
    t0 = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    room.meeting_start(meeting=meeting, by=cast.msm, at=t0)
    meeting.attendance.create(person=cast.scrum_master)
    assert list(meeting_rules.meeting_minutes(t0 + timedelta(minutes=10))) == []  # not yet
    room.meeting_end(meeting=meeting, by=cast.msm, at=t0 + timedelta(minutes=14))
    due = list(meeting_rules.meeting_minutes(t0 + timedelta(minutes=15)))
    people = [r.recipient for r in due if not r.to_channel]
    assert cast.scrum_master in people and cast.other_scrum_master in people  # came, did not
    assert cast.member not in people and len(people) == len(set(people))
    assert "Planned" in due[0].text and "<table" in due[0].html


def _overdue_impediment(cast, raised):
    return feedback.impediment_raise(programme=cast.programme, team=cast.team,
                                     title="Test environment down",
                                     raised_by=cast.scrum_master, at=raised)


def test_the_holder_of_an_overdue_item_is_nudged(cast):
    item = _overdue_impediment(cast, datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    due = list(feedback_rules.feedback_overdue(item.respond_by + timedelta(minutes=1)))
    assert [r.recipient for r in due] == [cast.msm]
    assert due[0].occurrence == item.respond_by.isoformat()
    assert "Test environment down" in due[0].subject


def test_an_item_within_its_time_is_left_alone(cast):
    item = _overdue_impediment(cast, datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    assert list(feedback_rules.feedback_overdue(item.respond_by - timedelta(minutes=1))) == []


def test_teams_that_have_not_acknowledged_a_decision_are_nudged(cast):
    decision = feedback.decision_route_down(
        programme=cast.programme, title="Freeze Friday", teams=[cast.team, cast.other_team],
        by=cast.msm, at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    feedback.feedback_acknowledge(item=decision, by=cast.scrum_master, team=cast.team,
                                  at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    decision.refresh_from_db()
    due = list(feedback_rules.feedback_overdue(decision.respond_by + timedelta(hours=1)))
    assert [(r.recipient, r.team) for r in due] == [(cast.other_scrum_master, cast.other_team)]


def test_the_msm_gets_a_weekly_digest_on_monday_morning(cast):
    _overdue_impediment(cast, datetime(2026, 11, 19, 9, 0, tzinfo=UTC))  # due Friday
    monday = datetime(2026, 11, 23, 8, 5, tzinfo=UTC)  # 08:05 in London
    due = [r for r in feedback_rules.feedback_digest(monday) if r.recipient == cast.msm]
    assert len(due) == 1 and due[0].occurrence == "2026-W48"
    assert "1 open loop, 1 overdue" in due[0].subject
    assert list(feedback_rules.feedback_digest(monday + timedelta(days=2))) == []


def test_no_digest_goes_out_when_no_loop_is_open(cast):
    monday = datetime(2026, 11, 23, 8, 5, tzinfo=UTC)
    assert list(feedback_rules.feedback_digest(monday)) == []


def test_scanning_twice_records_each_reminder_once(cast):
    make_meeting(cast.programme)
    now = datetime(2026, 11, 24, 9, 21, tzinfo=UTC)
    registry.due_scan(now=now)
    registry.due_scan(now=now + timedelta(minutes=1))
    rows = Notification.objects.filter(kind="meeting_soon")
    assert rows.count() == rows.values("recipient", "channel").distinct().count() >= 3
