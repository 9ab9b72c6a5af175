"""The steering pack reminder rule, with explicit clocks."""

from datetime import UTC, date, datetime, timedelta

from ceremonies.models import Kind, Meeting
from ceremonies.steering import reminders as steering_reminders
from programmes.models import Notification
from programmes.notifications import registry
from tests.ceremonies.meetings import make_meeting
from tests.factories import make_stakeholder

# make_meeting: 09:30 Europe/London on Tue 1 Dec 2026 (= 09:30 UTC)
START = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _steering(cast):
    return make_meeting(cast.programme, kind=Kind.STEERING, minutes=60, day=date(2026, 12, 1))


def test_stakeholders_get_the_pack_three_days_before_the_steering_committee(cast):
    parent_stakeholder = make_stakeholder(cast.parent)
    meeting = _steering(cast)
    due = list(steering_reminders.steering_pack(START - timedelta(days=3)))
    assert {r.recipient for r in due} == {cast.stakeholder, parent_stakeholder}
    assert {r.due_at for r in due} == {START - timedelta(days=3)}
    assert all(r.link == f"/p/{cast.programme.slug}/steering/pack/" for r in due)
    assert all(r.object_ref == f"meeting:{meeting.pk}" for r in due)


def test_nobody_else_gets_the_pack(cast):
    _steering(cast)
    people = {r.recipient for r in steering_reminders.steering_pack(START - timedelta(days=2))}
    assert cast.msm not in people and cast.scrum_master not in people
    assert cast.member not in people and cast.outsider not in people


def test_the_pack_is_not_sent_earlier_or_for_other_meetings(cast):
    meeting = _steering(cast)
    make_meeting(cast.programme, day=date(2026, 11, 30))  # a Scrum of Scrums
    assert list(steering_reminders.steering_pack(START - timedelta(days=3, minutes=1))) == []
    refs = {r.object_ref for r in steering_reminders.steering_pack(START - timedelta(days=1))}
    assert refs == {f"meeting:{meeting.pk}"}


def test_a_cancelled_or_past_steering_committee_sends_nothing(cast):
    meeting = _steering(cast)
    assert list(steering_reminders.steering_pack(START + timedelta(minutes=1))) == []
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.CANCELLED)
    assert list(steering_reminders.steering_pack(START - timedelta(days=1))) == []


def test_the_days_before_are_a_setting(cast, settings):
    settings.STEERING_PACK_DAYS_BEFORE = 5
    _steering(cast)
    due = list(steering_reminders.steering_pack(START - timedelta(days=5)))
    assert {r.due_at for r in due} == {START - timedelta(days=5)}


def test_the_rule_is_registered_and_scanning_twice_records_each_pack_once(cast):
    assert "steering_pack" in {rule.kind for rule in registry.rules()}
    _steering(cast)
    now = START - timedelta(days=2)
    registry.due_scan(now=now)
    registry.due_scan(now=now + timedelta(minutes=1))
    rows = Notification.objects.filter(kind="steering_pack")
    assert rows.count() == rows.values("recipient", "channel").distinct().count() >= 1
    assert set(rows.values_list("recipient", flat=True)) == {cast.stakeholder.pk}
