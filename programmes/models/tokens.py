from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy

from programmes.models.people import Person


class ApiToken(models.Model):
    """A personal token for the JSON API; only its SHA-256 digest is stored."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12,
                              help_text=gettext_lazy("The first characters, to recognise it."))
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotentRequest(models.Model):
    """The first answer to a POST sent with an `Idempotency-Key`, kept 24 hours so that a retry
    with the same key from the same token gets it again instead of acting twice.

    The row is written in the same transaction as what the POST changes: a retry that arrives
    while the first is running waits on the unique key, then finds its answer.
    """

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of the method, the path with its query, and the body: what "the same request" is.
    fingerprint = models.CharField(max_length=64)
    # Empty only inside the transaction of the request that claimed the key.
    status = models.PositiveSmallIntegerField(null=True)
    headers = models.JSONField(default=dict)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"],
                                               name="idempotent_request_once_per_token")]

    def __str__(self):
        return f"{self.key} → {self.status}"
