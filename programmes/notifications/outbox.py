"""The notification outbox: a message is recorded, then claimed, then delivered — once.

* Recording is idempotent: the `notification_once` unique key (recipient, kind, object,
  occurrence, channel) turns a second recording into nothing (`get_or_create` / `ON CONFLICT
  DO NOTHING`). Preferences are applied here: muted kinds are not recorded, channels the
  person switched off are not recorded, and quiet hours move `due_at` to their end.
* Tasks are enqueued only after the recording transaction commits, and a broker that is down
  is logged and otherwise ignored: the periodic due-scan enqueues whatever is still pending.
  After a failure, requests of that process stop trying for BROKER_PAUSE, so a Redis that is
  down or frozen costs one request a timeout, not every request.
* Delivery claims the row with one conditional UPDATE (pending → sending, or a `sending`
  claim whose lease lapsed), as healthchecks' `sendalerts` does, so duplicate tasks and
  concurrent workers send it once. The claim is a lease of CLAIM_TIMEOUT (20 s): a delivery
  task takes the due rows it was given (`claimed_at` on them), and a thread of its own renews
  `claimed_at` of the rows still to do every LEASE_RENEW_EVERY while the task runs (`Lease`).
  A live worker keeps its rows however slow its receiver is; a killed one stops renewing, and
  the hand-over scan (every 10 s, settings.CELERY_BEAT_SCHEDULE) gives its rows to the next
  worker once the lease lapsed. Recovery never waits for the broker to redeliver the killed
  worker's unacknowledged tasks (Redis does that after its visibility timeout, 2 h).
  The one gap no outbox closes: a worker killed after the receiver accepted but before the row
  is marked sent leaves a claim, and the message goes out again once the lease lapsed
  (at-least-once there). Every attempt at one row carries the same `delivery_key` (email:
  Message-ID; webhooks: Idempotency-Key), so the receiver can drop that repeat.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from metascrum.lib.languages import speaking_to
from metascrum.lib.links import absolute
from programmes.models import (
    ChatApp,
    ChatIdentity,
    ChatWebhook,
    Notification,
    NotificationPreference,
    Person,
    Programme,
    Team,
    WebhookSubscription,
)
from programmes.notifications import channels, chat_app

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    """One message a rule wants one person to get."""

    recipient: Person
    programme: Programme
    object_ref: str
    occurrence: str
    due_at: datetime
    subject: str
    text: str
    link: str = ""
    team: Team | None = None
    html: str = ""  # optional; a plain HTML alternative is built from `text` otherwise
    chat: bool = True  # False: by email only, no copy with a mention in the team chat
    to_channel: bool = False  # True: one post to the chat channel itself, nobody's settings
    # Buttons for the programme's chat app: a linked person gets the reminder from the app, in
    # a direct message they act on, instead of a mention in the channel.
    buttons: tuple[chat_app.Button, ...] = ()
    app_only: bool = False  # True: only through the chat app, to a linked person

# The lease on a row a delivery task holds; renewed four times per lease while the task runs.
CLAIM_TIMEOUT = timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT)
LEASE_RENEW_EVERY = CLAIM_TIMEOUT / 4
# Seconds after which a delivery task is killed (tasks.py): a sender that ignores its timeout
# would otherwise keep its lease renewed for ever. A killed task's rows lapse like a dead
# worker's.
SEND_TIME_LIMIT = 240
# A pending row handed to the broker this long ago and still not delivered is handed again.
REQUEUE_AFTER = timedelta(seconds=settings.NOTIFICATION_REQUEUE_AFTER)
MAX_ATTEMPTS = 6
RETRY_BACKOFF = settings.NOTIFICATION_RETRY_BACKOFF  # seconds, doubled on each attempt
RETRY_BACKOFF_MAX = 3600
ENQUEUE_BATCH = 10_000
# Rows per delivery task when many are handed over at once. Each row is still claimed, sent and
# marked on its own, so a killed worker can repeat at most the one row it had in flight.
DELIVERY_BATCH = 20


def delivery_key(notification: Notification) -> str:
    """The same for every attempt at one row, different for every other row: a receiver that
    sees it twice has the same message twice."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL,
                          f"{settings.SITE_URL}/notifications/{notification.pk}"))


def retry_delay(attempts: int) -> int:
    """Seconds before attempt `attempts + 1`; the same curve Celery's `retry_backoff` uses."""
    return get_exponential_backoff_interval(
        factor=RETRY_BACKOFF, retries=max(attempts - 1, 0), maximum=RETRY_BACKOFF_MAX,
        full_jitter=False)


def _preferences(person_ids: set[int]) -> dict[int, NotificationPreference]:
    return {p.person_id: p for p in NotificationPreference.objects.filter(person_id__in=person_ids)}


def _webhooks(reminders: list[Reminder]) -> tuple[dict, dict]:
    team_ids = {r.team.pk for r in reminders if r.team is not None}
    programme_ids = {r.programme.pk for r in reminders}
    by_team, by_programme = {}, {}
    for hook in ChatWebhook.objects.filter(
        Q(team_id__in=team_ids) | Q(programme_id__in=programme_ids, team=None)
    ):
        if hook.team_id:
            by_team[hook.team_id] = hook
        else:
            by_programme[hook.programme_id] = hook
    return by_team, by_programme


def notifications_build(*, kind: str, reminders: Iterable[Reminder],
                        respects_quiet_hours: bool = True) -> list[Notification]:
    """Unsaved outbox rows for `reminders`, one per channel each recipient wants."""
    reminders = list(reminders)
    if not reminders:
        return []
    prefs = _preferences({r.recipient.pk for r in reminders})
    by_team, by_programme = _webhooks(reminders)
    linked = _linked(reminders)
    rows = []
    for reminder in reminders:
        if reminder.to_channel:
            rows.extend(_channel_post(kind, reminder, by_team, by_programme))
            continue
        person = reminder.recipient
        pref = prefs.get(person.pk) or NotificationPreference(person=person)
        if kind in pref.muted_kinds:
            continue
        identity = linked.get((reminder.programme.pk, person.pk))
        if reminder.app_only and identity is None:
            continue
        due_at = reminder.due_at
        if respects_quiet_hours:
            due_at = pref.quiet_until(due_at, person_tzinfo(person)) or due_at
        link = absolute(reminder.link)
        common = dict(
            programme=reminder.programme, recipient=person, kind=kind,
            object_ref=reminder.object_ref, occurrence=reminder.occurrence,
            subject=reminder.subject[:200], text=reminder.text, link=link, due_at=due_at,
        )
        if identity is not None and pref.chat_enabled:
            rows.append(_app_message(reminder, identity, common))
        if reminder.app_only:
            continue
        if pref.email_enabled:
            with speaking_to(person):
                html = reminder.html or channels.html_body(
                    subject=reminder.subject, text=reminder.text, link=link)
            rows.append(Notification(channel=Notification.Channel.EMAIL, address=person.email,
                                     html=html, **common))
        hook = by_team.get(reminder.team.pk) if reminder.team is not None else None
        hook = hook or by_programme.get(reminder.programme.pk)
        if reminder.chat and pref.chat_enabled and hook is not None and identity is None:
            with speaking_to(person):
                payload = channels.chat_payload(hook.flavour, subject=reminder.subject,
                                                text=reminder.text, link=link,
                                                mention=str(person))
            rows.append(Notification(channel=Notification.Channel.CHAT, webhook=hook,
                                     address=hook.url, webhook_payload=payload, **common))
    return rows


def _linked(reminders: list[Reminder]) -> dict[tuple[int, int], ChatIdentity]:
    """(programme id, person id) → the person's identity in the programme's chat app, for
    the reminders that carry buttons (the others never ask)."""
    wanted = [r for r in reminders if (r.buttons or r.app_only) and not r.to_channel]
    if not wanted:
        return {}
    identities = ChatIdentity.objects.filter(
        app__programme_id__in={r.programme.pk for r in wanted},
        person_id__in={r.recipient.pk for r in wanted}
    ).exclude(app__platform=ChatApp.Platform.TEAMS).select_related("app")  # it cannot DM
    return {(i.app.programme_id, i.person_id): i for i in identities}


def _app_message(reminder: Reminder, identity: ChatIdentity, common: dict) -> Notification:
    message = chat_app.Message(title=reminder.subject, text=reminder.text,
                               link=common["link"], buttons=list(reminder.buttons),
                               user=identity.user_id)
    return Notification(
        channel=Notification.Channel.CHAT, address=f"{identity.app.platform}:{identity.user_id}",
        webhook_payload={"chat_app": identity.app_id,
                         "to": identity.dm_channel or identity.user_id,
                         "message": message.as_dict()}, **common)


def send_app_message(notification: Notification) -> None:
    """Post a reminder through the programme's chat app, to the person's direct channel."""
    payload = notification.webhook_payload or {}
    app = ChatApp.objects.select_related("programme").filter(pk=payload["chat_app"]).first()
    if app is None:
        raise channels.PermanentDeliveryError("The chat app was removed.")
    message = chat_app.Message.from_dict(payload["message"])
    message.language = message.language or chat_app.language_of(notification.recipient)
    chat_app.post_message(app, channel=payload["to"], message=message)


def _channel_post(kind: str, reminder: Reminder, by_team: dict, by_programme: dict) -> list:
    """The one post of a reminder to its team's chat channel, or its programme's (no mention:
    it is the channel's message, recorded under the person who caused it)."""
    hook = by_team.get(reminder.team.pk) if reminder.team is not None else None
    hook = hook or by_programme.get(reminder.programme.pk)
    if hook is None:
        return []
    link = absolute(reminder.link)
    return [Notification(
        channel=Notification.Channel.CHAT, webhook=hook, address=hook.url,
        webhook_payload=channels.chat_payload(hook.flavour, subject=reminder.subject,
                                              text=reminder.text, link=link),
        programme=reminder.programme, recipient=reminder.recipient, kind=kind,
        object_ref=reminder.object_ref, occurrence=reminder.occurrence,
        subject=reminder.subject[:200], text=reminder.text, link=link, due_at=reminder.due_at)]


def person_tzinfo(person):
    try:
        return zoneinfo.ZoneInfo(person.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def notifications_record(*, kind: str, reminders: Iterable[Reminder],
                         respects_quiet_hours: bool = True) -> int:
    """Record many reminders in bulk (ON CONFLICT DO NOTHING): what exists stays as it is.

    Returns the number of rows offered; rows already recorded are silently kept.
    """
    rows = notifications_build(kind=kind, reminders=reminders,
                               respects_quiet_hours=respects_quiet_hours)
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def notification_record(*, kind: str, reminder: Reminder, respects_quiet_hours: bool = True,
                        now: datetime | None = None) -> list[Notification]:
    """Record one reminder on each wanted channel, once; due rows are enqueued on commit."""
    now = now or timezone.now()
    recorded = []
    with transaction.atomic():
        for row in notifications_build(kind=kind, reminders=[reminder],
                                       respects_quiet_hours=respects_quiet_hours):
            key = {f: getattr(row, f) for f in ("kind", "object_ref", "occurrence", "channel")}
            defaults = {f.attname: getattr(row, f.attname)
                        for f in Notification._meta.concrete_fields
                        if f.attname not in key and f.attname not in ("id", "recipient_id")}
            notification, created = Notification.objects.get_or_create(
                recipient=row.recipient, **key, defaults=defaults)
            recorded.append(notification)
            if created and notification.due_at <= now:
                pk = notification.pk
                transaction.on_commit(lambda pk=pk: notifications_enqueue_on_commit([pk]))
    return recorded


# Seconds during which requests stop handing rows to a broker that just failed. With Redis
# down each attempt costs a connection attempt, or a socket timeout when Redis is frozen; the
# due-scan hands the rows over anyway, and it always tries.
BROKER_PAUSE = 30.0
_broker_failed_at: float | None = None  # time.monotonic() of this process's last failure


def broker_paused() -> bool:
    failed_at = _broker_failed_at
    return failed_at is not None and time.monotonic() - failed_at < BROKER_PAUSE


def notifications_enqueue_on_commit(ids: Iterable[int]) -> int:
    """What a request does once its rows are committed: hand them over now, unless the broker
    failed moments ago in this process (then the due-scan does it)."""
    ids = list(ids)
    if broker_paused():
        logger.info("Broker failed less than %.0fs ago: %d notification(s) wait in the outbox "
                    "for the next due-scan.", BROKER_PAUSE, len(ids))
        return 0
    return notifications_enqueue(ids)


def _hand_over(chunk: list[int]) -> None:
    """One task per chunk: a single row gets its own retrying task; several rows share one
    task, so a burst pays one broker round trip per DELIVERY_BATCH rows, not per row."""
    from programmes.tasks import notification_deliver, notifications_deliver_batch

    if len(chunk) == 1:
        notification_deliver.apply_async((chunk[0],), retry=False)
    else:
        notifications_deliver_batch.apply_async((chunk,), retry=False)


def notifications_enqueue(ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Hand rows to the broker; with the broker down, log and leave them for the next scan."""
    global _broker_failed_at

    ids = list(ids)
    handed = []
    for start in range(0, len(ids), DELIVERY_BATCH):
        chunk = ids[start:start + DELIVERY_BATCH]
        try:
            _hand_over(chunk)
        except Exception:  # any broker failure: the outbox keeps the row, the scan retries
            _broker_failed_at = time.monotonic()
            logger.warning("Broker unavailable: %d notification(s) wait in the outbox for the "
                           "next due-scan.", len(ids) - len(handed), exc_info=True)
            break
        handed += chunk
    if handed:
        _broker_failed_at = None
        now = now or timezone.now()
        # A lapsed lease is void once the row is handed over again: the row waits in the broker
        # as pending, so the next scans leave it alone until a task takes it (or REQUEUE_AFTER).
        # A row a live task took meanwhile keeps that task's lease.
        free = (Q(state=Notification.State.PENDING, claimed_at=None)
                | _lapsed(now, state=Notification.State.PENDING)
                | _lapsed(now, state=Notification.State.SENDING))
        Notification.objects.filter(free, pk__in=handed).update(
            state=Notification.State.PENDING, claimed_at=None, enqueued_at=now)
    return len(handed)


def _lapsed(now: datetime, *, state: str) -> Q:
    """Rows in `state` held by a task that stopped renewing its lease: its worker is gone."""
    return Q(state=state, claimed_at__lt=now - CLAIM_TIMEOUT)


def notifications_due(*, now: datetime, limit: int = ENQUEUE_BATCH) -> list[int]:
    """Ids of due rows nobody is delivering: never queued, queued long ago and never taken, or
    held by a task whose lease lapsed."""
    pending = Q(state=Notification.State.PENDING, due_at__lte=now) & (
        Q(enqueued_at=None) | Q(claimed_at=None, enqueued_at__lt=now - REQUEUE_AFTER)
        | _lapsed(now, state=Notification.State.PENDING))
    dead_claim = _lapsed(now, state=Notification.State.SENDING)
    return list(Notification.objects.filter(pending | dead_claim)
                .order_by("due_at").values_list("pk", flat=True)[:limit])


def notifications_enqueue_due(*, now: datetime | None = None) -> int:
    """Enqueue every due row that is not on its way; running it twice is harmless."""
    now = now or timezone.now()
    return notifications_enqueue(notifications_due(now=now), now=now)


def notification_claim(*, notification_id: int, now: datetime | None = None
                       ) -> Notification | None:
    """Take a due row for sending; of any number of concurrent callers, at most one wins."""
    now = now or timezone.now()
    claimable = Q(state=Notification.State.PENDING) | _lapsed(now,
                                                              state=Notification.State.SENDING)
    won = Notification.objects.filter(claimable, pk=notification_id, due_at__lte=now).update(
        state=Notification.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if won != 1:
        return None
    return (Notification.objects.select_related("recipient", "webhook", "subscription")
            .get(pk=notification_id))


def _ours(notification: Notification):
    """Our claim, if nobody took it over: each claim counts an attempt, so `attempts` tells
    claims apart even while the lease renews `claimed_at`."""
    return Notification.objects.filter(pk=notification.pk, state=Notification.State.SENDING,
                                       attempts=notification.attempts)


def notifications_hold(*, notification_ids: Iterable[int], now: datetime) -> int:
    """Take the due pending rows of one delivery task under its lease, so that a worker that
    dies with them gives them up after CLAIM_TIMEOUT (not REQUEUE_AFTER)."""
    return Notification.objects.filter(pk__in=list(notification_ids), due_at__lte=now,
                                       state=Notification.State.PENDING).update(claimed_at=now)


def notifications_renew(*, notification_ids: Iterable[int], now: datetime) -> int:
    """Renew the lease on those of `notification_ids` still held (taken, or claimed and not
    yet marked); a row given back or finished is left alone."""
    return Notification.objects.filter(
        pk__in=list(notification_ids), claimed_at__isnull=False,
        state__in=[Notification.State.PENDING, Notification.State.SENDING],
    ).update(claimed_at=now)


class Lease:
    """The rows one delivery task works through, kept for it while it runs.

    Entering takes the due pending rows; then a thread with its own database connection renews
    the lease on the rows still to do every LEASE_RENEW_EVERY, until the block ends. The task
    calls `let_go(pk)` once a row is done, so a row it skipped (another worker has it) is not
    kept alive on that worker's behalf.
    """

    def __init__(self, notification_ids: Iterable[int], *, every: float | None = None):
        self._ids = set(notification_ids)
        self._every = LEASE_RENEW_EVERY.total_seconds() if every is None else every
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._keep, name="outbox-lease", daemon=True)

    def let_go(self, notification_id: int) -> None:
        with self._lock:
            self._ids.discard(notification_id)

    def __enter__(self) -> Lease:
        notifications_hold(notification_ids=self._ids, now=timezone.now())
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        # A renewal can wait on a row lock of this thread's own open transaction (a request, a
        # test): it ends when that does, and a late renewal of a finished row changes nothing.
        self._thread.join(timeout=self._every)

    def _keep(self) -> None:
        try:
            while not self._stop.wait(self._every):
                with self._lock:
                    ids = list(self._ids)
                if not ids:
                    continue
                try:
                    notifications_renew(notification_ids=ids, now=timezone.now())
                except DatabaseError:
                    logger.warning("Could not renew the lease on %d notification(s): another "
                                   "worker may send them again after %s.", len(ids),
                                   CLAIM_TIMEOUT, exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only


def notification_mark_sent(*, notification: Notification, now: datetime) -> None:
    """Mark our claimed row sent, and clear a failure marker on its address."""
    _ours(notification).update(state=Notification.State.SENT, sent_at=now, last_error="")
    if notification.channel == Notification.Channel.EMAIL:
        NotificationPreference.objects.filter(
            person_id=notification.recipient_id, email_failing_since__isnull=False
        ).update(email_failing_since=None, email_failure="")
    elif notification.webhook_id:
        ChatWebhook.objects.filter(pk=notification.webhook_id, failing_since__isnull=False
                                   ).update(failing_since=None, failure="")
    elif notification.subscription_id:
        WebhookSubscription.objects.filter(
            pk=notification.subscription_id, failing_since__isnull=False
        ).update(failing_since=None, failure="")


@transaction.atomic
def notification_mark_failed(*, notification: Notification, reason: str, now: datetime) -> None:
    """Give up on the row and mark its address failing, for the MSM to see and fix."""
    _ours(notification).update(state=Notification.State.FAILED, last_error=reason[:2000])
    if notification.channel == Notification.Channel.EMAIL:
        NotificationPreference.objects.update_or_create(
            person_id=notification.recipient_id,
            defaults={"email_failing_since": now, "email_failure": reason[:2000]})
    elif notification.webhook_id:
        ChatWebhook.objects.filter(pk=notification.webhook_id).update(
            failing_since=now, failure=reason[:2000])
    elif notification.subscription_id:
        WebhookSubscription.objects.filter(pk=notification.subscription_id).update(
            failing_since=now, failure=reason[:2000])


def notification_release(*, notification: Notification, reason: str, now: datetime,
                         wait: int | None = None) -> bool:
    """After a transient error: back to pending after a backoff, or after `wait` seconds when
    the receiver said how long (a chat platform's Retry-After) (True); or failed at the last
    attempt (False)."""
    if notification.attempts >= MAX_ATTEMPTS:
        notification_mark_failed(notification=notification,
                                 reason=f"{reason} (gave up after {notification.attempts} "
                                        f"attempts)", now=now)
        return False
    _ours(notification).update(
        state=Notification.State.PENDING, last_error=reason[:2000], claimed_at=None,
        due_at=now + timedelta(seconds=wait or retry_delay(notification.attempts)),
        enqueued_at=now)
    return True


def notifications_deliver_batch(*, notification_ids: Iterable[int], lease: Lease | None = None
                                ) -> dict[str, int]:
    """Deliver rows one after the other, letting each go from `lease` once done; a row with a
    transient error, or one not due yet by this machine's clock, gets its own task, due then.
    Returns how many rows ended sent, failed, skipped, retrying or later."""
    from programmes.tasks import notification_deliver as deliver_task

    outcomes: dict[str, int] = {}
    for pk in notification_ids:
        try:
            outcome = notification_deliver(notification_id=pk)
        except channels.TransientDeliveryError:
            due_at = Notification.objects.values_list("due_at", flat=True).get(pk=pk)
            countdown = max(0.0, (due_at - timezone.now()).total_seconds())
            deliver_task.apply_async((pk,), countdown=countdown)
            outcome = "retrying"
        if outcome == "skipped" and notification_later(notification_id=pk):
            outcome = "later"
        if lease is not None:
            lease.let_go(pk)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def notification_later(*, notification_id: int) -> bool:
    """A pending row that is not due yet by this machine's clock — handed over by a machine
    whose clock runs a little ahead — gets its own task, due then, instead of waiting
    REQUEUE_AFTER for the scan. Returns whether it did."""
    from programmes.tasks import notification_deliver as deliver_task

    due_at = (Notification.objects.filter(pk=notification_id, state=Notification.State.PENDING,
                                          due_at__gt=timezone.now())
              .values_list("due_at", flat=True).first())
    if due_at is None:
        return False
    deliver_task.apply_async((notification_id,),
                             countdown=(due_at - timezone.now()).total_seconds())
    return True


def send_event(notification: Notification) -> None:
    """Sign and POST one attempt; raises the channels' delivery errors."""
    subscription = notification.subscription
    envelope = notification.webhook_payload or {}
    now = timezone.now()
    body, headers = channels.signed_event(
        envelope=envelope, secrets=subscription.secrets_at(now), timestamp=int(now.timestamp()),
        delivery=str(notification.pk))
    headers[channels.IDEMPOTENCY_HEADER] = delivery_key(notification)
    channels.post_json(url=subscription.url, body=body, headers=headers)


def notification_deliver(*, notification_id: int, now: datetime | None = None) -> str:
    """Send one due row at most once; raises TransientDeliveryError when a retry is scheduled.

    Returns "sent", "failed" or "skipped" (someone else has it, or it is not due).
    """
    now = now or timezone.now()
    notification = notification_claim(notification_id=notification_id, now=now)
    if notification is None:
        return "skipped"
    if (notification.channel == Notification.Channel.EVENT
            and not notification.subscription.active):
        # Not the subscriber's fault: the row is dropped without marking the address failing.
        _ours(notification).update(state=Notification.State.FAILED,
                                   last_error="Not sent: the webhook was disabled.")
        return "failed"
    try:
        if notification.channel == Notification.Channel.EMAIL:
            channels.send_email(to=notification.address, subject=notification.subject,
                                text=notification.text, html=notification.html,
                                key=delivery_key(notification))
        elif notification.channel == Notification.Channel.EVENT:
            send_event(notification)
        elif (notification.webhook_payload or {}).get("chat_app"):
            send_app_message(notification)
        elif notification.webhook is None:
            raise channels.PermanentDeliveryError("The chat webhook was removed.")
        else:
            channels.post_webhook(url=notification.webhook.url,
                                  payload=notification.webhook_payload or {},
                                  key=delivery_key(notification))
    except channels.PermanentDeliveryError as error:
        notification_mark_failed(notification=notification, reason=str(error), now=now)
        return "failed"
    except channels.TransientDeliveryError as error:
        if notification_release(notification=notification, reason=str(error), now=now,
                                wait=getattr(error, "retry_after", None)):
            raise
        return "failed"
    notification_mark_sent(notification=notification, now=timezone.now())
    return "sent"


def deliver_now(notification: Notification) -> str:
    """Deliver a row recorded a moment ago in this request (a "send a test" button).

    Returns "sent", "failed", "retrying" (a transient error: the outbox retries it with its
    backoff) or "skipped".
    """
    try:
        with Lease([notification.pk]):  # a slow receiver must not lose the row to a worker
            return notification_deliver(notification_id=notification.pk)
    except channels.TransientDeliveryError:
        return "retrying"


# ---------------------------------------------------------------------------------------------
# Preferences and the MSM's notifications page.
# ---------------------------------------------------------------------------------------------


def notification_preferences_for(person) -> NotificationPreference:
    """The person's preferences; an unsaved row with the defaults when they never chose."""
    return (NotificationPreference.objects.filter(person=person).first()
            or NotificationPreference(person=person))


def notification_preferences_update(*, preference: NotificationPreference, **fields
                                    ) -> NotificationPreference:
    """Save the person's choices; they apply to reminders recorded from now on."""
    for name, value in fields.items():
        setattr(preference, name, value)
    preference.full_clean()
    preference.save()
    return preference


def programme_notifications(programme, *, state: str | None = None):
    """The programme's outbox rows, newest first, shaped for the notifications page."""
    rows = (Notification.objects.filter(programme=programme)
            .select_related("recipient", "webhook", "subscription")
            .defer("html", "webhook_payload", "text"))
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-due_at", "-pk")


def programme_notification_counts(programme) -> dict[str, int]:
    counts = dict(Notification.objects.filter(programme=programme).values_list("state")
                  .annotate(n=Count("pk")).values_list("state", "n"))
    return {state: counts.get(state, 0) for state in Notification.State.values}


def programme_failing_addresses(programme) -> dict:
    """Webhooks and people's email addresses of the programme that failed permanently."""
    webhooks = list(ChatWebhook.objects.filter(programme=programme, failing_since__isnull=False)
                    .select_related("team").order_by("-failing_since")[:50])
    members = Q(person__programme_roles__programme=programme) | Q(
        person__team_memberships__team__programme=programme)
    people = list(NotificationPreference.objects.filter(members, email_failing_since__isnull=False)
                  .select_related("person").distinct().order_by("-email_failing_since")[:50])
    return {"webhooks": webhooks, "people": people}
