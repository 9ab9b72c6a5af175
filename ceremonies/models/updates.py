"""Daily updates posted before a Scrum of Scrums, and the dependencies they state."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ceremonies.models.meetings import Meeting
from feedback.models import FeedbackItem
from programmes.models import Programme, Team

Person = settings.AUTH_USER_MODEL


class Health(models.TextChoices):
    GREEN = "green", _("Green: on track")
    AMBER = "amber", _("Amber: at risk")
    RED = "red", _("Red: off track")


HEALTH_WORDS = {"green": pgettext_lazy("health", "green"),
                "amber": pgettext_lazy("health", "amber"),
                "red": pgettext_lazy("health", "red")}


def _health_word(health: str) -> str:
    return HEALTH_WORDS.get(health, health)


class DailyUpdate(models.Model):
    """One team's update for one Scrum of Scrums; editable until the meeting starts."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="updates")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    done = models.TextField(_("done since the last one"), max_length=4000, blank=True)
    next = models.TextField(_("doing next"), max_length=4000, blank=True)
    blockers = models.TextField(_("slowing us down"), max_length=4000, blank=True,
                                help_text=_("One blocker per line."))
    resources_needed = models.TextField(_("shared resources we need"), max_length=2000,
                                        blank=True)
    nothing_new = models.BooleanField(
        "nothing new since the last update", default=False,
        help_text=_("Tick when there is truly nothing to add; the update still counts as posted."))
    # No default: a team's health is what its Scrum Master says it is, never assumed green.
    health = models.CharField(max_length=5, choices=Health.choices, error_messages={
        "blank": "Choose the team's health: green, amber or red."})
    health_reason = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, help_text=_("Bumped on every edit."))
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
            errors["health_reason"] = _("Say why the team is %(health)s: what puts the sprint "
                                        "at risk.") % {"health": _health_word(self.health)}
        if not (self.done.strip() or self.next.strip() or self.nothing_new):
            errors["done"] = _("Say what the team did or does next, or tick “Nothing new since "
                               "the last update”.")
        if errors:
            raise ValidationError(errors)

    @property
    def blocker_lines(self) -> list[str]:
        return [line.strip() for line in self.blockers.splitlines() if line.strip()]


class Dependency(models.Model):
    """One team needs something from another, by a date: requested until the providing team
    answers (accepted with a committed date, countered with another date, or declined with a
    reason), then delivered or dropped. An accepted one past its committed date is late; past
    the programme's grace it is escalated as an impediment (`escalation`)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        COUNTERED = "countered", _("Countered")
        DECLINED = "declined", _("Declined")
        DELIVERED = "delivered", _("Delivered")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATUSES = (Status.REQUESTED, Status.ACCEPTED, Status.COUNTERED)

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="dependencies",
                                  help_text=_("The needing team's programme."))
    needing_team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="needs")
    providing_team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="provides")
    what = models.CharField(max_length=300)
    needed_by = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices,
                              default=Status.REQUESTED)
    committed_date = models.DateField(
        null=True, blank=True, help_text=_("The providing team's date: committed when accepted, "
                                         "proposed when countered."))
    answer = models.CharField(max_length=500, blank=True,
                              help_text=_("The providing team's words with its answer."))
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    delivered_at = models.DateTimeField(null=True, blank=True)
    late_at = models.DateTimeField(null=True, blank=True,
                                   help_text=_("When it was first found past its committed date."))
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalation = models.ForeignKey(FeedbackItem, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    update = models.ForeignKey(DailyUpdate, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="dependencies")
    raised_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["needed_by", "pk"]
        verbose_name_plural = _("dependencies")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(needing_team=models.F("providing_team")),
                name="dependency_between_two_teams"),
            models.CheckConstraint(
                condition=~models.Q(status__in=("accepted", "countered"))
                | models.Q(committed_date__isnull=False),
                name="dependency_accepted_has_date"),
        ]
        indexes = [models.Index(fields=["programme", "status"], name="dependency_open"),
                   models.Index(fields=["status", "committed_date"], name="dependency_due")]

    def __str__(self):
        return f"{self.needing_team} needs {self.what} from {self.providing_team}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_late(self, today) -> bool:
        """Accepted, not delivered, and its committed date is behind `today`."""
        return (self.status == self.Status.ACCEPTED and self.committed_date is not None
                and self.committed_date < today)


class StopNotice(models.Model):
    """A team's answer to "Is my team doing anything that will stop another team?"."""

    update = models.ForeignKey(DailyUpdate, on_delete=models.CASCADE, related_name="stops")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="stopped_by",
                             help_text=_("The team it will stop."))
    what = models.CharField(max_length=300)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["update", "team"],
                                               name="one_stop_notice_per_team")]

    def __str__(self):
        return f"{self.update.team} may stop {self.team}: {self.what}"


class ScrumOfScrumsSettings(models.Model):
    """Per-programme numbers of the scaled Scrum of Scrums; created lazily with the defaults."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE,
                                     related_name="sos_settings")
    dependency_grace_days = models.PositiveSmallIntegerField(
        default=2, help_text=_("Days a late dependency waits before it is escalated."))
    split_above_seats = models.PositiveSmallIntegerField(
        default=9, help_text=_("More seats than this and the page suggests splitting."))

    class Meta:
        verbose_name_plural = _("Scrum of Scrums settings")

    def __str__(self):
        return f"Scrum of Scrums settings of {self.programme}"


class BlockerImpediment(models.Model):
    """A blocker line of an update that became an impediment (one click, once per line)."""

    update = models.ForeignKey(DailyUpdate, on_delete=models.CASCADE,
                               related_name="impediments")
    line = models.CharField(max_length=300,
                            help_text=_("The blocker line (its first 300 characters)."))
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
        verbose_name_plural = _("update policies")

    def __str__(self):
        return f"update policy of {self.team}"
