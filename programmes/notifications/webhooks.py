"""Outgoing webhooks: a programme's events, signed and delivered through the notification outbox.

Other apps call `emit(programme, event, payload)` inside the transaction that makes the change
(feedback raised, meeting started, update posted…). It records one outbox row per active
subscriber that wants the event — subscribers of the programme and of the programmes above it —
under the unique key (subscription, event, ref), so however often the same event is emitted
each subscriber gets it once. Rows are recorded with the change (a rolled-back change sends
nothing) and handed to the worker only after the transaction commits
(`transaction.on_commit`); the worker signs each attempt and retries transient failures with
the outbox's backoff.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from metascrum.lib.links import absolute
from programmes.audit import audit_record
from programmes.models import (
    Notification,
    Person,
    Programme,
    WebhookEvent,
    WebhookSubscription,
)
from programmes.models.webhooks import new_secret
from programmes.notifications import outbox

PING = "ping"
RECENT_DELIVERIES = 20


def _jsonable(payload: dict) -> dict:
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def _default_ref(event: str, payload: dict) -> str:
    """Without an explicit ref, the same event with the same content is the same event."""
    canonical = json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder)
    return "sha256:" + hashlib.sha256(f"{event}\n{canonical}".encode()).hexdigest()[:64]


def event_id(programme: Programme, event: str, ref: str) -> str:
    """One id per event, the same for every subscriber and every retry: receivers dedupe on it."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"metascrum:{programme.pk}:{event}:{ref}"))


def envelope_for(programme: Programme, event: str, payload: dict, *, ref: str,
                 at: datetime) -> dict:
    return {"id": event_id(programme, event, ref), "event": event,
            "programme": programme.slug, "occurred_at": at.isoformat(),
            "data": _jsonable(payload)}


def subscribers(programme: Programme, event: str) -> list[WebhookSubscription]:
    """Active subscriptions of the programme or a programme above it that want `event`."""
    lineage = [*programme.ancestor_ids, programme.pk]
    found = WebhookSubscription.objects.filter(programme_id__in=lineage, active=True)
    return [s for s in found if s.wants(event)]  # JSON "contains" is not portable to SQLite


def _record(subscription: WebhookSubscription, envelope: dict, *, event: str, ref: str,
            at: datetime, subject: str) -> Notification:
    row, created = Notification.objects.get_or_create(
        subscription=subscription, kind=event, object_ref=ref[:80], occurrence="",
        channel=Notification.Channel.EVENT,
        defaults={"programme": subscription.programme, "address": subscription.url,
                  "subject": subject[:200], "text": subject,
                  "link": absolute(str(envelope["data"].get("url", "")))[:500],
                  "webhook_payload": envelope, "due_at": at})
    if created:
        transaction.on_commit(lambda pk=row.pk: outbox.notifications_enqueue_on_commit([pk]))
    return row


def emit(programme: Programme, event: str, payload: dict, *, ref: str | None = None,
         at: datetime | None = None) -> list[Notification]:
    """Record `event` for every subscriber that wants it, once each; delivered after commit.

    `ref` names the occurrence (e.g. "feedback:12", "meeting:4"); emitting the same event
    with the same ref again records nothing new. Without it, the payload itself is the key.
    """
    if event not in WebhookEvent.values:
        raise ValueError(f"Unknown webhook event {event!r}.")
    found = subscribers(programme, event)
    if not found:
        return []
    at = at or timezone.now()
    ref = ref or _default_ref(event, payload)
    envelope = envelope_for(programme, event, payload, ref=ref, at=at)
    label = dict(WebhookEvent.choices)[event]
    subject = f"{label}: {payload.get('title', '')}".rstrip(": ")
    with transaction.atomic():
        return [_record(s, envelope, event=event, ref=ref, at=at, subject=subject)
                for s in found]


def emit_on_commit(programme: Programme, event: str, payload: dict, **options) -> None:
    """`emit` once the current transaction commits (nothing at all if it rolls back)."""
    transaction.on_commit(lambda: emit(programme, event, payload, **options))


# --- managing subscriptions (the MSM's integrations page) ---------------------------------------

def subscription_create(*, programme: Programme, by: Person, name: str, url: str,
                        events: list[str]) -> WebhookSubscription:
    """A new active subscriber with a fresh secret (shown to the MSM once)."""
    subscription = WebhookSubscription(
        programme=programme, name=name.strip(), url=url.strip(), events=list(events),
        secret=new_secret(), created_by=by)
    subscription.full_clean()
    subscription.save()
    audit_record(programme=programme, actor=by, action="webhook.create", obj=subscription,
                 summary=f"Outgoing webhook “{subscription}” added",
                 changes={"events": [None, subscription.events]})
    return subscription


def subscription_set_active(*, subscription: WebhookSubscription, by: Person,
                            active: bool) -> WebhookSubscription:
    """Disable (pending deliveries are then dropped, not sent) or enable again."""
    WebhookSubscription.objects.filter(pk=subscription.pk).update(active=active)
    subscription.active = active
    word = "enabled" if active else "disabled"
    audit_record(programme=subscription.programme, actor=by, action=f"webhook.{word[:-1]}",
                 obj=subscription, summary=f"Outgoing webhook “{subscription}” {word}")
    return subscription


def secret_overlap() -> timedelta:
    return timedelta(hours=settings.WEBHOOK_SECRET_OVERLAP_HOURS)


def subscription_rotate_secret(*, subscription: WebhookSubscription, by: Person
                               ) -> WebhookSubscription:
    """A new secret, which signs every later attempt (retries included); the one it replaces
    signs beside it for `secret_overlap()`, so the receiver can switch without losing events.
    Rotating again within the overlap drops the oldest secret at once."""
    now = timezone.now()
    with transaction.atomic():
        current = (WebhookSubscription.objects.select_for_update()
                   .values_list("secret", flat=True).get(pk=subscription.pk))
        subscription.previous_secret = current
        subscription.previous_secret_until = now + secret_overlap()
        subscription.secret, subscription.secret_rotated_at = new_secret(), now
        subscription.full_clean()
        subscription.save(update_fields=["secret", "secret_rotated_at", "previous_secret",
                                         "previous_secret_until"])
        audit_record(programme=subscription.programme, actor=by, action="webhook.rotate",
                     obj=subscription,
                     summary=f"Secret of outgoing webhook “{subscription}” rotated; the old one "
                             f"signs too until {subscription.previous_secret_until:%Y-%m-%d %H:%M} "
                             "UTC")
    return subscription


def subscription_ping(*, subscription: WebhookSubscription, by: Person) -> str:
    """Send a `ping` event to this subscriber now, through the outbox; returns the outcome."""
    now = timezone.now()
    ref = f"ping:{uuid.uuid4().hex}"
    payload = {"title": f"Test from {subscription.programme}", "by": str(by),
               "subscription": subscription.name}
    envelope = envelope_for(subscription.programme, PING, payload, ref=ref, at=now)
    row = Notification.objects.create(
        programme=subscription.programme, subscription=subscription, kind=PING,
        object_ref=ref, channel=Notification.Channel.EVENT, address=subscription.url,
        subject=f"Ping: {payload['title']}", text="A test event.", webhook_payload=envelope,
        due_at=now)
    return outbox.deliver_now(row)


def programme_subscriptions(programme: Programme) -> list[WebhookSubscription]:
    return list(WebhookSubscription.objects.filter(programme=programme).order_by("name", "pk"))


def recent_deliveries(programme: Programme, limit: int = RECENT_DELIVERIES) -> list[Notification]:
    """The latest events sent (or trying) to the programme's subscribers, newest first."""
    return list(Notification.objects.filter(programme=programme,
                                            channel=Notification.Channel.EVENT)
                .select_related("subscription").defer("html", "text")
                .order_by("-due_at", "-pk")[:limit])
