"""Outgoing webhooks: a programme's subscribers to its events, each with its signing secret."""

import base64
import binascii
import secrets
from datetime import datetime
from urllib.parse import urlsplit

from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy

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


SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32  # Standard Webhooks asks for 24 to 64 random bytes


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and the standard base64 of random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def standard_key(secret: str) -> bytes | None:
    """The key bytes of a secret in the standard form, or None for any other secret."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except binascii.Error:
        return None
    return key if len(key) >= 24 else None


def signing_key(secret: str) -> bytes:
    """The HMAC key a secret stands for.

    A standard secret stands for its base64-decoded bytes. Secrets made before Standard
    Webhooks (`whsec_` and 43 URL-safe characters, never padded standard base64) stand for
    their own UTF-8 bytes, whole: the key their X-Metascrum-Signature always had. So existing
    receivers keep the secret they hold, and hand it to a Standard Webhooks library as a raw
    key (Python: `Webhook(secret.encode())`) until the MSM rotates it.
    """
    key = standard_key(secret)
    return secret.encode() if key is None else key


class WebhookEvent(models.TextChoices):
    """The events a subscriber may choose; the value is the `event` field of each delivery."""

    UPDATE_POSTED = "update.posted", gettext_lazy("Daily update posted")
    IMPEDIMENT_RAISED = "impediment.raised", gettext_lazy("Impediment raised")
    IMPEDIMENT_ESCALATED = "impediment.escalated", gettext_lazy("Impediment escalated")
    DECISION_ROUTED = "decision.routed", gettext_lazy("Decision routed down")
    MEETING_STARTED = "meeting.started", gettext_lazy("Meeting started")
    MEETING_ENDED = "meeting.ended", gettext_lazy("Meeting ended")
    DEPENDENCY_REQUESTED = "dependency.requested", gettext_lazy("Dependency requested")
    DEPENDENCY_ANSWERED = "dependency.answered", gettext_lazy("Dependency answered")
    DEPENDENCY_LATE = "dependency.late", gettext_lazy("Dependency late")


class WebhookSubscription(models.Model):
    """Someone outside metascrum who wants a programme's events, signed with `secret`.

    The secret is stored as is: signing needs it (as with GitHub's and Stripe's webhooks). It
    is shown once when created or rotated, and masked everywhere else. After a rotation the
    secret it replaced still signs, beside it, until `previous_secret_until`.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="webhook_subscriptions")
    name = models.CharField(max_length=120)
    url = models.URLField(gettext_lazy("URL"), max_length=500,
                          help_text=gettext_lazy("Where events are POSTed as JSON."))
    secret = models.CharField(max_length=80)
    events = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=now)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    previous_secret = models.CharField(max_length=80, blank=True)
    previous_secret_until = models.DateTimeField(
        null=True, blank=True,
        help_text=gettext_lazy("The replaced secret also signs deliveries until then."))
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

    @property
    def secret_is_standard(self) -> bool:
        return standard_key(self.secret) is not None

    def secrets_at(self, moment: datetime) -> list[str]:
        """The secrets that sign a delivery made at `moment`: the current one first, and the
        one it replaced while the overlap after a rotation lasts."""
        if self.previous_secret and self.previous_secret_until and \
                moment < self.previous_secret_until:
            return [self.secret, self.previous_secret]
        return [self.secret]

    def wants(self, event: str) -> bool:
        return self.active and event in (self.events or [])

    def get_events_display(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [labels.get(e, e) for e in self.events or []]
