"""A burst of due rows is handed over DELIVERY_BATCH rows per task; each row is still claimed,
sent and marked on its own, and a transient error gets that row its own retrying task."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from programmes import tasks
from programmes.models import Notification
from programmes.notifications import channels, outbox
from tests.notifications.conftest import reminder

pytestmark = pytest.mark.django_db


def _rows(cast, n):
    due = timezone.now() - timedelta(minutes=1)
    outbox.notifications_record(kind="burst", reminders=[
        reminder(cast.member, cast.programme, due_at=due, ref=f"thing:{i}", subject=f"No {i}")
        for i in range(n)])
    return list(Notification.objects.order_by("pk").values_list("pk", flat=True))


@pytest.fixture
def handed(monkeypatch):
    calls = []
    monkeypatch.setattr(tasks.notification_deliver, "apply_async",
                        lambda args, **kw: calls.append(("one", args[0], kw)))
    monkeypatch.setattr(tasks.notifications_deliver_batch, "apply_async",
                        lambda args, **kw: calls.append(("batch", list(args[0]), kw)))
    return calls


def test_a_burst_goes_out_in_tasks_of_a_batch_each(cast, handed):
    ids = _rows(cast, 2 * outbox.DELIVERY_BATCH + 1)
    assert outbox.notifications_enqueue(ids) == len(ids)
    assert [(kind, len(arg) if kind == "batch" else 1) for kind, arg, _ in handed] == [
        ("batch", outbox.DELIVERY_BATCH), ("batch", outbox.DELIVERY_BATCH), ("one", 1)]
    assert not Notification.objects.filter(enqueued_at=None).exists()


def test_a_batch_sends_each_row_once(cast, handed):
    ids = _rows(cast, 5)
    assert tasks.notifications_deliver_batch.apply(args=(ids,)).get() == {"sent": 5}
    assert len(mail.outbox) == 5
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}
    assert outbox.notifications_deliver_batch(notification_ids=ids) == {"skipped": 5}
    assert len(mail.outbox) == 5


def test_a_transient_error_gives_the_row_its_own_retry_after_the_backoff(cast, handed,
                                                                          monkeypatch):
    ids = _rows(cast, 3)
    real_send = channels.send_email

    def flaky(**message):
        if message["subject"] == "No 1":
            raise channels.TransientDeliveryError("Mail server unreachable")
        return real_send(**message)

    monkeypatch.setattr(channels, "send_email", flaky)
    assert outbox.notifications_deliver_batch(notification_ids=ids) == {"sent": 2, "retrying": 1}
    [(kind, pk, options)] = handed
    assert (kind, pk) == ("one", ids[1])
    assert options["countdown"] == pytest.approx(outbox.RETRY_BACKOFF, abs=2)
    assert Notification.objects.get(pk=ids[1]).state == "pending"


def test_a_row_not_yet_due_by_this_clock_gets_its_own_task_due_then(cast, handed):
    """The web machine's clock ran ahead of the worker's: the row is not lost for minutes."""
    outbox.notifications_record(kind="burst", reminders=[
        reminder(cast.member, cast.programme, due_at=timezone.now() + timedelta(seconds=2),
                 ref="thing:ahead", subject="Ahead")])
    pk = Notification.objects.get().pk
    assert outbox.notifications_deliver_batch(notification_ids=[pk]) == {"later": 1}
    [(kind, arg, options)] = handed
    assert (kind, arg) == ("one", pk) and 0 < options["countdown"] <= 2
    assert Notification.objects.get().state == "pending" and len(mail.outbox) == 0


def test_a_sent_row_handed_over_again_is_only_skipped(cast, handed):
    [pk] = _rows(cast, 1)
    outbox.notifications_deliver_batch(notification_ids=[pk])
    assert outbox.notifications_deliver_batch(notification_ids=[pk]) == {"skipped": 1}
    assert handed == []


def test_the_single_row_task_also_waits_for_a_row_not_yet_due(cast, handed):
    outbox.notifications_record(kind="burst", reminders=[
        reminder(cast.member, cast.programme, due_at=timezone.now() + timedelta(seconds=2),
                 ref="thing:ahead", subject="Ahead")])
    pk = Notification.objects.get().pk
    assert tasks.notification_deliver.apply(args=(pk,)).get() == "later"
    assert [(kind, arg) for kind, arg, _ in handed] == [("one", pk)]
