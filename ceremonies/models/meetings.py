"""Meeting series, meetings and their timeboxed agendas, and what is recorded in them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme, Team

Person = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    SCRUM_OF_SCRUMS = "scrum_of_scrums", _("Scrum of Scrums")
    BROWN_BAG = "brown_bag", _("Brown Bag")
    STEERING = "steering", _("Steering Committee")


# Upper bounds of a series' reminder leads: each reminder rule scans at least this far ahead
# (ceremonies/leads.py), so no allowed lead falls outside its window.
LEAD_MINUTES_MAX = 24 * 60
AGENDA_LEAD_HOURS_MAX = 36  # the call for talks closes at noon the day before, 12–36 h ahead
PACK_LEAD_DAYS_MAX = 14  # as far as a series schedules its meetings by default


def _lead(maximum: int, help_text) -> models.PositiveSmallIntegerField:
    """A reminder lead a series may set; empty means the site default."""
    return models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=help_text,
        validators=[MinValueValidator(1), MaxValueValidator(maximum)])


class MeetingSeries(models.Model):
    """How often a ceremony happens: a dateutil RRULE, or once per sprint (Brown Bag)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="series")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=120)
    rrule = models.CharField(
        max_length=200, blank=True,
        help_text=_("An iCalendar RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR. "
                  "Empty for once per sprint."))
    sprint_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(42)],
        help_text=_("For once per sprint: which day of the sprint (1 = its first day)."))
    start_time = models.TimeField(help_text=_("Local time in the programme's time zone."))
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(480)])
    paused = models.BooleanField(default=False)
    reminder_minutes = _lead(
        LEAD_MINUTES_MAX, _("Remind invitees this many minutes before (empty: the site default)."))
    update_call_minutes = _lead(
        LEAD_MINUTES_MAX, _("Scrum of Scrums: ask Scrum Masters for their update this many minutes "
                            "before (empty: the site default)."))
    update_missing_minutes = _lead(
        LEAD_MINUTES_MAX, _("Scrum of Scrums: tell a Scrum Master their update is missing this "
                            "many minutes before (empty: the site default)."))
    agenda_lead_hours = _lead(
        AGENDA_LEAD_HOURS_MAX, _("Brown Bag: send invitees the agenda this many hours before "
                                 "(empty: the day before at 16:00)."))
    pack_lead_days = _lead(
        PACK_LEAD_DAYS_MAX, _("Steering Committee: send stakeholders the pack this many days "
                              "before (empty: the site default)."))
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["programme", "kind"]
        verbose_name_plural = _("meeting series")
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="one_series_per_kind"),
            models.CheckConstraint(condition=~Q(rrule="") | Q(sprint_day__isnull=False),
                                   name="series_has_a_recurrence"),
            # The "missing" warning follows the call to post (with a site default on either
            # side the services check it: ceremonies/series.py).
            models.CheckConstraint(
                condition=Q(update_call_minutes__isnull=True)
                | Q(update_missing_minutes__isnull=True)
                | Q(update_missing_minutes__lt=F("update_call_minutes")),
                name="update_missing_after_call"),
        ]

    def __str__(self):
        return self.title


class Meeting(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="meetings")
    series = models.ForeignKey(MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="meetings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=160)
    occurrence = models.DateField(
        help_text=_("The series' original date for this meeting; a move keeps it, so "
                  "scheduling again is idempotent."))
    scheduled_start = models.DateTimeField()
    moved = models.BooleanField(
        default=False, help_text=_("Moved by hand: editing the series leaves its time alone."))
    timebox_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(480)])
    state = models.CharField(max_length=12, choices=State.choices, default=State.SCHEDULED)
    facilitator = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Someone the MSM delegates the controls to."))
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    current_item = models.ForeignKey("AgendaItem", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, help_text=_("Bumped on every change."))
    sequence = models.PositiveIntegerField(default=0, help_text=_("iCalendar SEQUENCE."))
    minutes_also_to = models.ManyToManyField(
        Person, blank=True, related_name="+",
        help_text=_("People the facilitator adds to those who get the minutes (the invitees)."))

    class Meta:
        ordering = ["scheduled_start"]
        constraints = [
            models.UniqueConstraint(fields=["series", "occurrence"], name="one_meeting_per_date"),
        ]
        indexes = [models.Index(fields=["programme", "scheduled_start"], name="meeting_when")]

    def __str__(self):
        return f"{self.title} · {self.occurrence:%a %d %b %Y}"

    def get_absolute_url(self):
        return reverse("ceremonies:room", kwargs={"slug": self.programme.slug, "pk": self.pk})

    @property
    def scheduled_end(self):
        return self.scheduled_start + timedelta(minutes=self.timebox_minutes)

    @property
    def is_live(self) -> bool:
        return self.state in (self.State.RUNNING, self.State.PAUSED)

    def elapsed_seconds(self, at=None) -> int:
        """Running time so far, pauses excluded."""
        if self.started_at is None:
            return 0
        end = self.ended_at or self.paused_at or at or now()
        return max(0, int((end - self.started_at).total_seconds()) - self.paused_seconds)

    @property
    def overrun_seconds(self) -> int:
        return self.elapsed_seconds() - self.timebox_minutes * 60


def _ordinal(n: int) -> str:
    """1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd" in English; "2." or "2.ª" as the active
    language writes its ordinal numbers."""
    if not (get_language() or "en").startswith("en"):
        return pgettext("ordinal number", "%(n)s.") % {"n": n}
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class ItemKind(models.TextChoices):
    """What an agenda item is for; the room gives a backlog walk the top of the impediment
    backlog, whatever the item is called."""
    TOPIC = "topic", _("Topic")
    BACKLOG_WALK = "backlog_walk", _("Walk of the impediment backlog")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=160)
    kind = models.CharField(max_length=20, choices=ItemKind.choices, default=ItemKind.TOPIC,
                            verbose_name=_("kind"))
    timebox_seconds = models.PositiveIntegerField(
        validators=[MinValueValidator(30), MaxValueValidator(8 * 3600)])
    extended_seconds = models.PositiveIntegerField(default=0)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    child_programme = models.ForeignKey(Programme, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    topic = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    actual_seconds = models.PositiveIntegerField(null=True, blank=True)
    skipped_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Skipped by the facilitator: it stays in the minutes "
                                         "as skipped and comes back at the next occurrence."))
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The item of an earlier occurrence, skipped or not reached, that this one "
                  "brings back."))
    carried_times = models.PositiveSmallIntegerField(
        default=0, help_text=_("How many occurrences in a row the item has come back."))
    added_by_carryover = models.BooleanField(
        default=False, help_text=_("Added by the carry-over, not by the default agenda: "
                                 "dropping it takes it off the agenda."))
    carry_dropped_at = models.DateTimeField(
        null=True, blank=True, help_text=_("The facilitator dropped it from the next occurrence: "
                                         "it comes back no more."))

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            # An item comes back once, into the next occurrence; scheduling again adds nothing.
            models.UniqueConstraint(fields=["carried_from"], name="carried_once"),
        ]

    def __str__(self):
        return self.title

    @property
    def carried_label(self) -> str:
        """"carried over (2nd time)": the item is on the agenda for the 2nd time in a row."""
        if not self.carried_times:
            return ""
        return _("carried over (%(ordinal)s time)") % {
            "ordinal": _ordinal(self.carried_times + 1)}

    @property
    def outcome(self) -> str:
        """What became of the item: "skipped", "not reached" (once the meeting is over),
        "done", "running" or "" (still to come)."""
        if self.skipped_at is not None:
            return "skipped"
        if self.ended_at is not None:
            return "done"
        if self.started_at is not None:
            return "running"
        if self.meeting.state == Meeting.State.ENDED:
            return "not reached"
        return ""

    @property
    def allowed_seconds(self) -> int:
        return self.timebox_seconds + self.extended_seconds

    @property
    def overrun_seconds(self) -> int:
        return (self.actual_seconds or 0) - self.timebox_seconds


class MeetingEvent(models.Model):
    """Every transition, with who and when: actual durations are derived from these."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    actor = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    from_state = models.CharField(max_length=12)
    to_state = models.CharField(max_length=12)
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.action}: {self.from_state} → {self.to_state}"


class Note(models.Model):
    """One person's autosaved notes on one agenda item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=5000)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["updated_at"]
        constraints = [models.UniqueConstraint(fields=["item", "author"], name="one_note_each")]

    def __str__(self):
        return self.text[:60]


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="decisions")
    text = models.CharField(max_length=500)
    pack_ref = models.CharField(max_length=40, blank=True,
                                help_text=_("The steering pack item it settles, e.g. risk:12."))
    pack_label = models.CharField(max_length=200, blank=True)
    routed = models.ManyToManyField("feedback.FeedbackItem", blank=True, related_name="+",
                                    help_text=_("The feedback items that carry it to the teams and "
                                              "stakeholders it was sent to."))
    recorded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return self.text


class ActionItem(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="actions")
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="meeting_actions")
    due = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    dropped_at = models.DateTimeField(null=True, blank=True)
    dropped_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    recorded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["owner", "state"], name="action_owner_state"),
                   models.Index(fields=["state", "due"], name="action_state_due")]
        constraints = [
            # Done says when; dropped says when; open says neither.
            models.CheckConstraint(
                condition=(Q(state="open", done_at__isnull=True, dropped_at__isnull=True)
                           | Q(state="done", done_at__isnull=False, dropped_at__isnull=True)
                           | Q(state="dropped", done_at__isnull=True,
                               dropped_at__isnull=False)),
                name="action_state_says_when"),
        ]

    def __str__(self):
        return self.text

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def is_overdue(self, today) -> bool:
        """Open past its due date (`today` in the programme's time zone)."""
        return self.is_open and self.due is not None and self.due < today


class ActionReview(models.Model):
    """At the next occurrence of a series, what became of an earlier occurrence's open
    action: done, still open or dropped (one answer per meeting, the last one given)."""

    class Outcome(models.TextChoices):
        DONE = "done", _("Done")
        OPEN = "open", _("Still open")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE,
                                related_name="action_reviews")
    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reviews")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "action"],
                                               name="one_review_per_meeting")]

    def __str__(self):
        return f"{self.action}: {self.get_outcome_display()}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["joined_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"],
                                               name="attended_once")]

    def __str__(self):
        return f"{self.person_id} at {self.meeting_id}"


class CalendarToken(models.Model):
    """The secret in a person's calendar feed URL; regenerating it revokes the old URL."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=now)

    def __str__(self):
        return f"calendar of {self.person_id}"
