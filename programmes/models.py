import zoneinfo
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import localdate, now


def timezone_choices():
    """Callable, so migrations do not depend on the tz database of the machine."""
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError("“%(value)s” is not a known time zone.", params={"value": value})


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("A person needs an email address.")
        person = self.model(email=self.normalize_email(email).lower(), **extra)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class Person(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in with an email address: MSM, Scrum Master, member or stakeholder."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150, blank=True)
    timezone = models.CharField(
        max_length=64, default="UTC", choices=timezone_choices, validators=[validate_timezone]
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=now)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["name", "email"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return (self.name or self.email).split(" ")[0]


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
    def depth(self) -> int:
        return len(self.ancestor_ids)

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)

    def today(self):
        return localdate(timezone=self.tzinfo)

    def clean(self):
        if self.parent_id and self.pk and f"/{self.pk}/" in (self.parent.path or ""):
            raise ValidationError({"parent": "A programme cannot sit inside its own subtree."})


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
        MSM = "msm", "Meta Scrum Master"
        STAKEHOLDER = "stakeholder", "Stakeholder"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="programme_roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person", "role"], name="programme_role_unique"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()} of {self.programme}"


class TeamMembership(models.Model):
    """A person's place in a team; exactly one member of a team may be its Scrum Master."""

    class Role(models.TextChoices):
        SCRUM_MASTER = "scrum_master", "Scrum Master"
        MEMBER = "member", "Member"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

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
        return f"{self.person} — {self.get_role_display()} of {self.team}"


class Sprint(models.Model):
    """One sprint of a programme's cadence, shared by all its teams; stored for its goal."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sprints")
    number = models.PositiveIntegerField()
    start = models.DateField()
    end = models.DateField(help_text="Last day of the sprint, inclusive.")
    goal = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="sprint_number_unique"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="sprint_ends"),
        ]

    def __str__(self):
        return f"Sprint {self.number}"

    @property
    def length(self) -> timedelta:
        return self.end - self.start + timedelta(days=1)

    def contains(self, day) -> bool:
        return self.start <= day <= self.end


# ---------------------------------------------------------------------------------------------
# Notifications: each person's preferences, chat webhooks, and the outbox that delivers a
# message once. Services live in programmes/outbox.py, senders in programmes/channels.py and
# the reminder rules in programmes/reminders.py.
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
            raise ValidationError("Give both ends of your quiet hours, or neither.")
        if self.quiet_start is not None and self.quiet_start == self.quiet_end:
            raise ValidationError({"quiet_end": "Quiet hours must end at another time."})

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
        SLACK = "slack", "Slack-compatible"
        TEAMS = "teams", "Microsoft Teams-compatible"

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


class Notification(models.Model):
    """One message to one person on one channel: recorded first, then delivered once."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        CHAT = "chat", "Team chat"

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="notifications")
    recipient = models.ForeignKey(Person, on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(max_length=40)
    # What the reminder is about ("sprint:12") and which occurrence of it ("2026-11-24").
    object_ref = models.CharField(max_length=80)
    occurrence = models.CharField(max_length=40, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    webhook = models.ForeignKey(ChatWebhook, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="notifications")
    address = models.CharField(max_length=500, help_text="Email address or webhook URL.")
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
