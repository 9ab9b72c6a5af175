"""Every attempt at one message carries the same key (Message-ID, Idempotency-Key); another
message another key. After a worker dies between sending and marking sent, the message goes
out again: this is how the receiver tells."""

from datetime import timedelta

from django.core import mail

from programmes.models import Notification, NotificationPreference
from programmes.notifications import channels, outbox
from tests.notifications.conftest import at, make_webhook, reminder

NOW = at("2026-11-24 09:00")


def _rows(cast, n=2):
    outbox.notifications_record(kind="digest", reminders=[
        reminder(cast.member, cast.programme, due_at=NOW, ref=f"thing:{i}") for i in range(n)])
    return list(Notification.objects.order_by("pk"))


def _as_if_the_worker_died(row):
    """The row stays claimed by a worker that is gone; the lease runs out."""
    Notification.objects.filter(pk=row.pk).update(state="sending", sent_at=None,
                                                  claimed_at=NOW - outbox.CLAIM_TIMEOUT * 2)


def test_a_repeated_email_has_the_same_message_id(cast):
    first, second = _rows(cast)
    outbox.notification_deliver(notification_id=first.pk, now=NOW)
    _as_if_the_worker_died(first)
    outbox.notification_deliver(notification_id=first.pk, now=NOW + timedelta(minutes=1))
    outbox.notification_deliver(notification_id=second.pk, now=NOW)

    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert ids[0] == ids[1] == channels.message_id(outbox.delivery_key(first))
    assert ids[2] != ids[0] and ids[0].endswith("@127.0.0.1>")
    assert "Message-ID: " + ids[0] in mail.outbox[0].message().as_string()


def test_a_repeated_chat_post_has_the_same_idempotency_key(cast, hook_server):
    make_webhook(cast.programme, hook_server.url())
    NotificationPreference.objects.create(person=cast.member, email_enabled=False)
    first, second = _rows(cast)
    outbox.notification_deliver(notification_id=first.pk, now=NOW)
    _as_if_the_worker_died(first)
    outbox.notification_deliver(notification_id=first.pk, now=NOW + timedelta(minutes=1))
    outbox.notification_deliver(notification_id=second.pk, now=NOW)

    keys = hook_server.header_values("Idempotency-Key")
    assert keys == [outbox.delivery_key(first)] * 2 + [outbox.delivery_key(second)]
    assert keys[0] != keys[2]
