"""The Steering Committee's objectives and milestones, their history, and frozen packs."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from ceremonies.models.meetings import Meeting
from programmes.models import Booking, Programme

Person = settings.AUTH_USER_MODEL


class Objective(models.Model):
    """Where the programme is going: owned, dated, with a status and a progress figure."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        OFF_TRACK = "off_track", _("Off track")
        DONE = "done", _("Done")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="objectives")
    title = models.CharField(max_length=160)
    description = models.TextField(max_length=4000, blank=True)
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="steering_objectives")
    target_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ON_TRACK)
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Per cent done, 0 to 100."))
    version = models.PositiveIntegerField(default=1, help_text=_("Bumped on every edit."))
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["target_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100),
                                   name="objective_progress_percent"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ceremonies:objective",
                       kwargs={"slug": self.programme.slug, "objective_id": self.pk})


class Milestone(models.Model):
    """A dated step (often a release), optionally on a booked release slot."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="milestones")
    objective = models.ForeignKey(Objective, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="milestones")
    title = models.CharField(max_length=160)
    due_date = models.DateField()
    delivered_on = models.DateField(null=True, blank=True)
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="milestones",
                                help_text=_("The release slot booked for it, if any."))
    version = models.PositiveIntegerField(default=1, help_text=_("Bumped on every edit."))
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["programme", "due_date"], name="milestone_due")]

    def __str__(self):
        return self.title

    @property
    def is_delivered(self) -> bool:
        return self.delivered_on is not None


class SteeringChange(models.Model):
    """One change to an objective or milestone: who, when, and {field: [old, new]}."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="steering_changes")
    objective = models.ForeignKey(Objective, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="changes")
    milestone = models.ForeignKey(Milestone, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="changes")
    subject = models.CharField(max_length=200, help_text=_("What changed, as it was named then."))
    action = models.CharField(max_length=10)
    actor = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=now)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["programme", "at"], name="steering_change_when")]

    def __str__(self):
        return f"{self.action} {self.subject}"


class SteeringSnapshot(models.Model):
    """The pack as it stood when a Steering Committee ended; written once, never changed."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE,
                                   related_name="steering_snapshot")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="steering_snapshots")
    taken_at = models.DateTimeField(default=now)
    data = models.JSONField()

    class Meta:
        ordering = ["-taken_at"]
        indexes = [models.Index(fields=["programme", "-taken_at"], name="snapshot_recent")]

    def __str__(self):
        return f"Steering pack of {self.programme} at {self.taken_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("ceremonies:steering_snapshot",
                       kwargs={"slug": self.programme.slug, "snapshot_id": self.pk})
