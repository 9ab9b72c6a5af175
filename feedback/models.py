"""Feedback items routed up and down the programme tree, and the thread of each loop."""

from collections.abc import Iterable

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from programmes.models import Programme, Team, TrackerItem


class FeedbackSettings(models.Model):
    """Per-programme expectations; created lazily with the defaults (see selectors)."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE,
                                     related_name="feedback_settings")
    acknowledge_within_working_days = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=gettext_lazy(
            "Team and programme level: acknowledged within this many working days."))
    answer_within_sprint = models.BooleanField(
        default=True, help_text=gettext_lazy("Once acknowledged, a team or programme item is "
                                             "answered by the end of the current sprint."))
    stakeholder_answer_within_days = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=gettext_lazy("Stakeholder level: answered within this many days (or by the "
                               "next Steering Committee, once meetings are scheduled)."))
    escalation_after_working_days = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=gettext_lazy(
            "Unresolved impediments older than this are proposed for escalation."))

    class Meta:
        verbose_name_plural = gettext_lazy("feedback settings")

    def __str__(self):
        return f"Feedback settings of {self.programme}"


class FeedbackItem(models.Model):
    class Kind(models.TextChoices):
        IMPEDIMENT = "impediment", gettext_lazy("Impediment")
        RISK = "risk", gettext_lazy("Risk")
        QUESTION = "question", gettext_lazy("Question")
        REQUEST = "request", gettext_lazy("Request")
        DECISION = "decision", gettext_lazy("Decision")
        INFORMATION = "information", gettext_lazy("Information")

    class Direction(models.TextChoices):
        UP = "up", gettext_lazy("Up")
        DOWN = "down", gettext_lazy("Down")

    class Level(models.TextChoices):
        TEAM = "team", gettext_lazy("Team")
        PROGRAMME = "programme", gettext_lazy("Programme")
        PARENT = "parent", gettext_lazy("Parent programme")
        STAKEHOLDERS = "stakeholders", gettext_lazy("Stakeholders")

    class Origin(models.TextChoices):
        TEAM = "team", gettext_lazy("Team")
        PROGRAMME = "programme", gettext_lazy("Programme")
        STAKEHOLDER = "stakeholder", gettext_lazy("Stakeholder")

    class State(models.TextChoices):
        RAISED = "raised", gettext_lazy("Raised")
        ROUTED = "routed", gettext_lazy("Routed")
        ACKNOWLEDGED = "acknowledged", gettext_lazy("Acknowledged")
        ANSWERED = "answered", gettext_lazy("Answered / actioned")
        CLOSED = "closed", gettext_lazy("Closed")

    class Roam(models.TextChoices):
        """Where a risk stands (Scrum@Scale, from SAFe): resolved, owned, accepted, mitigated."""
        RESOLVED = "resolved", gettext_lazy("Resolved")
        OWNED = "owned", gettext_lazy("Owned")
        ACCEPTED = "accepted", gettext_lazy("Accepted")
        MITIGATED = "mitigated", gettext_lazy("Mitigated")

    OPEN_STATES = (State.RAISED, State.ROUTED, State.ACKNOWLEDGED, State.ANSWERED)
    WAITING_STATES = (State.RAISED, State.ROUTED, State.ACKNOWLEDGED)

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="feedback_items",
                                  help_text=gettext_lazy("The programme the loop belongs to."))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    direction = models.CharField(max_length=4, choices=Direction.choices)
    origin = models.CharField(max_length=12, choices=Origin.choices)
    origin_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.RESTRICT,
                                    related_name="feedback_raised")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="feedback_raised")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="feedback_owned",
                              help_text=gettext_lazy("Who works on removing it (impediments)."))
    source = models.CharField(
        max_length=40, blank=True,
        help_text=gettext_lazy("Where it came from, e.g. scrum-of-scrums, steering."))
    level = models.CharField(max_length=12, choices=Level.choices)
    holder_programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                         related_name="feedback_held")
    state = models.CharField(max_length=12, choices=State.choices, default=State.RAISED)
    answer = models.TextField(blank=True)
    raised_at = models.DateTimeField()
    routed_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    respond_by = models.DateTimeField(
        null=True, blank=True,
        help_text=gettext_lazy("When the current holder is expected to act."))
    backlog_position = models.PositiveIntegerField(
        null=True, blank=True,
        help_text=gettext_lazy("Its place in the holder's impediment backlog (1 is the top); "
                               "empty until the holder's MSM places it."))
    definition_of_done = models.CharField(
        max_length=300, blank=True,
        help_text=gettext_lazy("What will be true once it is removed."))
    roam = models.CharField(
        gettext_lazy("ROAM"), max_length=10, choices=Roam.choices, blank=True,
        help_text=gettext_lazy("Risks: resolved, owned, accepted or mitigated."))
    closes_when_acknowledged = models.BooleanField(
        default=False,
        help_text=gettext_lazy("A meeting's decision: there is nothing to answer, so the loop "
                               "closes once every addressee has acknowledged it."))


    class Meta:
        ordering = ["-raised_at"]
        indexes = [
            models.Index(fields=["state", "respond_by"], name="feedback_overdue_idx"),
            models.Index(fields=["programme", "raised_at"], name="feedback_period_idx"),
            models.Index(fields=["holder_programme", "level", "state"],
                         name="feedback_holder_idx"),
            models.Index(fields=["raised_by", "state"], name="feedback_raiser_idx"),
            models.Index(fields=["holder_programme", "backlog_position"],
                         name="feedback_backlog_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(origin="team") | Q(origin_team__isnull=False),
                name="feedback_team_origin_has_team"),
            models.CheckConstraint(
                condition=~Q(state="closed") | Q(closed_at__isnull=False),
                name="feedback_closed_has_time"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("feedback:item", kwargs={"slug": self.programme.slug, "pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state != self.State.CLOSED

    def is_overdue(self, at) -> bool:
        return (self.state in self.WAITING_STATES and self.respond_by is not None
                and self.respond_by < at)

    def age(self, at):
        return (self.closed_at or at) - self.raised_at

    @property
    def kind_in_sentence(self) -> str:
        """The kind as a word inside a sentence: "impediment" in English, "Hindernis" in German."""
        return str(KIND_IN_SENTENCE.get(self.kind, self.kind))

    @property
    def holder_label(self) -> str:
        """Where the item waits, by name (the addressed teams and the holder come prefetched
        on every page that lists items)."""
        teams = ([a.team.name for a in self.addressees.all()]
                 if self.level == self.Level.TEAM else ())
        return level_label(self.level, self.holder_programme.name, teams)


KIND_IN_SENTENCE = {
    FeedbackItem.Kind.IMPEDIMENT: pgettext_lazy("kind in a sentence", "impediment"),
    FeedbackItem.Kind.RISK: pgettext_lazy("kind in a sentence", "risk"),
    FeedbackItem.Kind.QUESTION: pgettext_lazy("kind in a sentence", "question"),
    FeedbackItem.Kind.REQUEST: pgettext_lazy("kind in a sentence", "request"),
    FeedbackItem.Kind.DECISION: pgettext_lazy("kind in a sentence", "decision"),
    FeedbackItem.Kind.INFORMATION: pgettext_lazy("kind in a sentence", "information"),
}


def level_label(level: str, holder: str, teams: Iterable[str] = ()) -> str:
    """The one name of a level, on every page, in the API and in the thread: "Ledger, Card
    Gateway", "Payments Train MSM", "Northwind Digital steering"."""
    if level == FeedbackItem.Level.TEAM:
        return ", ".join(sorted(teams)) or _("Teams of %(programme)s") % {"programme": holder}
    if level == FeedbackItem.Level.STAKEHOLDERS:
        return _("%(programme)s steering") % {"programme": holder}
    return _("%(programme)s MSM") % {"programme": holder}


class FeedbackAddressee(models.Model):
    """A team a team-level item is addressed to; each acknowledges for itself."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="addressees")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="feedback_addressed")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["team__name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "team"], name="feedback_addressee_unique"),
        ]

    def __str__(self):
        return f"{self.item} → {self.team}"


class FeedbackEvent(models.Model):
    """One entry of an item's thread: a comment or a state change, with who and when."""

    class Kind(models.TextChoices):
        COMMENT = "comment", gettext_lazy("Comment")
        RAISED = "raised", gettext_lazy("Raised")
        ROUTED = "routed", gettext_lazy("Routed")
        ACKNOWLEDGED = "acknowledged", gettext_lazy("Acknowledged")
        ANSWERED = "answered", gettext_lazy("Answered")
        CLOSED = "closed", gettext_lazy("Closed the loop")
        REOPENED = "reopened", gettext_lazy("Reopened")
        ESCALATED = "escalated", gettext_lazy("Escalated")
        DELEGATED = "delegated", gettext_lazy("Delegated")
        OWNER = "owner", gettext_lazy("Owner changed")

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField()
    text = models.TextField(blank=True)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["item", "at"], name="feedback_event_item_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def from_state_label(self) -> str:
        return _state_label(self.from_state)

    @property
    def to_state_label(self) -> str:
        return _state_label(self.to_state)


def _state_label(state: str) -> str:
    """An item state as people read it; a value no longer among the choices as stored."""
    labels = dict(FeedbackItem.State.choices)
    return str(labels.get(state, state))



class TrackerLink(models.Model):
    """A feedback item or impediment caused by (or waiting on) an item in a work tracker. When
    that item closes its originator is asked to close the loop; it is never closed for them."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="tracker_links")
    tracker_item = models.ForeignKey(TrackerItem, on_delete=models.CASCADE, related_name="+")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    linked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "tracker_item"],
                                               name="feedback_tracker_link_unique")]

    def __str__(self):
        return f"{self.item_id} → {self.tracker_item_id}"


class RoamChange(models.Model):
    """One step of a risk's ROAM history: from what to what, by whom, when, and why."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="roam_changes")
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10, choices=FeedbackItem.Roam.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.item}: {self.from_state or '—'} → {self.to_state}"
