"""End to end on a real Redis with a real `celery -A metascrum worker` subprocess.

The due-scan runs here (as beat would), the worker delivers: it writes mail to files and
posts webhooks to the local test server, so what went out is counted, not assumed.
"""

import re
import socket
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from programmes import tasks
from programmes.models import Notification, NotificationPreference
from programmes.notifications import outbox, registry
from tests.notifications.conftest import make_webhook, point_app_at, reminder, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("only_test_rules")]


def _subject():
    return f"Worker test {uuid.uuid4().hex[:8]}"


def _everyone(cast):
    return [cast.msm, cast.scrum_master, cast.member]


def _due_rule(cast, rule, subject, people=None):
    def due(now):
        return [reminder(person, cast.programme, due_at=now - timedelta(minutes=1),
                         ref=f"worker:{person.pk}", subject=subject)
                for person in (people or _everyone(cast))]

    rule("worker_due", due)


def _sent(n):
    return lambda: Notification.objects.filter(state="sent").count() == n


def test_due_reminders_are_delivered_once(celery_worker, cast, rule):
    subject = _subject()
    _due_rule(cast, rule, subject)

    assert registry.due_scan() == (3, 3)
    wait_for(_sent(3), what="three sent notifications")

    assert registry.due_scan() == (3, 0)  # offered again, recorded and enqueued nothing
    assert Notification.objects.count() == 3
    assert celery_worker.mails(subject) == 3


def test_the_same_delivery_task_twice_at_once_sends_once(celery_worker, cast, hook_server):
    make_webhook(cast.programme, hook_server.url("/slow"))
    hook_server.delays["/slow"] = 0.5  # both tasks are in flight together
    NotificationPreference.objects.create(person=cast.member, email_enabled=False)
    subject = _subject()
    outbox.notifications_record(kind="worker_dup", reminders=[reminder(
        cast.member, cast.programme, due_at=timezone.now() - timedelta(minutes=1),
        subject=subject)])
    row = Notification.objects.get()

    first = tasks.notification_deliver.apply_async((row.pk,))
    second = tasks.notification_deliver.apply_async((row.pk,))

    def both_done():
        log = celery_worker.log.read_text()
        return all(re.search(rf"{task.id}\] succeeded", log) for task in (first, second))

    wait_for(both_done, what="both duplicate tasks to finish")
    log = celery_worker.log.read_text()
    outcomes = sorted(re.search(rf"{task.id}\] succeeded in [\d.]+s: '(\w+)'", log).group(1)
                      for task in (first, second))
    assert outcomes == ["sent", "skipped"]
    assert len(hook_server.bodies("/slow")) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("sent", 1)


def test_with_the_broker_down_nothing_is_lost_and_all_go_out_once_it_is_back(
        celery_worker, cast, rule, caplog):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{probe.getsockname()[1]}/13"
    subject = _subject()
    _due_rule(cast, rule, subject)

    point_app_at(dead)
    try:
        assert registry.due_scan() == (3, 0)
        assert registry.due_scan() == (3, 0)  # beat keeps trying while it is down
    finally:
        point_app_at(celery_worker.redis_url)

    assert "Broker unavailable" in caplog.text
    assert set(Notification.objects.values_list("state", "enqueued_at")) == {("pending", None)}
    assert celery_worker.mails(subject) == 0

    assert registry.due_scan() == (3, 3)  # the broker is back
    wait_for(_sent(3), what="the waiting notifications to go out")
    assert celery_worker.mails(subject) == 3
    assert Notification.objects.count() == 3


def test_the_worker_retries_a_500_with_backoff_and_posts_once(celery_worker, cast, rule,
                                                               hook_server):
    make_webhook(cast.programme, hook_server.url("/flaky"))
    hook_server.statuses["/flaky"] = [500]
    NotificationPreference.objects.create(person=cast.member, email_enabled=False)
    _due_rule(cast, rule, _subject(), people=[cast.member])

    registry.due_scan()
    wait_for(_sent(1), what="the retried webhook post")

    row = Notification.objects.get()
    assert row.attempts == 2 and row.last_error == ""
    assert len(hook_server.bodies("/flaky")) == 1
    assert re.search(r"notification_deliver\[[\w-]+\] retry: Retry in 1s",
                     celery_worker.log.read_text())
