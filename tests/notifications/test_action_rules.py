"""Action items are reminded exactly once each: the day before they are due, and once when
overdue; never when done or dropped. Days are those of the meeting's programme."""

from datetime import date

import pytest
from django.core import mail

from ceremonies.actions import reminders as rules
from ceremonies.meetings import actions
from ceremonies.meetings.record import action_record
from programmes.models import Notification
from programmes.notifications import outbox, registry
from tests.ceremonies.meetings import make_meeting
from tests.notifications.conftest import at

DUE = date(2026, 11, 26)  # a Thursday; London is on winter time (= UTC)


@pytest.fixture
def action(cast):
    meeting = make_meeting(cast.programme)  # Tuesday 24 November 2026
    return action_record(meeting=meeting, by=cast.msm, text="Book the SIT slots",
                         owner=cast.scrum_master, due=DUE)


def kinds():
    return list(Notification.objects.order_by("kind").values_list("kind", flat=True))


def test_the_owner_is_told_at_nine_the_day_before(cast, action):
    assert list(rules.action_due(at("2026-11-25 08:59"))) == []
    due = list(rules.action_due(at("2026-11-25 09:00")))
    assert [(r.recipient, r.due_at, r.occurrence) for r in due] == [
        (cast.scrum_master, at("2026-11-25 09:00"), "2026-11-26")]
    assert due[0].subject == "Due tomorrow: Book the SIT slots"
    assert "is due tomorrow, Thursday 26 November" in due[0].text
    assert due[0].link == "/inbox/#my-actions"


def test_on_the_due_day_it_is_too_late_for_due_tomorrow(cast, action):
    assert list(rules.action_due(at("2026-11-26 00:01"))) == []


def test_overdue_is_said_from_nine_the_day_after(cast, action):
    assert list(rules.action_overdue(at("2026-11-27 08:59"))) == []
    due = list(rules.action_overdue(at("2026-11-27 09:00")))
    assert [(r.recipient, r.subject) for r in due] == [
        (cast.scrum_master, "Overdue: Book the SIT slots")]
    assert "was due Thursday 26 November and is still open" in due[0].text


def test_an_action_overdue_for_weeks_is_not_nudged_any_more(cast, action):
    assert list(rules.action_overdue(at("2026-12-12 09:00"))) == []


def test_the_due_scan_run_twice_records_one_reminder_each(cast, action):
    registry.due_scan(now=at("2026-11-25 09:05"))
    registry.due_scan(now=at("2026-11-25 09:06"))
    registry.due_scan(now=at("2026-11-27 09:05"))
    registry.due_scan(now=at("2026-11-28 09:05"))  # a day later: still once, not daily
    assert kinds() == ["action_due", "action_overdue"]


def test_a_done_action_gets_no_reminder(cast, action):
    actions.action_complete(action=action, by=cast.scrum_master)
    registry.due_scan(now=at("2026-11-25 09:05"))
    registry.due_scan(now=at("2026-11-27 09:05"))
    assert kinds() == []


def test_a_dropped_action_gets_no_reminder(cast, action):
    actions.action_drop(action=action, by=cast.msm)
    registry.due_scan(now=at("2026-11-25 09:05"))
    registry.due_scan(now=at("2026-11-27 09:05"))
    assert kinds() == []


def test_an_action_without_a_due_date_is_never_reminded(cast, action):
    action.due = None
    action.save()
    registry.due_scan(now=at("2026-11-25 09:05"))
    registry.due_scan(now=at("2026-11-27 09:05"))
    assert kinds() == []


def test_the_days_are_the_programmes(cast, action):
    cast.programme.timezone = "America/New_York"  # 09:00 there is 14:00 UTC in November
    cast.programme.save()
    assert list(rules.action_due(at("2026-11-25 13:59"))) == []
    assert [r.due_at for r in rules.action_due(at("2026-11-25 14:00"))] == [
        at("2026-11-25 14:00")]


def test_the_reminder_reaches_the_owner_by_email(cast, action, enqueued):
    registry.due_scan(now=at("2026-11-25 09:05"))
    assert outbox.notification_deliver(notification_id=enqueued[0], now=at("2026-11-25 09:06"))
    assert [m.to for m in mail.outbox] == [[cast.scrum_master.email]]
    html, _ = mail.outbox[0].alternatives[0]
    assert "Due tomorrow: Book the SIT slots" in html and "/inbox/#my-actions" in html


def test_the_preferences_offer_both_kinds_for_muting():
    kinds = dict(registry.reminder_kinds())
    assert kinds["action_due"] == "An action item of yours is due tomorrow"
    assert kinds["action_overdue"] == "An action item of yours is overdue"
