"""A worker SIGKILLed in the middle of a batch: nothing is lost, only what it had in flight at
that instant can arrive twice — with the same Idempotency-Key, so the receiver can drop the
repeat — and the rest goes out within a minute of a new worker starting, or within two
minutes of the kill when another worker is alive.

Everything runs with the production settings: the outbox's lease (NOTIFICATION_CLAIM_TIMEOUT,
20 s), renewed by each delivery task while it runs, and the hand-over scan of the beat
schedule at its own interval (10 s), played by this process. The killed worker's rows go to
another worker once their lease lapsed; its unacknowledged tasks, which Redis would hand out
again only after its visibility timeout (two hours), are not waited for. Exactly once cannot
hold for a message the receiver got from the killed worker before the row was marked sent:
that one is sent again.
"""

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from programmes.models import Notification, NotificationPreference
from programmes.notifications import outbox, registry
from tests.worker import make_webhook, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("only_test_rules")]

BATCH = 200
HAND_OVER = "notifications-hand-over"


def _batch(cast, hook_server) -> dict[str, int]:
    """BATCH due chat reminders to a receiver that takes 0.1 s per post; key → row id."""
    make_webhook(cast.programme, hook_server.url("/slow"))
    hook_server.delays["/slow"] = 0.1
    NotificationPreference.objects.create(person=cast.member, email_enabled=False)
    due = timezone.now() - timedelta(minutes=1)
    outbox.notifications_record(kind="kill_test", reminders=[
        registry.Reminder(recipient=cast.member, programme=cast.programme,
                           object_ref=f"kill:{n}", occurrence="", due_at=due,
                           subject=f"Reminder {n}", text="Post your update.")
        for n in range(BATCH)])
    return {outbox.delivery_key(row): row.pk for row in Notification.objects.all()}


def _kill_after_a_quarter(worker, hook_server) -> set[int]:
    """SIGKILL `worker` once a quarter of the batch arrived; the ids of the rows being sent at
    that instant (another live worker's among them)."""
    wait_for(lambda: len(hook_server.bodies("/slow")) >= BATCH // 4, timeout=60,
             what="a quarter of the batch to arrive")
    worker.kill()
    assert len(hook_server.bodies("/slow")) < BATCH, "the batch was done before the kill"
    return set(Notification.objects.filter(state=Notification.State.SENDING)
               .values_list("pk", flat=True))


def _all_sent() -> bool:
    return not Notification.objects.exclude(state=Notification.State.SENT).exists()


def _repeats(keys: dict[str, int], in_flight: set[int], hook_server) -> set[int]:
    """Every reminder arrived under its own key, only rows in flight at the kill twice, none
    three times; returns the ids of the rows that arrived twice."""
    got = Counter(hook_server.header_values("Idempotency-Key", "/slow"))
    repeated = {keys[key] for key, n in got.items() if n > 1}
    assert set(got) == set(keys)
    assert repeated <= in_flight
    assert max(got.values()) <= 2
    assert Notification.objects.filter(state="sent").count() == BATCH
    return repeated


def test_a_new_worker_delivers_what_a_killed_one_held_within_a_minute(
        start_celery_worker, play_beat, cast, hook_server, capsys):
    keys = _batch(cast, hook_server)
    first = start_celery_worker()
    assert registry.due_scan() == (0, BATCH)
    play_beat(HAND_OVER)  # after the scan: a slow worker start must not let it enqueue first
    in_flight = _kill_after_a_quarter(first, hook_server)
    arrived_before = len(hook_server.bodies("/slow"))

    restarted = time.monotonic()
    start_celery_worker()
    wait_for(_all_sent, timeout=180, interval=0.2, what="every row to be sent")
    took = hook_server.last_arrival("/slow") - restarted

    repeated = _repeats(keys, in_flight, hook_server)
    with capsys.disabled():
        print(f"\n[worker killed, new worker] {BATCH} reminders; {arrived_before} arrived "
              f"before the kill; {len(in_flight)} in flight at the kill; {len(repeated)} "
              f"arrived twice; last delivery {took:.1f} s after the new worker was started.")
    assert took < 60


def test_another_live_worker_delivers_what_a_killed_one_held_within_two_minutes(
        start_celery_worker, play_beat, cast, hook_server, capsys):
    keys = _batch(cast, hook_server)
    doomed = start_celery_worker()
    start_celery_worker()
    assert registry.due_scan() == (0, BATCH)
    play_beat(HAND_OVER)
    in_flight = _kill_after_a_quarter(doomed, hook_server)
    killed = time.monotonic()
    arrived_before = len(hook_server.bodies("/slow"))

    wait_for(_all_sent, timeout=240, interval=0.2, what="every row to be sent")
    took = hook_server.last_arrival("/slow") - killed

    repeated = _repeats(keys, in_flight, hook_server)
    with capsys.disabled():
        print(f"\n[worker killed, one still alive, no restart] {BATCH} reminders; "
              f"{arrived_before} arrived before the kill; {len(in_flight)} in flight at the "
              f"kill (both workers'); {len(repeated)} arrived twice; last delivery "
              f"{took:.1f} s after the kill.")
    assert took < 120
