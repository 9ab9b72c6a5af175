"""Outgoing webhooks follow Standard Webhooks: a receiver verifies each delivery with the
`standardwebhooks` library and the secret it was given, before and after a rotation; against a
real HTTP server on 127.0.0.1."""

import base64
import hashlib
import hmac
import json
import re
import secrets
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from programmes.models import AuditEntry, Notification, WebhookSubscription
from programmes.notifications import channels, outbox, webhooks
from tests.feedback.helpers import raise_impediment


def subscribe(cast, url):
    return webhooks.subscription_create(programme=cast.programme, by=cast.msm, name="Tracker",
                                        url=url, events=["impediment.raised"])


def deliver_one(cast, server):
    """Raise an impediment, deliver its event, return what the receiver got."""
    raise_impediment(cast)
    row = Notification.objects.filter(channel="event").latest("pk")
    assert outbox.notification_deliver(notification_id=row.pk) == "sent"
    return server.accepted()[-1]


def rotate(subscription, cast):
    return webhooks.subscription_rotate_secret(subscription=subscription, by=cast.msm)


# --- secrets --------------------------------------------------------------------------------

def test_a_new_secret_is_whsec_and_the_base64_of_32_random_bytes(cast):
    subscription = subscribe(cast, "http://127.0.0.1:9/events")

    assert re.fullmatch(r"whsec_[A-Za-z0-9+/]{43}=", subscription.secret)
    assert len(base64.b64decode(subscription.secret.removeprefix("whsec_"))) == 32
    assert subscription.secret_is_standard
    assert subscribe(cast, "http://127.0.0.1:9/other").secret != subscription.secret


# --- a delivery -----------------------------------------------------------------------------

def test_a_delivery_verifies_with_the_standardwebhooks_library(cast, events_server):
    subscription = subscribe(cast, events_server.url())

    got = deliver_one(cast, events_server)

    event = Webhook(subscription.secret).verify(got.body, got.headers)
    assert event["event"] == "impediment.raised"
    assert event["data"]["title"] == "Test environment is down"
    assert got.headers["webhook-id"] == event["id"]
    assert re.fullmatch(r"[0-9]+", got.headers["webhook-timestamp"])
    assert abs(int(got.headers["webhook-timestamp"]) - timezone.now().timestamp()) < 60
    assert re.fullmatch(r"v1,[A-Za-z0-9+/]{43}=", got.headers["webhook-signature"])


def test_a_tampered_body_does_not_verify(cast, events_server):
    subscription = subscribe(cast, events_server.url())
    got = deliver_one(cast, events_server)
    tampered = got.body.replace(b"Test environment is down", b"Test environment is fine")

    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        Webhook(subscription.secret).verify(tampered, got.headers)


def test_another_secret_does_not_verify(cast, events_server):
    subscribe(cast, events_server.url())
    got = deliver_one(cast, events_server)
    guessed = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()

    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        Webhook(guessed).verify(got.body, got.headers)


def test_a_delivery_replayed_after_the_tolerance_does_not_verify(cast, events_server):
    subscription = subscribe(cast, events_server.url())
    got = deliver_one(cast, events_server)
    receiver_side = Webhook(subscription.secret)
    assert receiver_side.verify(got.body, got.headers)

    with time_machine.travel(timezone.now() + timedelta(minutes=6)), \
            pytest.raises(WebhookVerificationError, match="too old"):
        receiver_side.verify(got.body, got.headers)


def test_a_replay_with_a_fresh_timestamp_header_does_not_verify(cast, events_server):
    subscription = subscribe(cast, events_server.url())
    got = deliver_one(cast, events_server)

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        fresh = {name: value for name, value in got.headers.items()
                 if name.lower() != "webhook-timestamp"}
        fresh["webhook-timestamp"] = str(int(timezone.now().timestamp()))
        with pytest.raises(WebhookVerificationError, match="No matching signature"):
            Webhook(subscription.secret).verify(got.body, fresh)


def test_every_retry_carries_the_events_id_and_its_own_timestamp(cast, events_server):
    subscription = subscribe(cast, events_server.url())
    events_server.statuses["/events"] = [503]
    item = raise_impediment(cast)
    row = Notification.objects.get(channel="event")
    first_try = timezone.now()
    with pytest.raises(channels.TransientDeliveryError):
        outbox.notification_deliver(notification_id=row.pk, now=first_try)
    row.refresh_from_db()

    with time_machine.travel(row.due_at + timedelta(seconds=1)):
        assert outbox.notification_deliver(notification_id=row.pk) == "sent"
        failed, delivered = events_server.attempts
        Webhook(subscription.secret).verify(delivered.body, delivered.headers)

    expected = webhooks.event_id(cast.programme, "impediment.raised", f"feedback:{item.pk}")
    assert failed.headers["webhook-id"] == delivered.headers["webhook-id"] == expected
    assert int(delivered.headers["webhook-timestamp"]) > int(failed.headers["webhook-timestamp"])


# --- rotation -------------------------------------------------------------------------------

def test_during_the_overlap_both_the_old_and_the_new_secret_verify(cast, events_server):
    subscription = subscribe(cast, events_server.url())
    old = subscription.secret
    new = rotate(subscription, cast).secret

    got = deliver_one(cast, events_server)

    assert new != old
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    assert Webhook(old).verify(got.body, got.headers)["event"] == "impediment.raised"
    assert Webhook(new).verify(got.body, got.headers)["event"] == "impediment.raised"


def test_after_the_overlap_only_the_new_secret_verifies(cast, events_server, settings):
    settings.WEBHOOK_SECRET_OVERLAP_HOURS = 24
    subscription = subscribe(cast, events_server.url())
    old = subscription.secret
    new = rotate(subscription, cast).secret

    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        got = deliver_one(cast, events_server)
        assert Webhook(new).verify(got.body, got.headers)
        with pytest.raises(WebhookVerificationError, match="No matching signature"):
            Webhook(old).verify(got.body, got.headers)
    assert len(got.headers["webhook-signature"].split(" ")) == 1


def test_the_overlap_lasts_as_long_as_the_setting_says(cast, settings):
    settings.WEBHOOK_SECRET_OVERLAP_HOURS = 2
    subscription = subscribe(cast, "http://127.0.0.1:9/events")
    old = subscription.secret
    before = timezone.now()

    rotate(subscription, cast)

    subscription.refresh_from_db()
    until = subscription.previous_secret_until
    assert subscription.previous_secret == old
    assert before + timedelta(hours=2) <= until <= timezone.now() + timedelta(hours=2)
    assert subscription.secrets_at(until - timedelta(seconds=1)) == [subscription.secret, old]
    assert subscription.secrets_at(until) == [subscription.secret]


def test_rotating_again_in_the_overlap_drops_the_oldest_secret(cast, events_server):
    subscription = subscribe(cast, events_server.url())
    first = subscription.secret
    second = rotate(subscription, cast).secret
    third = rotate(subscription, cast).secret

    got = deliver_one(cast, events_server)

    assert Webhook(third).verify(got.body, got.headers)
    assert Webhook(second).verify(got.body, got.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(first).verify(got.body, got.headers)


def test_a_rotation_is_audited_without_the_secret(cast):
    subscription = subscribe(cast, "http://127.0.0.1:9/events")

    rotate(subscription, cast)

    entry = AuditEntry.objects.get(action="webhook.rotate")
    assert entry.actor == cast.msm and "the old one signs too until" in entry.summary
    assert subscription.secret not in str(entry.changes) + entry.summary
    assert subscription.previous_secret not in str(entry.changes) + entry.summary


# --- secrets made before Standard Webhooks --------------------------------------------------

def old_style(cast, url):
    """A subscription as they were made before: `whsec_` and secrets.token_urlsafe(32)."""
    return WebhookSubscription.objects.create(
        programme=cast.programme, name="Old tracker", url=url, events=["impediment.raised"],
        secret="whsec_" + secrets.token_urlsafe(32))


def test_an_old_secret_verifies_as_a_raw_key(cast, events_server):
    subscription = old_style(cast, events_server.url())

    got = deliver_one(cast, events_server)

    assert not subscription.secret_is_standard
    assert Webhook(subscription.secret.encode()).verify(got.body, got.headers)
    expected = hmac.new(subscription.secret.encode(), got.body, hashlib.sha256).hexdigest()
    assert got.headers["X-Metascrum-Signature"] == f"sha256={expected}"


def test_rotating_an_old_secret_overlaps_it_with_a_standard_one(cast, events_server):
    subscription = old_style(cast, events_server.url())
    old = subscription.secret

    rotate(subscription, cast)
    got = deliver_one(cast, events_server)

    assert subscription.secret_is_standard
    assert Webhook(subscription.secret).verify(got.body, got.headers)
    assert Webhook(old.encode()).verify(got.body, got.headers)


# --- the deprecated headers -----------------------------------------------------------------

def test_the_deprecated_headers_are_still_sent(cast, events_server):
    subscription = subscribe(cast, events_server.url())

    got = deliver_one(cast, events_server)

    row = Notification.objects.get(channel="event")
    expected = hmac.new(subscription.secret.encode(), got.body, hashlib.sha256).hexdigest()
    assert got.headers["X-Metascrum-Signature"] == f"sha256={expected}"
    assert got.headers["X-Metascrum-Event"] == "impediment.raised"
    assert got.headers["X-Metascrum-Delivery"] == str(row.pk)
    assert got.headers["X-Metascrum-Timestamp"] == got.headers["webhook-timestamp"]
    assert json.loads(got.body)["timestamp"] == int(got.headers["webhook-timestamp"])


def test_the_deprecated_signature_uses_the_new_secret_at_once(cast, events_server):
    subscription = subscribe(cast, events_server.url())
    rotate(subscription, cast)

    got = deliver_one(cast, events_server)

    expected = hmac.new(subscription.secret.encode(), got.body, hashlib.sha256).hexdigest()
    assert got.headers["X-Metascrum-Signature"] == f"sha256={expected}"
