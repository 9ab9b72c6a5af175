"""Scarce resources shared by a programme's teams, and their bookings."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.timezone import now

from .people import Person
from .structure import Programme, Team


class Resource(models.Model):
    class Kind(models.TextChoices):
        TEST_ENVIRONMENT = "test_env", "Test environment"
        RELEASE_SLOT = "release_slot", "Release slot"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=2000, blank=True)
    archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"],
                                               name="resource_name_unique")]

    def __str__(self):
        return self.name


class Booking(models.Model):
    """A team's request for a resource over [starts_at, ends_at); confirmed ones never overlap.

    The no-overlap rule for confirmed bookings is an exclusion constraint on PostgreSQL
    (added in the migration), checked again by the booking service on every database.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"

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
        indexes = [models.Index(fields=["resource", "starts_at"], name="booking_when")]

    def __str__(self):
        return f"{self.resource} for {self.team}"
