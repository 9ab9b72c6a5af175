"""Brown Bag talks and their votes, and the register of who solved what first."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from ceremonies.models.meetings import AgendaItem
from programmes.models import Programme, Sprint, Team

Person = settings.AUTH_USER_MODEL
MAX_LINKS = 10


def link_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def validate_links(text: str) -> None:
    """One http(s) URL per line: nothing else becomes a link on the page."""
    lines = link_lines(text)
    if len(lines) > MAX_LINKS:
        raise ValidationError(_("At most %(limit)s links, one per line.") % {"limit": MAX_LINKS})
    check = URLValidator(schemes=["http", "https"])
    for line in lines:
        try:
            check(line)
        except ValidationError:
            raise ValidationError(_("“%(line)s” is not an http(s) link; put one link per line.")
                                  % {"line": line[:80]}) from None


class Talk(models.Model):
    """A talk proposed for a sprint's Brown Bag; votes decide the order of the agenda."""

    class Kind(models.TextChoices):
        UP_TO = "up_to", _("What we're up to")
        SOLVED_FIRST = "solved_first", _("We solved this first")
        DEMO = "demo", _("Demo")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="talks")
    sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="talks")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="talks", help_text=_("The team giving the talk."))
    proposed_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL,
                                    related_name="talks_proposed")
    title = models.CharField(max_length=160)
    summary = models.TextField(max_length=2000, blank=True)
    minutes = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("How long the talk takes, questions included."))
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.UP_TO)
    links = models.TextField(max_length=2000, blank=True, validators=[validate_links],
                             help_text=_("One http(s) link per line."))
    agenda_item = models.OneToOneField(AgendaItem, null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="talk")
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["programme", "sprint"], name="talk_call")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ceremonies:brownbag_talk",
                       kwargs={"slug": self.programme.slug, "talk_id": self.pk})

    @property
    def link_list(self) -> list[str]:
        return link_lines(self.links)


class TalkVote(models.Model):
    """One person's vote for one talk; a second vote is refused by the database."""

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="talk_votes")
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["talk", "person"], name="one_vote_each")]

    def __str__(self):
        return f"{self.person_id} for {self.talk_id}"


class RegisterEntry(models.Model):
    """A problem a team solved first, so the others need not solve it again."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="register_entries",
                                  help_text=_("The team's programme; the whole tree sees it."))
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="register_entries")
    problem = models.CharField(max_length=300)
    tags = models.CharField(max_length=300, blank=True,
                            help_text=_("Comma-separated, e.g. authentication, feature flags."))
    solved_on = models.DateField()
    write_up = models.TextField(max_length=10000)
    links = models.TextField(max_length=2000, blank=True, validators=[validate_links],
                             help_text=_("One http(s) link per line."))
    talk = models.ForeignKey(Talk, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="register_entries",
                             help_text=_("The Brown Bag talk where it was presented."))
    recorded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-solved_on", "-pk"]
        verbose_name_plural = _("register entries")
        indexes = [models.Index(fields=["programme", "-solved_on"], name="register_recent")]

    def __str__(self):
        return self.problem

    @property
    def tag_list(self) -> list[str]:
        return [t for t in (part.strip() for part in self.tags.split(",")) if t]

    @property
    def link_list(self) -> list[str]:
        return link_lines(self.links)


class Reuse(models.Model):
    """Another team says "we used this": how the MSM sees knowledge spread."""

    entry = models.ForeignKey(RegisterEntry, on_delete=models.CASCADE, related_name="reuses")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="reuses")
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "team"],
                                               name="reused_once_per_team")]

    def __str__(self):
        return f"{self.team} used {self.entry}"
