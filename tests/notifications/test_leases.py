"""The lease on what a delivery task holds: renewed while the task runs, so a slow live worker
keeps its rows, and lapsing CLAIM_TIMEOUT after a worker died, so the hand-over scan gives its
rows to another worker within seconds rather than after REQUEUE_AFTER."""

from datetime import timedelta

import pytest
from django.core import mail

from programmes import tasks
from programmes.models import Notification
from programmes.notifications import outbox
from tests.notifications.conftest import at, reminder, wait_for
from tests.worker import require_postgresql

NOW = at("2026-11-24 09:00")
LEASE = outbox.CLAIM_TIMEOUT


def _rows(cast, n=2, due_at=NOW):
    outbox.notifications_record(kind="digest", reminders=[
        reminder(cast.member, cast.programme, due_at=due_at, ref=f"thing:{i}")
        for i in range(n)])
    return list(Notification.objects.order_by("pk").values_list("pk", flat=True))


def _handed_over_and_taken(ids, *, at_):
    outbox.notifications_enqueue(ids, now=at_)
    outbox.notifications_hold(notification_ids=ids, now=at_)


def test_a_task_takes_only_the_due_pending_rows(cast):
    [due] = _rows(cast, 1)
    outbox.notifications_record(kind="digest", reminders=[
        reminder(cast.member, cast.programme, due_at=NOW + timedelta(hours=1), ref="later:1")])
    later = Notification.objects.get(object_ref="later:1").pk

    assert outbox.notifications_hold(notification_ids=[due, later], now=NOW) == 1

    assert dict(Notification.objects.values_list("pk", "claimed_at")) == {due: NOW, later: None}


def test_rows_held_under_a_live_lease_are_not_handed_over_again(cast, enqueued):
    ids = _rows(cast)
    _handed_over_and_taken(ids, at_=NOW)
    outbox.notifications_renew(notification_ids=ids, now=NOW + LEASE / 2)

    assert outbox.notifications_due(now=NOW + LEASE) == []


def test_rows_of_a_task_that_stopped_renewing_are_handed_over_once_the_lease_lapsed(
        cast, enqueued):
    ids = _rows(cast)
    _handed_over_and_taken(ids, at_=NOW)  # then the worker died
    lapsed = NOW + LEASE + timedelta(seconds=1)

    assert lapsed < NOW + outbox.REQUEUE_AFTER  # it does not wait for the requeue delay
    assert outbox.notifications_enqueue_due(now=lapsed) == 2
    assert sorted(enqueued) == sorted(ids + ids)


def test_a_row_handed_over_again_waits_as_pending_until_a_task_takes_it(cast, enqueued):
    [pk] = _rows(cast, 1)
    outbox.notification_claim(notification_id=pk, now=NOW)  # then the worker died
    lapsed = NOW + LEASE + timedelta(seconds=1)

    assert outbox.notifications_enqueue_due(now=lapsed) == 1
    assert outbox.notifications_enqueue_due(now=lapsed + LEASE * 2) == 0

    row = Notification.objects.get()
    assert (row.state, row.claimed_at, row.enqueued_at) == ("pending", None, lapsed)


def test_handing_over_a_row_a_live_task_holds_leaves_its_lease_alone(cast, enqueued):
    [pk] = _rows(cast, 1)
    outbox.notifications_hold(notification_ids=[pk], now=NOW)

    outbox.notifications_enqueue([pk], now=NOW + timedelta(seconds=1))

    row = Notification.objects.get()
    assert (row.state, row.claimed_at) == ("pending", NOW)


def test_a_renewed_claim_is_not_taken_over(cast):
    [pk] = _rows(cast, 1)
    outbox.notification_claim(notification_id=pk, now=NOW)
    renewed = NOW + LEASE * 3 / 4
    outbox.notifications_renew(notification_ids=[pk], now=renewed)

    assert outbox.notification_claim(notification_id=pk, now=NOW + LEASE * 3 / 2) is None
    assert outbox.notification_claim(notification_id=pk,
                                     now=renewed + LEASE + timedelta(seconds=1)) is not None


def test_renewing_leaves_finished_and_given_back_rows_alone(cast):
    sent, given_back = _rows(cast)
    outbox.notification_deliver(notification_id=sent, now=NOW)
    row = outbox.notification_claim(notification_id=given_back, now=NOW)
    outbox.notification_release(notification=row, reason="Mail server unreachable", now=NOW)

    assert outbox.notifications_renew(notification_ids=[sent, given_back],
                                      now=NOW + timedelta(seconds=5)) == 0


def test_a_worker_whose_claim_was_taken_over_does_not_mark_the_row(cast):
    [pk] = _rows(cast, 1)
    first = outbox.notification_claim(notification_id=pk, now=NOW)
    second = outbox.notification_claim(notification_id=pk,
                                       now=NOW + LEASE + timedelta(seconds=1))

    outbox.notification_mark_sent(notification=first, now=NOW + LEASE * 2)
    assert Notification.objects.get().state == "sending"
    outbox.notification_mark_sent(notification=second, now=NOW + LEASE * 2)
    assert Notification.objects.get().state == "sent"


def test_a_batch_task_sends_its_rows_once_under_its_lease(cast, enqueued):
    ids = _rows(cast, 3)

    assert tasks.notifications_deliver_batch.apply(args=(ids,)).get() == {"sent": 3}

    assert len(mail.outbox) == 3
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}


@pytest.mark.django_db(transaction=True)
def test_a_lease_is_renewed_while_its_block_runs(cast):
    require_postgresql("renews from a thread with a connection of its own")
    ids = _rows(cast, 2, due_at=at("2000-01-01 00:00"))

    with outbox.Lease(ids, every=0.05):
        taken = dict(Notification.objects.values_list("pk", "claimed_at"))
        wait_for(lambda: all(claimed_at > taken[pk] for pk, claimed_at
                             in Notification.objects.values_list("pk", "claimed_at")),
                 timeout=10, interval=0.05, what="both leases to be renewed")


@pytest.mark.django_db(transaction=True)
def test_a_lease_lets_a_row_go_once_the_task_is_done_with_it(cast):
    require_postgresql("renews from a thread with a connection of its own")
    done, still_to_do = _rows(cast, 2, due_at=at("2000-01-01 00:00"))

    with outbox.Lease([done, still_to_do], every=0.05) as lease:
        lease.let_go(done)
        taken = dict(Notification.objects.values_list("pk", "claimed_at"))
        wait_for(lambda: Notification.objects.get(pk=still_to_do).claimed_at
                 > taken[still_to_do], timeout=10, interval=0.05,
                 what="the lease on the row still to do to be renewed")

    assert Notification.objects.get(pk=done).claimed_at == taken[done]
