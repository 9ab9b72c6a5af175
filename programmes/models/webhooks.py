"""Outgoing webhooks: a programme's subscribers to its events, each with its signing secret."""

from urllib.parse import urlsplit

from django.db import models
from django.utils.timezone import now

from programmes.models.people import Person
from programmes.models.structure import Programme


def mask_url(url: str) -> str:
    """Scheme, host and the last four characters: webhook URLs often carry a secret path."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "…"
    rest = url[len(f"{parts.scheme}://{parts.netloc}"):]
    tail = rest[-4:] if len(rest) > 8 else ""
    return f"{parts.scheme}://{parts.netloc}/…{tail}"


def mask_secret(secret: str) -> str:
    return secret[:8] + "…" if secret else ""


class WebhookEvent(models.TextChoices):
    """The events a subscriber may choose; the value is the `event` field of each delivery."""

    UPDATE_POSTED = "update.posted", "Daily update posted"
    IMPEDIMENT_RAISED = "impediment.raised", "Impediment raised"
    IMPEDIMENT_ESCALATED = "impediment.escalated", "Impediment escalated"
    DECISION_ROUTED = "decision.routed", "Decision routed down"
    MEETING_STARTED = "meeting.started", "Meeting started"
    MEETING_ENDED = "meeting.ended", "Meeting ended"


class WebhookSubscription(models.Model):
    """Someone outside metascrum who wants a programme's events, signed with `secret`.

    The secret is stored as is: signing needs it (as with GitHub's and Stripe's webhooks). It
    is shown once when created or rotated, and masked everywhere else.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="webhook_subscriptions")
    name = models.CharField(max_length=120)
    url = models.URLField("URL", max_length=500, help_text="Where events are POSTed as JSON.")
    secret = models.CharField(max_length=80)
    events = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=now)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    # Set when the subscriber refused a delivery for good; cleared by the next success.
    failing_since = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(blank=True)

    class Meta:
        ordering = ["programme", "name", "pk"]

    def __str__(self):
        return self.name

    @property
    def masked_url(self) -> str:
        return mask_url(self.url)

    @property
    def masked_secret(self) -> str:
        return mask_secret(self.secret)

    def wants(self, event: str) -> bool:
        return self.active and event in (self.events or [])

    def get_events_display(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [labels.get(e, e) for e in self.events or []]
