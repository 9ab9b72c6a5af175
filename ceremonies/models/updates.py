"""Daily updates posted before a Scrum of Scrums, and the dependencies they state."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.timezone import now

from ceremonies.models.meetings import Meeting
from feedback.models import FeedbackItem
from programmes.models import Programme, Team

Person = settings.AUTH_USER_MODEL


class Health(models.TextChoices):
    GREEN = "green", "Green: on track"
    AMBER = "amber", "Amber: at risk"
    RED = "red", "Red: off track"


class DailyUpdate(models.Model):
    """One team's update for one Scrum of Scrums; editable until the meeting starts."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="updates")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    done = models.TextField("done since the last one", max_length=4000, blank=True)
    next = models.TextField("doing next", max_length=4000, blank=True)
    blockers = models.TextField("slowing us down", max_length=4000, blank=True,
                                help_text="One blocker per line.")
    resources_needed = models.TextField("shared resources we need", max_length=2000,
                                        blank=True)
    nothing_new = models.BooleanField(
        "nothing new since the last update", default=False,
        help_text="Tick when there is truly nothing to add; the update still counts as posted.")
    # No default: a team's health is what its Scrum Master says it is, never assumed green.
    health = models.CharField(max_length=5, choices=Health.choices, error_messages={
        "blank": "Choose the team's health: green, amber or red."})
    health_reason = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every edit.")
    posted_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-meeting__scheduled_start", "team__name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "meeting"], name="one_update_per_meeting"),
            models.CheckConstraint(condition=models.Q(health__in=Health.values),
                                   name="update_health_said"),
        ]
        indexes = [models.Index(fields=["team", "-posted_at"], name="update_team_recent")]

    def __str__(self):
        return f"{self.team} for {self.meeting}"

    def clean(self):
        """What makes an update worth counting as posted, on every channel: a health, a
        reason when it is not green, and something said (or "nothing new", said on purpose)."""
        errors = {}
        if self.health in (Health.AMBER, Health.RED) and not self.health_reason.strip():
            errors["health_reason"] = (f"Say why the team is {self.health}: what puts the "
                                       f"sprint at risk.")
        if not (self.done.strip() or self.next.strip() or self.nothing_new):
            errors["done"] = ("Say what the team did or does next, or tick “Nothing new since "
                              "the last update”.")
        if errors:
            raise ValidationError(errors)

    @property
    def blocker_lines(self) -> list[str]:
        return [line.strip() for line in self.blockers.splitlines() if line.strip()]


class Dependency(models.Model):
    """One team needs something from another, by a date; tracked until delivered."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        AGREED = "agreed", "Agreed"
        DELIVERED = "delivered", "Delivered"
        DROPPED = "dropped", "Dropped"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="dependencies")
    needing_team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="needs")
    providing_team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="provides")
    what = models.CharField(max_length=300)
    needed_by = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    update = models.ForeignKey(DailyUpdate, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="dependencies")
    raised_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["needed_by", "pk"]
        verbose_name_plural = "dependencies"
        constraints = [models.CheckConstraint(
            condition=~models.Q(needing_team=models.F("providing_team")),
            name="dependency_between_two_teams")]
        indexes = [models.Index(fields=["programme", "status"], name="dependency_open")]

    def __str__(self):
        return f"{self.needing_team} needs {self.what} from {self.providing_team}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.AGREED)


class BlockerImpediment(models.Model):
    """A blocker line of an update that became an impediment (one click, once per line)."""

    update = models.ForeignKey(DailyUpdate, on_delete=models.CASCADE,
                               related_name="impediments")
    line = models.CharField(max_length=300,
                            help_text="The blocker line (its first 300 characters).")
    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["update", "line"],
                                               name="one_impediment_per_blocker")]

    def __str__(self):
        return self.line[:60]


class UpdatePolicy(models.Model):
    """Whether a team's Scrum Master lets its members post the team's update."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="update_policy")
    members_may_post = models.BooleanField(default=False)
    changed_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    changed_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name_plural = "update policies"

    def __str__(self):
        return f"update policy of {self.team}"
