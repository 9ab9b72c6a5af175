import smtplib
import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from programmes import tasks
from programmes.models import Notification, NotificationPreference
from programmes.notifications import channels, outbox
from tests.notifications.conftest import at, reminder
from tests.worker import require_postgresql

NOW = at("2026-11-24 09:00")


def _row(cast, due_at=NOW, person=None):
    outbox.notifications_record(kind="digest", reminders=[reminder(
        person or cast.member, cast.programme, due_at=due_at, subject="Weekly digest")])
    return Notification.objects.get()


def test_it_sends_a_due_email_with_text_and_html(cast):
    row = _row(cast)

    assert outbox.notification_deliver(notification_id=row.pk, now=NOW) == "sent"

    [message] = mail.outbox
    assert message.to == [cast.member.email]
    assert message.subject == "Weekly digest"
    assert "09:30" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "http://127.0.0.1:8000/p/somewhere/" in html
    row.refresh_from_db()
    assert (row.state, row.attempts, row.sent_at is not None) == ("sent", 1, True)


def test_delivering_twice_sends_once(cast):
    row = _row(cast)

    outbox.notification_deliver(notification_id=row.pk, now=NOW)
    assert outbox.notification_deliver(notification_id=row.pk, now=NOW) == "skipped"

    assert len(mail.outbox) == 1


def test_it_does_not_send_before_due(cast):
    row = _row(cast, due_at=NOW + timedelta(minutes=5))

    assert outbox.notification_deliver(notification_id=row.pk, now=NOW) == "skipped"

    assert mail.outbox == []
    row.refresh_from_db()
    assert row.state == "pending"


def test_a_fresh_claim_is_not_taken_over(cast):
    row = _row(cast)
    assert outbox.notification_claim(notification_id=row.pk, now=NOW) is not None

    assert outbox.notification_claim(notification_id=row.pk,
                                     now=NOW + outbox.CLAIM_TIMEOUT / 2) is None


def test_a_stale_claim_of_a_dead_worker_is_taken_over_and_sent(cast):
    row = _row(cast)
    outbox.notification_claim(notification_id=row.pk, now=NOW)  # then the worker died
    later = NOW + outbox.CLAIM_TIMEOUT + timedelta(seconds=1)

    assert outbox.notifications_due(now=later) == [row.pk]
    assert outbox.notification_deliver(notification_id=row.pk, now=later) == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_deliveries_send_once(cast, monkeypatch):
    require_postgresql("needs PostgreSQL's row locking")
    row = _row(cast)
    sent = []

    def slow_send(**message):
        time.sleep(0.3)  # both workers are inside delivery at the same time
        sent.append(message["to"])

    monkeypatch.setattr(channels, "send_email", slow_send)
    results = []
    barrier = threading.Barrier(2)

    def deliver():
        barrier.wait()
        try:
            results.append(outbox.notification_deliver(notification_id=row.pk, now=NOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["sent", "skipped"]
    assert len(sent) == 1


def test_a_refused_address_fails_the_row_and_marks_the_address(cast, monkeypatch):
    row = _row(cast)

    def refused(**message):
        raise channels.PermanentDeliveryError("Address refused: no such mailbox")

    monkeypatch.setattr(channels, "send_email", refused)

    assert outbox.notification_deliver(notification_id=row.pk, now=NOW) == "failed"

    row.refresh_from_db()
    assert (row.state, row.last_error) == ("failed", "Address refused: no such mailbox")
    pref = NotificationPreference.objects.get(person=cast.member)
    assert pref.email_failing_since == NOW
    assert "no such mailbox" in pref.email_failure


def test_smtp_errors_are_sorted_into_permanent_and_transient(monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    def raising(error):
        def send(self, *args, **kwargs):
            raise error
        return send

    cases = [
        (smtplib.SMTPRecipientsRefused({"a@b": (550, b"no")}), channels.PermanentDeliveryError),
        (smtplib.SMTPDataError(554, b"rejected"), channels.PermanentDeliveryError),
        (smtplib.SMTPDataError(451, b"try later"), channels.TransientDeliveryError),
        (smtplib.SMTPServerDisconnected("gone"), channels.TransientDeliveryError),
        (ConnectionRefusedError("down"), channels.TransientDeliveryError),
    ]
    for error, expected in cases:
        monkeypatch.setattr(EmailMultiAlternatives, "send", raising(error))
        with pytest.raises(expected):
            channels.send_email(to="a@b.example", subject="s", text="t")


def test_a_success_clears_the_failing_mark(cast):
    NotificationPreference.objects.create(person=cast.member, email_failing_since=NOW,
                                          email_failure="bounced")
    row = _row(cast)

    outbox.notification_deliver(notification_id=row.pk, now=NOW)

    assert NotificationPreference.objects.get(person=cast.member).email_failing_since is None


def test_a_transient_error_puts_the_row_back_with_exponential_backoff(cast, monkeypatch):
    row = _row(cast)

    def flaky(**message):
        raise channels.TransientDeliveryError("Mail server unreachable")

    monkeypatch.setattr(channels, "send_email", flaky)
    when = NOW
    waits = []
    for _ in range(3):
        with pytest.raises(channels.TransientDeliveryError):
            outbox.notification_deliver(notification_id=row.pk, now=when)
        row.refresh_from_db()
        assert row.state == "pending" and row.last_error == "Mail server unreachable"
        waits.append((row.due_at - when).total_seconds())
        # Not before the backoff is over:
        assert outbox.notification_deliver(notification_id=row.pk, now=when) == "skipped"
        when = row.due_at

    base = outbox.RETRY_BACKOFF
    assert waits == [base, 2 * base, 4 * base]
    monkeypatch.undo()
    assert outbox.notification_deliver(notification_id=row.pk, now=when) == "sent"
    row.refresh_from_db()
    assert row.attempts == 4


def test_it_gives_up_after_the_last_attempt(cast, monkeypatch):
    row = _row(cast)
    Notification.objects.filter(pk=row.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)

    def flaky(**message):
        raise channels.TransientDeliveryError("Mail server unreachable")

    monkeypatch.setattr(channels, "send_email", flaky)

    assert outbox.notification_deliver(notification_id=row.pk, now=NOW) == "failed"
    row.refresh_from_db()
    assert row.state == "failed" and "gave up after 6 attempts" in row.last_error


def test_the_task_retries_only_transient_errors_with_backoff():
    task = tasks.notification_deliver

    assert task.autoretry_for == (channels.TransientDeliveryError,)
    assert task.retry_backoff == outbox.RETRY_BACKOFF and task.retry_jitter is False
    assert task.acks_late is True
    # Celery's countdown for retry n equals the wait the outbox writes into due_at.
    assert [outbox.retry_delay(n) for n in (1, 2, 3)] == [
        outbox.RETRY_BACKOFF, 2 * outbox.RETRY_BACKOFF, 4 * outbox.RETRY_BACKOFF]


def test_the_task_calls_the_service(cast):
    row = _row(cast, due_at=at("2020-01-01 00:00"))

    assert tasks.notification_deliver.apply(args=(row.pk,)).get() == "sent"
    assert len(mail.outbox) == 1
