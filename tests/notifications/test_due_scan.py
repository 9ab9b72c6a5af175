from datetime import date, timedelta

from django.core import mail

from programmes import reminders
from programmes.models import Notification, Sprint
from programmes.notifications import outbox, registry
from tests.notifications.conftest import at, reminder

NOW = at("2026-11-24 09:00")


def test_the_scan_records_what_rules_return_and_enqueues_what_is_due(cast, rule, enqueued):
    rule("test_due", lambda now: [
        reminder(cast.member, cast.programme, due_at=now - timedelta(minutes=1), ref="a:1"),
        reminder(cast.member, cast.programme, due_at=now + timedelta(hours=1), ref="a:2"),
    ])

    registry.due_scan(now=NOW)

    due = Notification.objects.get(object_ref="a:1")
    later = Notification.objects.get(object_ref="a:2")
    assert enqueued == [due.pk]
    assert due.enqueued_at == NOW and later.enqueued_at is None


def test_running_the_scan_twice_records_and_enqueues_once(cast, rule, enqueued):
    rule("test_due", lambda now: [reminder(cast.member, cast.programme, due_at=NOW)])

    registry.due_scan(now=NOW)
    registry.due_scan(now=NOW + timedelta(minutes=1))

    assert Notification.objects.count() == 1
    assert len(enqueued) == 1


def test_a_row_queued_long_ago_and_never_delivered_is_queued_again(cast, rule, enqueued):
    rule("test_due", lambda now: [reminder(cast.member, cast.programme, due_at=NOW)])
    registry.due_scan(now=NOW)

    registry.due_scan(now=NOW + outbox.REQUEUE_AFTER + timedelta(minutes=1))

    assert len(enqueued) == 2


def test_a_reminder_due_later_goes_out_when_it_is_due(cast, rule, enqueued):
    rule("test_due", lambda now: [reminder(cast.member, cast.programme,
                                           due_at=at("2026-11-24 09:30"))])

    registry.due_scan(now=NOW)
    assert enqueued == []
    registry.due_scan(now=at("2026-11-24 09:30"))
    assert len(enqueued) == 1

    assert outbox.notification_deliver(notification_id=enqueued[0],
                                       now=at("2026-11-24 09:30")) == "sent"
    assert len(mail.outbox) == 1


def test_a_broken_rule_does_not_stop_the_others(cast, rule, caplog):
    def broken(now):
        raise RuntimeError("meetings table missing")

    rule("aaa_broken", broken)
    rule("test_due", lambda now: [reminder(cast.member, cast.programme, due_at=NOW)])

    registry.due_scan(now=NOW)

    assert Notification.objects.filter(kind="test_due").count() == 1
    assert "'aaa_broken' failed" in caplog.text


def test_registered_kinds_are_offered_for_muting(rule):
    rule("example_kind", lambda now: [], label="Something happened")

    assert ("example_kind", "Something happened") in registry.reminder_kinds()
    assert ("sprint_starts", "A sprint starts: set its goal") in registry.reminder_kinds()


def test_two_rules_cannot_claim_one_kind(rule):
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    def first(now):
        return []

    def second(now):
        return []

    rule("clash", first)
    with pytest.raises(ImproperlyConfigured):
        registry.reminder_rule("clash", label="x")(second)


def _sprint_starting(cast, day):
    Sprint.objects.filter(programme=cast.programme).delete()
    return Sprint.objects.create(programme=cast.programme, number=7, start=day,
                                 end=day + timedelta(days=13), goal="")


def test_sprint_starts_reminds_msm_and_scrum_masters_at_nine_programme_time(cast):
    _sprint_starting(cast, date(2026, 7, 6))  # London is on summer time: 09:00 = 08:00 UTC

    assert list(reminders.sprint_starts(at("2026-07-06 07:59"))) == []
    due = list(reminders.sprint_starts(at("2026-07-06 08:00")))

    assert {r.recipient for r in due} == {cast.msm, cast.scrum_master, cast.other_scrum_master}
    assert {r.due_at for r in due} == {at("2026-07-06 08:00")}
    assert all(r.link == f"/p/{cast.programme.slug}/sprints/" for r in due)
    assert "no goal yet" in due[0].text


def test_sprint_starts_is_recorded_once_by_repeated_scans(cast, enqueued):
    _sprint_starting(cast, date(2026, 11, 24))

    registry.due_scan(now=at("2026-11-24 09:01"))
    registry.due_scan(now=at("2026-11-24 09:02"))

    rows = Notification.objects.filter(kind="sprint_starts")
    assert rows.count() == 3
    # Other rules (the Brown Bag's call for talks) also fire when a sprint starts.
    assert sorted(pk for pk in enqueued if pk in {r.pk for r in rows}) == sorted(
        r.pk for r in rows)
    assert len(enqueued) == len(set(enqueued))
