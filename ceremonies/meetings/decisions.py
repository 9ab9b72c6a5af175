"""Reads for a meeting's decisions: whom a decision may be sent to, and whom it reached.

A decision travels as feedback items (`Decision.routed`): one per programme whose teams it
was sent to, each with a row per team, and one held by the stakeholders. What the room and
the minutes say about it (sent to whom, who acknowledged and when, whether the loop closed)
is read from those items, in a fixed number of queries however many decisions there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ceremonies.models import Decision, Meeting
from feedback.models import FeedbackAddressee, FeedbackEvent, FeedbackItem
from programmes.models import Programme, Team

Level = FeedbackItem.Level


def addressable_teams(programme: Programme) -> QuerySet[Team]:
    """The teams a meeting of `programme` may send a decision to: its own and those of every
    programme inside it, by programme then name."""
    return (Team.objects.filter(programme__path__startswith=programme.path)
            .select_related("programme").order_by("programme__path", "name"))


@dataclass(frozen=True)
class Addressee:
    """One team (or the stakeholders) a decision was sent to, and their acknowledgement."""

    name: str
    acknowledged_at: datetime | None
    acknowledged_by: str
    decided_at: datetime

    @property
    def status(self) -> str:
        """"Ledger acknowledged (Sam SM, 09:42)" or "Card Gateway not yet", in the active
        time zone; the day too when it was not the day of the decision."""
        if self.acknowledged_at is None:
            return _("%(name)s not yet") % {"name": self.name}
        when = timezone.localtime(self.acknowledged_at)
        same_day = when.date() == timezone.localtime(self.decided_at).date()
        stamp = (formats.time_format(when) if same_day
                 else formats.date_format(when, "SHORT_DATETIME_FORMAT"))
        if self.acknowledged_by:
            return _("%(name)s acknowledged (%(who)s, %(when)s)") % {
                "name": self.name, "who": self.acknowledged_by, "when": stamp}
        return _("%(name)s acknowledged (%(when)s)") % {"name": self.name, "when": stamp}


@dataclass(frozen=True)
class Reach:
    """Whom a decision was sent to; `closed` once every loop carrying it is closed."""

    addressees: list[Addressee] = field(default_factory=list)
    closed: bool = False

    @property
    def acknowledged(self) -> int:
        return sum(1 for a in self.addressees if a.acknowledged_at is not None)

    @property
    def summary(self) -> str:
        if not self.addressees:
            return _("For the record only: sent to nobody.")
        return "; ".join(a.status for a in self.addressees) + "."

    @property
    def loop(self) -> str:
        if not self.addressees:
            return ""
        if self.closed:
            return _("Loop closed")
        return _("Loop open: %(acknowledged)s of %(addressees)s acknowledged") % {
            "acknowledged": self.acknowledged, "addressees": len(self.addressees)}


def _addressees(item: FeedbackItem, home_id: int) -> list[Addressee]:
    if item.level == Level.TEAM:
        of = "" if item.programme_id == home_id else f" ({item.programme})"
        return [Addressee(name=f"{a.team.name}{of}", acknowledged_at=a.acknowledged_at,
                          acknowledged_by=str(a.acknowledged_by or ""),
                          decided_at=item.raised_at)
                for a in item.addressees.all()]
    # The stakeholders (or whichever level holds it now): one acknowledgement for the level.
    if item.level == Level.STAKEHOLDERS:
        name = _("Stakeholders of %(programme)s") % {"programme": item.holder_programme}
    else:
        name = _("%(level)s of %(programme)s") % {"level": item.get_level_display(),
                                                  "programme": item.holder_programme}
    who = next((str(e.actor) for e in item.acknowledgements), "")
    return [Addressee(name=name, acknowledged_at=item.acknowledged_at, acknowledged_by=who,
                      decided_at=item.raised_at)]


def reach_of(decision: Decision, home_id: int) -> Reach:
    """Read from a decision fetched by `meeting_decisions` (no further query); teams of
    programmes other than `home_id` (the meeting's) are named with their programme."""
    items = list(decision.routed.all())
    return Reach(addressees=[a for item in items for a in _addressees(item, home_id)],
                 closed=bool(items) and all(i.state == FeedbackItem.State.CLOSED
                                            for i in items))


def meeting_decisions(meeting: Meeting) -> list[Decision]:
    """The meeting's decisions in order, each with `reach`: four queries whatever their number."""
    acknowledgements = (FeedbackEvent.objects
                        .filter(kind=FeedbackEvent.Kind.ACKNOWLEDGED, actor__isnull=False)
                        .select_related("actor").order_by("at", "pk"))
    routed = (FeedbackItem.objects.select_related("programme", "holder_programme")
              .order_by("pk")
              .prefetch_related(
                  Prefetch("addressees", queryset=FeedbackAddressee.objects
                           .select_related("team", "acknowledged_by")
                           .order_by("team__name")),
                  Prefetch("events", queryset=acknowledgements, to_attr="acknowledgements")))
    decisions = list(meeting.decisions.select_related("item", "recorded_by")
                     .prefetch_related(Prefetch("routed", queryset=routed)))
    for decision in decisions:
        decision.reach = reach_of(decision, meeting.programme_id)
    return decisions
