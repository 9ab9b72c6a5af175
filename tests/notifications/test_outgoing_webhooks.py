"""Outgoing webhooks: events recorded once per subscriber, signed, retried, against a real
HTTP server on 127.0.0.1."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from ceremonies.meetings import state as room
from feedback import services as feedback
from programmes.models import Notification, WebhookEvent
from programmes.notifications import channels, outbox, webhooks
from tests.ceremonies.meetings import make_meeting
from tests.feedback.helpers import raise_impediment

ALL = WebhookEvent.values


def subscribe(cast, url, *, events=ALL, programme=None, name="Tracker"):
    return webhooks.subscription_create(programme=programme or cast.programme, by=cast.msm,
                                        name=name, url=url, events=list(events))


def deliver(row, now=None):
    return outbox.notification_deliver(notification_id=row.pk, now=now or timezone.now())


def rows():
    return Notification.objects.filter(channel="event").order_by("pk")


# --- recording ------------------------------------------------------------------------------

def test_a_raised_impediment_is_recorded_for_each_subscriber_that_wants_it(
        cast, django_capture_on_commit_callbacks, enqueued):
    wants = subscribe(cast, "http://127.0.0.1:9/a", events=["impediment.raised"])
    subscribe(cast, "http://127.0.0.1:9/b", events=["meeting.started"], name="Other")

    with django_capture_on_commit_callbacks(execute=True):
        item = raise_impediment(cast)

    [row] = rows()
    assert row.subscription == wants and row.kind == "impediment.raised"
    assert row.recipient is None and row.state == "pending"
    assert row.webhook_payload["data"]["id"] == item.pk
    assert row.webhook_payload["data"]["team"] == "ledger"
    assert enqueued == [row.pk]


def test_the_same_event_reaches_a_subscriber_once_however_often_it_is_emitted(cast):
    subscribe(cast, "http://127.0.0.1:9/a")
    subscribe(cast, "http://127.0.0.1:9/b", name="Second")
    payload = {"title": "Ledger posted", "team": "ledger"}

    webhooks.emit(cast.programme, "update.posted", payload, ref="update:7")
    webhooks.emit(cast.programme, "update.posted", payload, ref="update:7")
    webhooks.emit(cast.programme, "update.posted", payload)
    webhooks.emit(cast.programme, "update.posted", payload)

    assert rows().count() == 4  # two events (ref, and the payload's own key) × two subscribers
    assert len({r.webhook_payload["id"] for r in rows()}) == 2


def test_the_event_id_is_the_same_for_every_subscriber(cast):
    subscribe(cast, "http://127.0.0.1:9/a")
    subscribe(cast, "http://127.0.0.1:9/b", name="Second")

    webhooks.emit(cast.programme, "update.posted", {"title": "x"}, ref="update:1")

    assert len({r.webhook_payload["id"] for r in rows()}) == 1


def test_a_parent_programmes_subscriber_hears_its_children(cast):
    subscribe(cast, "http://127.0.0.1:9/parent", programme=cast.parent)
    subscribe(cast, "http://127.0.0.1:9/elsewhere", programme=cast.other_programme)

    raise_impediment(cast)

    assert [r.subscription.programme for r in rows()] == [cast.parent]


def test_a_disabled_subscriber_gets_nothing_new(cast):
    subscription = subscribe(cast, "http://127.0.0.1:9/a")
    webhooks.subscription_set_active(subscription=subscription, by=cast.msm, active=False)

    raise_impediment(cast)

    assert not rows().exists()


def test_a_rolled_back_change_sends_nothing(cast, django_capture_on_commit_callbacks, enqueued):
    subscribe(cast, "http://127.0.0.1:9/a")

    with (django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError),
          transaction.atomic()):
        raise_impediment(cast)
        raise RuntimeError("the change fails after the event")

    assert not rows().exists() and enqueued == []


def test_decisions_escalations_and_meetings_are_events(cast):
    subscribe(cast, "http://127.0.0.1:9/a")
    item = raise_impediment(cast)
    feedback.feedback_escalate(item=item, by=cast.msm)
    feedback.decision_route_down(programme=cast.programme, title="Freeze",
                                 teams=[cast.team], by=cast.msm)
    feedback.feedback_raise(programme=cast.programme, kind="question", title="Why?",
                            direction="up", raised_by=cast.msm)  # not an event
    meeting = make_meeting(cast.programme)
    room.meeting_start(meeting=meeting, by=cast.msm)
    room.meeting_end(meeting=meeting, by=cast.msm)

    assert [r.kind for r in rows()] == ["impediment.raised", "impediment.escalated",
                                        "decision.routed", "meeting.started", "meeting.ended"]
    ended = rows().last().webhook_payload["data"]
    assert ended["state"] == "ended" and ended["url"].endswith(f"/meetings/{meeting.pk}/")


def test_a_first_update_is_an_event_and_its_edits_are_not(cast):
    from datetime import date

    from ceremonies.updates.services import update_save

    subscribe(cast, "http://127.0.0.1:9/a")
    meeting = make_meeting(cast.programme, day=date.today() + timedelta(days=1))
    update = update_save(team=cast.team, by=cast.scrum_master, version=None, meeting=meeting,
                         done="Shipped the ledger", health="amber",
                         health_reason="No test data", blockers="No test data")
    update_save(team=cast.team, by=cast.scrum_master, version=update.version, meeting=meeting,
                done="Shipped the ledger export")

    assert [r.kind for r in rows()] == ["update.posted"]
    data = rows().get().webhook_payload["data"]
    assert data["team"]["name"] == cast.team.name and data["health"] == "amber"
    assert data["blockers"] == ["No test data"] and data["done"] == "Shipped the ledger"


def test_an_unknown_event_is_a_programming_error(cast):
    with pytest.raises(ValueError, match="Unknown webhook event"):
        webhooks.emit(cast.programme, "update.deleted", {})


# --- delivery -------------------------------------------------------------------------------

def test_a_delivery_is_signed_with_the_subscribers_secret(cast, events_server):
    subscription = subscribe(cast, events_server.url())
    raise_impediment(cast)
    [row] = rows()

    assert deliver(row) == "sent"

    [got] = events_server.accepted()
    expected = hmac.new(subscription.secret.encode(), got.body, hashlib.sha256).hexdigest()
    assert got.headers["X-Metascrum-Signature"] == f"sha256={expected}"
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["X-Metascrum-Event"] == "impediment.raised"
    assert got.headers["X-Metascrum-Delivery"] == str(row.pk)
    body = json.loads(got.body)
    assert body["timestamp"] == int(got.headers["X-Metascrum-Timestamp"])
    assert abs(body["timestamp"] - timezone.now().timestamp()) < 60
    assert body["event"] == "impediment.raised" and body["programme"] == "payments"
    assert body["data"]["title"] == "Test environment is down"
    row.refresh_from_db()
    assert row.state == "sent"


def test_a_wrong_secret_does_not_verify(cast, events_server):
    subscribe(cast, events_server.url())
    raise_impediment(cast)
    deliver(rows().get())

    [got] = events_server.accepted()
    forged = channels.signature("whsec_guessed", got.body)
    assert not hmac.compare_digest(forged, got.headers["X-Metascrum-Signature"])


def test_a_rotated_secret_signs_the_next_attempts(cast, events_server):
    subscription = subscribe(cast, events_server.url())
    old = subscription.secret
    raise_impediment(cast)
    webhooks.subscription_rotate_secret(subscription=subscription, by=cast.msm)

    deliver(rows().get())

    [got] = events_server.accepted()
    assert subscription.secret != old
    assert got.headers["X-Metascrum-Signature"] == channels.signature(subscription.secret,
                                                                      got.body)


def test_a_5xx_is_retried_with_backoff_and_delivered_once(cast, events_server):
    subscription = subscribe(cast, events_server.url())
    raise_impediment(cast)
    row = rows().get()
    events_server.statuses["/events"] = [500, 503]
    now = timezone.now()

    with pytest.raises(channels.TransientDeliveryError, match="HTTP 500"):
        deliver(row, now)
    row.refresh_from_db()
    first_retry = row.due_at
    assert row.state == "pending" and first_retry > now
    assert deliver(row, now) == "skipped"  # not due yet
    with pytest.raises(channels.TransientDeliveryError, match="HTTP 503"):
        deliver(row, first_retry)
    row.refresh_from_db()
    assert row.due_at - first_retry == 2 * (first_retry - now)

    assert deliver(row, row.due_at) == "sent"
    assert deliver(row, row.due_at + timedelta(hours=1)) == "skipped"
    assert len(events_server.accepted()) == 1
    row.refresh_from_db()
    subscription.refresh_from_db()
    assert row.attempts == 3 and subscription.failing_since is None


def test_a_task_delivered_twice_sends_once(cast, events_server):
    subscribe(cast, events_server.url())
    raise_impediment(cast)
    row = rows().get()

    assert [deliver(row), deliver(row)] == ["sent", "skipped"]
    assert len(events_server.accepted()) == 1


def test_a_refusal_marks_the_delivery_and_the_subscriber_failing(cast, events_server):
    subscription = subscribe(cast, events_server.url("/gone"))
    events_server.statuses["/gone"] = [410]
    raise_impediment(cast)
    row = rows().get()

    assert deliver(row) == "failed"

    row.refresh_from_db()
    subscription.refresh_from_db()
    assert row.state == "failed" and row.last_error == "HTTP 410 from the webhook"
    assert subscription.failure == "HTTP 410 from the webhook"
    assert subscription.failing_since is not None


def test_the_next_success_clears_the_failing_mark(cast, events_server):
    subscription = subscribe(cast, events_server.url())
    subscription.failing_since, subscription.failure = timezone.now(), "HTTP 404"
    subscription.save()
    raise_impediment(cast)

    deliver(rows().get())

    subscription.refresh_from_db()
    assert subscription.failing_since is None and subscription.failure == ""


def test_a_pending_event_of_a_disabled_subscriber_is_dropped_not_sent(cast, events_server):
    subscription = subscribe(cast, events_server.url())
    raise_impediment(cast)
    webhooks.subscription_set_active(subscription=subscription, by=cast.msm, active=False)
    row = rows().get()

    assert deliver(row) == "failed"

    row.refresh_from_db()
    subscription.refresh_from_db()
    assert events_server.accepted() == []
    assert row.last_error == "Not sent: the webhook was disabled."
    assert subscription.failing_since is None


def test_a_ping_is_delivered_at_once(cast, events_server):
    subscription = subscribe(cast, events_server.url())

    assert webhooks.subscription_ping(subscription=subscription, by=cast.msm) == "sent"

    [got] = events_server.accepted()
    assert json.loads(got.body)["event"] == "ping"
    assert got.headers["X-Metascrum-Signature"] == channels.signature(subscription.secret,
                                                                      got.body)


def test_a_ping_to_an_unreachable_subscriber_waits_for_a_retry(cast):
    subscription = subscribe(cast, "http://127.0.0.1:9/nobody")

    assert webhooks.subscription_ping(subscription=subscription, by=cast.msm) == "retrying"
    assert rows().get().state == "pending"
