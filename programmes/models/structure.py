import uuid
import zoneinfo
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programmes.models.people import Person
from programmes.models.timezones import timezone_choices, validate_timezone


class Programme(models.Model):
    """A group of teams, or a group of groups: programmes nest to any depth."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    timezone = models.CharField(
        max_length=64, default="UTC", choices=timezone_choices, validators=[validate_timezone]
    )
    sprint_length_days = models.PositiveSmallIntegerField(
        default=14, validators=[MinValueValidator(1), MaxValueValidator(42)]
    )
    first_sprint_start = models.DateField(default=localdate)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of ancestor ids ("/1/4/9/"), so a subtree is one indexed prefix query.
    path = models.CharField(max_length=500, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # A new value after every committed change to what this programme's pages show, its
    # subtree's included; costly pages are cached under it (programmes/data_version.py).
    data_version = models.UUIDField(default=uuid.uuid4, editable=False)
    # Everyone here who signs in with a password must use a second factor (TOTP).
    require_two_factor = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:home", kwargs={"slug": self.slug})

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    @property
    def tree_key(self) -> tuple[int, ...]:
        """Sorts programmes in tree order, each after its parent and siblings oldest first.
        (Sorting by `path` as text puts "/1/10/" before "/1/9/".)"""
        return tuple(int(part) for part in self.path.strip("/").split("/") if part)

    @property
    def depth(self) -> int:
        return len(self.ancestor_ids)

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)

    def today(self):
        return localdate(timezone=self.tzinfo)

    def clean(self):
        if self.parent_id and self.pk and f"/{self.pk}/" in (self.parent.path or ""):
            raise ValidationError({"parent": _("A programme cannot sit inside its own subtree.")})


class Team(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="team_slug_unique"),
            models.UniqueConstraint(fields=["programme", "name"], name="team_name_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "programmes:team", kwargs={"slug": self.programme.slug, "team_slug": self.slug}
        )


class ProgrammeRole(models.Model):
    """A role held at programme level: Meta Scrum Master or stakeholder."""

    class Role(models.TextChoices):
        MSM = "msm", gettext_lazy("Meta Scrum Master")
        STAKEHOLDER = "stakeholder", gettext_lazy("Stakeholder")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="programme_roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # Granted by a group-to-role mapping at sign-in; taken away when the group is gone.
    from_idp = models.BooleanField(default=False)

    class Meta:
        ordering = ["role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person", "role"], name="programme_role_unique"
            ),
        ]

    def __str__(self):
        return _("%(person)s — %(role)s of %(programme)s") % {
            "person": self.person, "role": self.get_role_display(), "programme": self.programme}


class TeamMembership(models.Model):
    """A person's place in a team; exactly one member of a team may be its Scrum Master."""

    class Role(models.TextChoices):
        SCRUM_MASTER = "scrum_master", gettext_lazy("Scrum Master")
        MEMBER = "member", gettext_lazy("Member")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)
    # Granted by a group-to-role mapping at sign-in; taken away when the group is gone.
    from_idp = models.BooleanField(default=False)

    class Meta:
        ordering = ["-role", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], name="team_membership_unique"),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(role="scrum_master"),
                name="one_scrum_master_per_team",
            ),
        ]

    def __str__(self):
        return _("%(person)s — %(role)s of %(team)s") % {
            "person": self.person, "role": self.get_role_display(), "team": self.team}


class Sprint(models.Model):
    """One sprint of a programme's cadence, shared by all its teams; stored for its goal."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sprints")
    number = models.PositiveIntegerField()
    start = models.DateField()
    end = models.DateField(help_text=gettext_lazy("Last day of the sprint, inclusive."))
    goal = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="sprint_number_unique"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="sprint_ends"),
        ]

    def __str__(self):
        return _("Sprint %(number)s") % {"number": self.number}

    @property
    def length(self) -> timedelta:
        return self.end - self.start + timedelta(days=1)

    def contains(self, day) -> bool:
        return self.start <= day <= self.end
