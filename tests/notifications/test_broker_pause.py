"""After the broker failed, requests leave their rows to the due-scan for a while instead of
each waiting for a broker that is down; the due-scan always tries."""

import pytest

from programmes.models import Notification
from programmes.notifications import outbox
from tests.notifications.conftest import at, reminder

NOW = at("2026-11-24 09:00")


@pytest.fixture
def row(cast):
    outbox.notifications_record(kind="digest", reminders=[
        reminder(cast.member, cast.programme, due_at=NOW)])
    return Notification.objects.get()


@pytest.fixture
def broker_just_failed(monkeypatch):
    import time

    monkeypatch.setattr(outbox, "_broker_failed_at", time.monotonic())


def test_a_request_does_not_hand_over_right_after_a_failure(row, broker_just_failed, enqueued):
    assert outbox.notifications_enqueue_on_commit([row.pk]) == 0
    assert enqueued == []


def test_the_due_scan_hands_over_anyway_and_ends_the_pause(row, broker_just_failed, enqueued):
    assert outbox.notifications_enqueue_due(now=NOW) == 1
    assert enqueued == [row.pk]
    assert not outbox.broker_paused()


def test_a_request_hands_over_when_nothing_failed(row, enqueued):
    assert outbox.notifications_enqueue_on_commit([row.pk]) == 1
    assert enqueued == [row.pk]


def test_a_failure_starts_the_pause(row, monkeypatch):
    from programmes import tasks

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.notification_deliver, "apply_async", down)
    monkeypatch.setattr(outbox, "_broker_failed_at", None)
    assert outbox.notifications_enqueue([row.pk]) == 0
    assert outbox.broker_paused()
