from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programmes.models.people import Person
from programmes.models.structure import Programme, Team
from programmes.models.webhooks import mask_url

# ---------------------------------------------------------------------------------------------
# Notifications: each person's preferences, chat webhooks, and the outbox that delivers a
# message once. Services live in programmes/outbox.py, senders in programmes/channels.py and
# the reminder rules (programmes/notifications/registry.py).
# ---------------------------------------------------------------------------------------------


class NotificationPreference(models.Model):
    """How one person wants to be reminded; a person without a row gets the defaults."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE,
                                  related_name="notification_preference")
    email_enabled = models.BooleanField("Email", default=True)
    chat_enabled = models.BooleanField("Team chat", default=True)
    muted_kinds = models.JSONField(default=list, blank=True)
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    # Set when mail to the person's address failed permanently; cleared by the next success.
    email_failing_since = models.DateTimeField(null=True, blank=True)
    email_failure = models.TextField(blank=True)

    def __str__(self):
        return f"Notification preferences of {self.person}"

    def clean(self):
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValidationError(_("Give both ends of your quiet hours, or neither."))
        if self.quiet_start is not None and self.quiet_start == self.quiet_end:
            raise ValidationError({"quiet_end": _("Quiet hours must end at another time.")})

    def quiet_until(self, when, tzinfo):
        """The end of the quiet hours that `when` falls in, or None when it is not quiet."""
        if self.quiet_start is None or self.quiet_end is None:
            return None
        local = when.astimezone(tzinfo)
        start, end, clock = self.quiet_start, self.quiet_end, local.time()
        day = local.date()
        if start < end:
            quiet = start <= clock < end
        else:  # over midnight, e.g. 22:00–07:00
            quiet = clock >= start or clock < end
            if clock >= start:
                day += timedelta(days=1)
        if not quiet:
            return None
        return datetime.combine(day, end, tzinfo=tzinfo)


class ChatWebhook(models.Model):
    """A Slack- or Teams-compatible incoming webhook of a programme, or of one of its teams."""

    class Flavour(models.TextChoices):
        SLACK = "slack", gettext_lazy("Slack-compatible")
        TEAMS = "teams", gettext_lazy("Microsoft Teams-compatible")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="chat_webhooks")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="chat_webhooks")
    name = models.CharField(max_length=120)
    flavour = models.CharField(max_length=10, choices=Flavour.choices, default=Flavour.SLACK)
    url = models.URLField(max_length=500)
    # Set when the address failed permanently (4xx); cleared by the next success.
    failing_since = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "team", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme"], condition=Q(team=None),
                                    name="one_webhook_per_programme"),
            models.UniqueConstraint(fields=["team"], name="one_webhook_per_team"),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_url(self) -> str:
        return mask_url(self.url)


class Notification(models.Model):
    """One message to one person on one channel, or one event to one outgoing-webhook
    subscriber: recorded first, then delivered once."""

    class Channel(models.TextChoices):
        EMAIL = "email", gettext_lazy("Email")
        CHAT = "chat", gettext_lazy("Team chat")
        EVENT = "event", gettext_lazy("Outgoing webhook")

    class State(models.TextChoices):
        PENDING = "pending", gettext_lazy("Pending")
        SENDING = "sending", gettext_lazy("Sending")
        SENT = "sent", gettext_lazy("Sent")
        FAILED = "failed", gettext_lazy("Failed")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="notifications")
    # A person for email and chat; None for an event to a subscriber.
    recipient = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(max_length=40)
    # What the reminder is about ("sprint:12") and which occurrence of it ("2026-11-24").
    object_ref = models.CharField(max_length=80)
    occurrence = models.CharField(max_length=40, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    webhook = models.ForeignKey(ChatWebhook, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="notifications")
    subscription = models.ForeignKey("WebhookSubscription", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="deliveries")
    address = models.CharField(max_length=500,
                               help_text=gettext_lazy("Email address or webhook URL."))
    subject = models.CharField(max_length=200)
    text = models.TextField()
    html = models.TextField(blank=True)
    link = models.URLField(max_length=500, blank=True)
    webhook_payload = models.JSONField(null=True, blank=True)
    due_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-due_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_ref", "occurrence", "channel"],
                name="notification_once",
            ),
            # An event reaches each subscriber once (the key above never matches: no person).
            models.UniqueConstraint(
                fields=["subscription", "kind", "object_ref", "occurrence"],
                condition=Q(subscription__isnull=False),
                name="notification_event_once",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | Q(subscription__isnull=False),
                name="notification_has_an_addressee",
            ),
        ]
        indexes = [
            # The due-scan: pending (or stuck sending) rows by due time.
            models.Index(fields=["state", "due_at"], name="notification_due",
                         condition=Q(state__in=["pending", "sending"])),
            # The MSM page: a programme's rows of one state, newest first.
            models.Index(fields=["programme", "state", "-due_at"],
                         name="notification_programme"),
        ]

    def __str__(self):
        return f"{self.kind} to {self.recipient_id} by {self.channel} ({self.state})"
