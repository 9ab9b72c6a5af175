from django.db import IntegrityError

from programmes.models import Notification
from programmes.notifications import outbox
from tests.notifications.conftest import at, reminder

NOW = at("2026-11-24 09:00")


def test_it_records_one_email_per_reminder(cast):
    count = outbox.notifications_record(kind="update_missing",
                                        reminders=[reminder(cast.scrum_master, cast.programme,
                                                            due_at=NOW)])

    assert count == 1
    row = Notification.objects.get()
    assert (row.recipient, row.kind, row.channel, row.state) == (
        cast.scrum_master, "update_missing", "email", "pending")
    assert row.address == cast.scrum_master.email
    assert row.link == "http://127.0.0.1:8000/p/somewhere/"
    assert "Open in metascrum" in row.html and row.link in row.html


def test_recording_twice_keeps_one_row(cast):
    spec = reminder(cast.scrum_master, cast.programme, due_at=NOW)

    outbox.notifications_record(kind="update_missing", reminders=[spec])
    outbox.notifications_record(kind="update_missing", reminders=[spec, spec])

    assert Notification.objects.count() == 1


def test_another_occurrence_is_another_row(cast):
    outbox.notifications_record(kind="update_missing", reminders=[
        reminder(cast.scrum_master, cast.programme, due_at=NOW, occurrence="2026-11-24"),
        reminder(cast.scrum_master, cast.programme, due_at=NOW, occurrence="2026-11-25"),
    ])

    assert Notification.objects.count() == 2


def test_the_database_refuses_a_duplicate_key(cast):
    outbox.notifications_record(kind="k", reminders=[reminder(cast.member, cast.programme,
                                                              due_at=NOW)])
    row = Notification.objects.get()
    row.pk = None

    try:
        row.save()
    except IntegrityError:
        pass
    else:  # pragma: no cover
        raise AssertionError("The unique key let a second row in.")


def test_record_one_is_idempotent_and_enqueues_after_commit(
        cast, enqueued, django_capture_on_commit_callbacks):
    spec = reminder(cast.member, cast.programme, due_at=NOW)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = outbox.notification_record(kind="minutes", reminder=spec, now=NOW)
        assert enqueued == []  # nothing leaves before the commit
    with django_capture_on_commit_callbacks(execute=True):
        second = outbox.notification_record(kind="minutes", reminder=spec, now=NOW)

    assert len(callbacks) == 1
    assert [n.pk for n in first] == [n.pk for n in second]
    assert enqueued == [first[0].pk]


def test_record_one_does_not_enqueue_what_is_not_due_yet(
        cast, enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notification_record(kind="minutes", now=NOW, reminder=reminder(
            cast.member, cast.programme, due_at=at("2026-11-24 10:00")))

    assert enqueued == []
    assert Notification.objects.get().state == "pending"


def test_a_broker_that_is_down_is_logged_and_the_row_waits(
        cast, monkeypatch, caplog, django_capture_on_commit_callbacks):
    from programmes import tasks

    def down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.notification_deliver, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.notification_record(kind="minutes", now=NOW,
                                   reminder=reminder(cast.member, cast.programme, due_at=NOW))

    row = Notification.objects.get()
    assert (row.state, row.enqueued_at) == ("pending", None)
    assert "wait in the outbox" in caplog.text
    assert outbox.notifications_due(now=NOW) == [row.pk]
