"""A worker SIGKILLed in the middle of a batch: nothing is lost, and only what it had in
flight at that instant can arrive twice — with the same Idempotency-Key, so the receiver can
drop the repeat.

What holds it together: the outbox row is claimed with a conditional UPDATE (one winner), the
claim is a lease (NOTIFICATION_CLAIM_TIMEOUT) after which the due-scan hands a row of a dead
worker to the next one, and a row handed to a broker but never taken is handed again after
NOTIFICATION_REQUEUE_AFTER. Tasks are acked late, so the killed worker's messages are not
acknowledged either (Redis would redeliver them after its visibility timeout; the lease gets
there first). Exactly once cannot hold for a message the receiver got from the killed worker
before the row was marked sent: that one is sent again.
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from programmes import outbox, reminders
from programmes.models import Notification, NotificationPreference
from tests.worker import make_webhook, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("only_test_rules")]

BATCH = 200
LEASE = 3  # seconds: claim timeout and requeue delay, for the workers and for this process
WORKER_ENV = {"NOTIFICATION_CLAIM_TIMEOUT": str(LEASE), "NOTIFICATION_REQUEUE_AFTER": str(LEASE)}


@pytest.fixture(autouse=True)
def _short_lease(monkeypatch):
    monkeypatch.setattr(outbox, "CLAIM_TIMEOUT", timedelta(seconds=LEASE))
    monkeypatch.setattr(outbox, "REQUEUE_AFTER", timedelta(seconds=LEASE))


def _batch(cast, hook_server) -> dict[str, int]:
    """BATCH due chat reminders to a receiver that takes 0.1 s per post; key → row id."""
    make_webhook(cast.programme, hook_server.url("/slow"))
    hook_server.delays["/slow"] = 0.1
    NotificationPreference.objects.create(person=cast.member, email_enabled=False)
    due = timezone.now() - timedelta(minutes=1)
    outbox.notifications_record(kind="kill_test", reminders=[
        reminders.Reminder(recipient=cast.member, programme=cast.programme,
                           object_ref=f"kill:{n}", occurrence="", due_at=due,
                           subject=f"Reminder {n}", text="Post your update.")
        for n in range(BATCH)])
    return {outbox.delivery_key(row): row.pk for row in Notification.objects.all()}


def _scan_until_all_sent():
    """What beat does every minute, every second here, until the outbox is empty."""
    reminders.due_scan()
    return not Notification.objects.exclude(state=Notification.State.SENT).exists()


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_only_what_was_in_flight(
        start_celery_worker, cast, hook_server, capsys):
    keys = _batch(cast, hook_server)
    assert len(keys) == BATCH

    first = start_celery_worker(**WORKER_ENV)
    assert reminders.due_scan() == (0, BATCH)
    wait_for(lambda: len(hook_server.bodies("/slow")) >= BATCH // 4, timeout=60,
             what="a quarter of the batch to arrive")
    first.kill()
    in_flight = set(Notification.objects.filter(state=Notification.State.SENDING)
                    .values_list("pk", flat=True))
    arrived_before = len(hook_server.bodies("/slow"))
    assert arrived_before < BATCH, "the worker finished before it was killed"

    start_celery_worker(**WORKER_ENV)
    wait_for(_scan_until_all_sent, timeout=120, interval=1, what="every row to be sent")

    got = Counter(hook_server.header_values("Idempotency-Key", "/slow"))
    repeated = {keys[key] for key, n in got.items() if n > 1}
    assert set(got) == set(keys)  # every reminder arrived, under its own key
    assert repeated <= in_flight  # only what the killed worker had in flight came twice
    assert max(got.values()) <= 2
    assert Notification.objects.filter(state="sent").count() == BATCH
    with capsys.disabled():
        print(f"\n[worker killed] {BATCH} reminders; {arrived_before} arrived before the "
              f"kill; {len(in_flight)} in flight at the kill; {len(repeated)} arrived twice; "
              f"{sum(got.values())} posts in all.")
