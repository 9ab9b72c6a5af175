"""Reminder rules for daily updates: the call to post, and the missing-update warning."""

from datetime import UTC, datetime, timedelta

from ceremonies.models import MeetingSeries
from ceremonies.updates import reminders as rules
from programmes.models import Notification
from programmes.notifications import registry
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.updates import post

START = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)  # the test meeting, London = UTC in Nov


def test_each_scrum_master_without_an_update_is_called_an_hour_before(cast):
    meeting = make_meeting(cast.programme)
    due = list(rules.update_call(START - timedelta(minutes=59)))
    assert {(r.recipient, r.team) for r in due} == {(cast.scrum_master, cast.team),
                                                   (cast.other_scrum_master, cast.other_team)}
    assert {r.due_at for r in due} == {START - timedelta(minutes=60)}
    assert due[0].link.endswith("/update/") and meeting.title in due[0].subject


def test_nobody_is_called_earlier_or_once_the_team_posted(cast):
    make_meeting(cast.programme)
    assert list(rules.update_call(START - timedelta(minutes=61))) == []
    post(cast.team, cast.scrum_master, at=START - timedelta(minutes=40))
    due = list(rules.update_call(START - timedelta(minutes=30)))
    assert [r.recipient for r in due] == [cast.other_scrum_master]


def test_nobody_is_called_for_a_meeting_that_started_or_was_cancelled(cast):
    meeting = make_meeting(cast.programme)
    assert list(rules.update_call(START + timedelta(minutes=1))) == []
    meeting.state = "cancelled"
    meeting.save()
    assert list(rules.update_call(START - timedelta(minutes=10))) == []


def test_the_missing_warning_goes_fifteen_minutes_before(cast):
    make_meeting(cast.programme)
    post(cast.team, cast.scrum_master, at=START - timedelta(minutes=40))
    assert list(rules.update_missing(START - timedelta(minutes=16))) == []
    due = list(rules.update_missing(START - timedelta(minutes=14)))
    assert [(r.recipient, r.due_at) for r in due] == [
        (cast.other_scrum_master, START - timedelta(minutes=15))]
    assert "missing" in due[0].subject


def test_a_programme_sets_its_own_lead_times(cast):
    make_meeting(cast.programme)
    MeetingSeries.objects.filter(programme=cast.programme).update(update_call_minutes=120,
                                                                  update_missing_minutes=30)
    assert len(list(rules.update_call(START - timedelta(minutes=119)))) == 2
    assert len(list(rules.update_missing(START - timedelta(minutes=29)))) == 2


def test_scanning_twice_records_each_call_once(cast):
    make_meeting(cast.programme)
    registry.due_scan(now=START - timedelta(minutes=59))
    registry.due_scan(now=START - timedelta(minutes=58))
    rows = Notification.objects.filter(kind="update_call")
    assert rows.values("recipient").distinct().count() == 2
    assert rows.count() == rows.values("recipient", "channel").distinct().count()
