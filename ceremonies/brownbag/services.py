"""The Brown Bag: a call for talks per sprint, votes, and the agenda built from them.

The call for a sprint's talks opens when the sprint starts (00:00 programme time) and closes
at 12:00 programme time the day before that sprint's Brown Bag, so the MSM can build the
agenda that afternoon and invitees get it before the meeting (brownbag_reminders.py). Without
a Brown Bag in the sprint the call stays open to the sprint's end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ceremonies.meetings import agenda_edit
from ceremonies.meetings.agendas import ItemSpec, default_agenda
from ceremonies.meetings.leads import CALL_CLOSES_AT
from ceremonies.meetings.state import RoomError
from ceremonies.models import AgendaItem, Kind, Meeting, Talk, TalkVote
from feedback.models import FeedbackItem
from feedback.services import FeedbackError, feedback_raise
from programmes.audit import audit_record
from programmes.models import Person, Programme, Sprint, Team
from programmes.permissions import Access, access_for
from programmes.services import ServiceError, sprints_ensure


class BrownBagError(ServiceError):
    """A refused Brown Bag or register step; `status` suits the response (400/403/409)."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


def forbidden(message: str) -> BrownBagError:
    return BrownBagError(message, status=403)


# --- the call for talks -----------------------------------------------------------------------

@dataclass(frozen=True)
class TalkCall:
    programme: Programme
    sprint: Sprint
    meeting: Meeting | None
    opens_at: datetime
    closes_at: datetime

    def is_open(self, at: datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at

    def state(self, at: datetime | None = None) -> str:
        at = at or timezone.now()
        if at < self.opens_at:
            return "upcoming"
        return "open" if at < self.closes_at else "closed"


def brown_bag_in(sprint: Sprint) -> Meeting | None:
    """The sprint's Brown Bag meeting (the first one that is not cancelled)."""
    return (Meeting.objects.filter(programme_id=sprint.programme_id, kind=Kind.BROWN_BAG,
                                   occurrence__range=(sprint.start, sprint.end))
            .exclude(state=Meeting.State.CANCELLED).order_by("scheduled_start").first())


def call_for(sprint: Sprint, programme: Programme | None = None) -> TalkCall:
    """When the call for `sprint`'s talks opens and closes."""
    programme = programme or sprint.programme
    tz = programme.tzinfo
    meeting = brown_bag_in(sprint)
    opens = datetime.combine(sprint.start, time.min, tzinfo=tz)
    if meeting is not None:
        day_before = meeting.scheduled_start.astimezone(tz).date() - timedelta(days=1)
        closes = datetime.combine(day_before, CALL_CLOSES_AT, tzinfo=tz)
        if closes <= opens:  # a Brown Bag on the sprint's first day: open until it starts
            closes = meeting.scheduled_start
    else:
        closes = datetime.combine(sprint.end + timedelta(days=1), time.min, tzinfo=tz)
    return TalkCall(programme=programme, sprint=sprint, meeting=meeting, opens_at=opens,
                    closes_at=closes)


def sprint_on(programme: Programme, day: date) -> Sprint:
    sprints_ensure(programme=programme, through=day)
    sprint = programme.sprints.filter(start__lte=day, end__gte=day).first()
    if sprint is None:  # a day before the first sprint: its call is the first sprint's
        sprint = programme.sprints.order_by("number").first()
    return sprint


def current_call(programme: Programme, at: datetime | None = None) -> TalkCall:
    at = at or timezone.now()
    return call_for(sprint_on(programme, at.astimezone(programme.tzinfo).date()), programme)


def _closed_message(call: TalkCall) -> str:
    closes = call.closes_at.astimezone(call.programme.tzinfo)
    return _("The call for talks of %(sprint)s closed on %(weekday)s %(day)s at %(time)s "
             "(%(timezone)s); the next call opens when the next sprint starts.") % {
        "sprint": call.sprint, "weekday": date_format(closes, "D"),
        "day": date_format(closes, "MONTH_DAY_FORMAT"), "time": time_format(closes),
        "timezone": call.programme.timezone}


# --- proposals and votes ----------------------------------------------------------------------

@transaction.atomic
def talk_propose(*, programme: Programme, by: Person, title: str, kind: str,
                 minutes: int = 10, summary: str = "", links: str = "",
                 team: Team | None = None, at: datetime | None = None) -> Talk:
    """A talk for the open call; only people of the programme propose, for their own team."""
    at = at or timezone.now()
    access = access_for(by, programme)
    if not access.may_view:
        raise forbidden(_("Only people in %(programme)s propose its talks.")
                        % {"programme": programme})
    _check_team(access, team)
    call = current_call(programme, at)
    if not call.is_open(at):
        raise BrownBagError(_closed_message(call))
    talk = Talk(programme=programme, sprint=call.sprint, team=team, proposed_by=by,
                title=title, kind=kind, minutes=minutes, summary=summary, links=links,
                created_at=at)
    talk.full_clean()
    talk.save()
    return talk


def _check_team(access: Access, team: Team | None) -> None:
    """A talk is given by one of the person's own teams (any team of the programme for the
    MSM); a team member must name it."""
    programme = access.programme
    if team is not None:
        if team.programme_id != programme.pk:
            raise BrownBagError(_("%(team)s is not a team of %(programme)s.")
                                % {"team": team, "programme": programme}, status=400)
        if not (access.member_of(team) or access.may_manage):
            raise forbidden(_("Only people of %(team)s or the MSM propose talks for %(team)s.")
                            % {"team": team})
    elif access.is_team_member and not access.may_manage:
        raise BrownBagError(_("Choose the team giving the talk."), status=400)


def may_change_talk(access: Access, talk: Talk) -> bool:
    return access.may_manage or (talk.proposed_by_id is not None
                                 and talk.proposed_by_id == access.person.pk)


def _check_talk_change(talk: Talk, by: Person, at: datetime) -> Access:
    """Whoever proposed a talk, or the MSM, changes or withdraws it while the call is open
    and before it is on the agenda."""
    access = access_for(by, talk.programme)
    if not may_change_talk(access, talk):
        raise forbidden(_("Only whoever proposed the talk, or the MSM, changes it."))
    if talk.agenda_item_id is not None:
        raise BrownBagError(_("The talk is on the Brown Bag's agenda already; the MSM changes "
                              "it there."))
    call = call_for(talk.sprint, talk.programme)
    if not call.is_open(at):
        raise BrownBagError(_closed_message(call))
    return access


TALK_FIELDS = ("title", "kind", "minutes", "summary", "links", "team")


@transaction.atomic
def talk_edit(*, talk: Talk, by: Person, at: datetime | None = None, **changes) -> Talk:
    """Change a proposal's title, team, kind, length, summary or links."""
    access = _check_talk_change(talk, by, at or timezone.now())
    unknown = set(changes) - set(TALK_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    if "team" in changes:
        _check_team(access, changes["team"])
    for name, value in changes.items():
        setattr(talk, name, value)
    talk.full_clean(exclude=["proposed_by"])  # the proposer may have left since
    talk.save(update_fields=list(changes))
    return talk


@transaction.atomic
def talk_withdraw(*, talk: Talk, by: Person, at: datetime | None = None) -> None:
    """Take a proposal back; its votes go with it."""
    _check_talk_change(talk, by, at or timezone.now())
    talk.delete()


@transaction.atomic
def talk_vote(*, talk: Talk, by: Person, vote: bool | None = None,
              at: datetime | None = None) -> bool:
    """Set the person's vote for the talk (or toggle it when `vote` is None); one vote per
    person per talk, people of the programme only, and only while the call is open.
    Returns whether the person now votes for the talk."""
    at = at or timezone.now()
    if not access_for(by, talk.programme).may_view:
        raise forbidden(_("Only people in %(programme)s vote on its talks.")
                        % {"programme": talk.programme})
    call = call_for(talk.sprint, talk.programme)
    if not call.is_open(at):
        raise BrownBagError(_("%(closed)s Votes are final.") % {"closed": _closed_message(call)})
    mine = TalkVote.objects.filter(talk=talk, person=by)
    has = mine.exists()
    want = (not has) if vote is None else vote
    if want and not has:
        try:
            with transaction.atomic():
                TalkVote.objects.create(talk=talk, person=by, at=at)
        except IntegrityError:
            pass  # a double click already voted: the outcome is the same
    elif has and not want:
        mine.delete()
    return want


def talks_for(sprint: Sprint, person: Person):
    """The sprint's talks, most-voted first, with the person's own vote; one query."""
    return (Talk.objects.filter(sprint=sprint)
            .select_related("team", "proposed_by", "agenda_item")
            .annotate(vote_count=Count("votes"),
                      my_vote=Exists(TalkVote.objects.filter(talk=OuterRef("pk"),
                                                             person=person)))
            .order_by("-vote_count", "created_at", "pk"))


def talk_with_votes(programme: Programme, talk_id: int, person: Person) -> Talk | None:
    return (Talk.objects.filter(programme=programme, pk=talk_id)
            .select_related("team", "proposed_by", "sprint", "agenda_item__meeting",
                            "programme")
            .annotate(vote_count=Count("votes"),
                      my_vote=Exists(TalkVote.objects.filter(talk=OuterRef("pk"),
                                                             person=person)))
            .first())


# --- the agenda -------------------------------------------------------------------------------

@dataclass
class PlannedTalk:
    talk: Talk
    order: int
    minutes: int
    include: bool = True
    fits: bool = False
    starts_after_seconds: int = 0

    @property
    def does_not_fit(self) -> bool:
        return self.include and not self.fits


@dataclass
class AgendaPlan:
    meeting: Meeting
    opening: ItemSpec
    closing: ItemSpec
    rows: list[PlannedTalk] = field(default_factory=list)

    @property
    def budget_seconds(self) -> int:
        total = self.meeting.timebox_minutes * 60
        return max(0, total - self.opening.timebox_seconds - self.closing.timebox_seconds)

    @property
    def planned_seconds(self) -> int:
        return sum(r.minutes * 60 for r in self.rows if r.fits)

    @property
    def left_seconds(self) -> int:
        return self.budget_seconds - self.planned_seconds

    @property
    def fitting(self) -> list[PlannedTalk]:
        return [r for r in self.rows if r.fits]

    @property
    def not_fitting(self) -> list[PlannedTalk]:
        return [r for r in self.rows if r.does_not_fit]


def agenda_plan(*, meeting: Meeting, talks: list[Talk],
                choices: dict[int, tuple[int, int, bool]] | None = None) -> AgendaPlan:
    """Talks in the order given (most-voted first unless `choices` say otherwise: talk id →
    (order, minutes, include)); each fits while the talks' share of the timebox lasts."""
    frame = default_agenda(meeting)  # the Brown Bag's own frame: welcome … talks … questions
    plan = AgendaPlan(meeting=meeting, opening=frame[0], closing=frame[-1])
    choices = choices or {}
    for n, talk in enumerate(talks, start=1):
        order, minutes, include = choices.get(talk.pk, (n, talk.minutes, True))
        plan.rows.append(PlannedTalk(talk=talk, order=order, minutes=minutes, include=include))
    plan.rows.sort(key=lambda r: r.order)  # stable: equal orders keep the votes' order
    used = 0
    for row in plan.rows:
        if row.include and used + row.minutes * 60 <= plan.budget_seconds:
            row.fits, row.starts_after_seconds = True, used
            used += row.minutes * 60
    return plan


def _topic(talk: Talk) -> str:
    votes = getattr(talk, "vote_count", None)
    label = talk.get_kind_display()
    if votes is not None:
        label = ngettext("%(kind)s · %(n)s vote", "%(kind)s · %(n)s votes", votes) % {
            "kind": label, "n": votes}
    return f"{label} — {talk.summary}" if talk.summary else label


def agenda_specs(plan: AgendaPlan) -> list[ItemSpec]:
    """The agenda a plan makes: the welcome, each talk that fits, then the questions."""
    talks = [ItemSpec(title=row.talk.title, timebox_seconds=row.minutes * 60,
                      team=row.talk.team, person=row.talk.proposed_by, topic=_topic(row.talk))
             for row in plan.fitting]
    return [plan.opening, *talks, plan.closing]


@transaction.atomic
def brownbag_agenda_write(*, plan: AgendaPlan, by: Person) -> list[AgendaItem]:
    """Write the planned talks onto the Brown Bag's agenda (only the ones that fit), between
    the welcome and the questions; refused once the meeting has started."""
    meeting = plan.meeting
    if meeting.kind != Kind.BROWN_BAG:
        raise BrownBagError(_("Talks go on a Brown Bag's agenda only."), status=400)
    access = access_for(by, meeting.programme)
    if not access.may_manage:
        raise forbidden(_("Only the Meta Scrum Master builds the Brown Bag's agenda."))
    try:
        items = agenda_edit.agenda_replace(meeting=meeting, specs=agenda_specs(plan))
    except RoomError as refused:
        raise BrownBagError(str(refused)) from None
    for row, item in zip(plan.fitting, items[1:-1], strict=True):
        Talk.objects.filter(pk=row.talk.pk).update(agenda_item=item)
    audit_record(programme=meeting.programme, actor=by, action="brownbag.agenda", obj=meeting,
                 summary=f"Brown Bag agenda built: {len(plan.fitting)} talks"
                         + (f", {len(plan.not_fitting)} did not fit" if plan.not_fitting
                            else ""))
    return items


# --- questions to a team ----------------------------------------------------------------------

def ask_team(*, team: Team, by: Person, title: str, details: str = "",
             source: str) -> FeedbackItem:
    """A question routed down to `team` as a feedback item; the asker must be able to see the
    team's programme (they ask for their own team, or as MSM or stakeholder)."""
    programme = team.programme
    access = access_for(by, programme)
    if not access.may_view:
        raise forbidden(_("Only people in %(programme)s ask %(team)s directly.")
                        % {"programme": programme, "team": team})
    origin = _origin_team(access, team)
    try:
        return feedback_raise(programme=programme, kind=FeedbackItem.Kind.QUESTION,
                              title=title, details=details,
                              direction=FeedbackItem.Direction.DOWN, addressed_teams=[team],
                              origin_team=origin, raised_by=by, source=source)
    except FeedbackError as refused:
        raise BrownBagError(str(refused), status=refused.status) from None


def _origin_team(access: Access, asked: Team) -> Team | None:
    """A team member asks for one of their own teams; MSMs and stakeholders for themselves."""
    if access.may_manage or access.is_stakeholder or not access.is_team_member:
        return None
    own = sorted((t for t in access.programme.teams.all() if access.member_of(t)
                  and t.pk != asked.pk), key=lambda t: t.name)
    if not own:
        raise BrownBagError(_("You are in %(team)s: ask your own team at its daily scrum.")
                            % {"team": asked},
                            status=400)
    return own[0]


def talk_question_raise(*, talk: Talk, by: Person, title: str,
                        details: str = "") -> FeedbackItem:
    """A question raised during (or after) a talk, routed to the team that gave it."""
    if talk.team is None:
        raise BrownBagError(_("This talk names no team to ask."), status=400)
    details = (details.strip() + "\n\n" if details.strip() else "") + \
        _("Raised at the Brown Bag talk “%(title)s”.") % {"title": talk.title}
    return ask_team(team=talk.team, by=by, title=title, details=details, source="brown-bag")
