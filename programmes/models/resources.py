"""Scarce resources shared by a programme's teams, and their bookings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy

from programmes.models.people import Person
from programmes.models.structure import Programme, Team


class Resource(models.Model):
    """Something teams take turns with: a test environment, booked for any time range, or a
    release slot, one fixed window that the MSM defines and that goes to one team."""

    class Kind(models.TextChoices):
        TEST_ENVIRONMENT = "test_env", gettext_lazy("Test environment")
        RELEASE_SLOT = "release_slot", gettext_lazy("Release slot")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=2000, blank=True)
    archived = models.BooleanField(default=False)
    # A release slot is one fixed window; a request for it always asks for the whole window.
    window_starts_at = models.DateTimeField("window starts", null=True, blank=True)
    window_ends_at = models.DateTimeField("window ends", null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="resource_name_unique"),
            models.CheckConstraint(
                condition=Q(kind="release_slot", window_starts_at__isnull=False,
                            window_ends_at__gt=F("window_starts_at"))
                | Q(~Q(kind="release_slot"), window_starts_at__isnull=True,
                    window_ends_at__isnull=True),
                name="resource_window_only_for_release_slots",
                violation_error_message="Only a release slot has a window, and its window must "
                                        "end after it starts."),
        ]

    def __str__(self):
        return self.name

    @property
    def is_release_slot(self) -> bool:
        return self.kind == self.Kind.RELEASE_SLOT

    def clean(self):
        if self.kind != self.Kind.RELEASE_SLOT:
            self.window_starts_at = self.window_ends_at = None
            return
        errors = {}
        if self.window_starts_at is None:
            errors["window_starts_at"] = "A release slot needs the start of its window."
        if self.window_ends_at is None:
            errors["window_ends_at"] = "A release slot needs the end of its window."
        elif self.window_starts_at and self.window_ends_at <= self.window_starts_at:
            errors["window_ends_at"] = "The window must end after it starts."
        if errors:
            raise ValidationError(errors)


class Booking(models.Model):
    """A team's request for a resource over [starts_at, ends_at); confirmed ones never overlap.

    The no-overlap rule for confirmed bookings is an exclusion constraint on PostgreSQL
    (added in the migration), checked again by the booking service on every database.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", gettext_lazy("Requested")
        CONFIRMED = "confirmed", gettext_lazy("Confirmed")
        DECLINED = "declined", gettext_lazy("Declined")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="bookings")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="bookings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    purpose = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    requested_at = models.DateTimeField(default=now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                              name="booking_ends_after_start")]
        indexes = [models.Index(fields=["resource", "starts_at"], name="booking_when"),
                   # the "your booking was decided" reminder scans the last day's decisions
                   models.Index(fields=["decided_at"], name="booking_decided")]

    def __str__(self):
        return f"{self.resource} for {self.team}"
