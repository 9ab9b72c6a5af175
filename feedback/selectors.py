"""Selectors for feedback pages: each returns rows already shaped for its page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.utils import timezone

from feedback.models import FeedbackAddressee, FeedbackEvent, FeedbackItem, TrackerLink
from feedback.services import settings_for, working_days_before
from programmes.models import Person, Programme, ProgrammeRole, TeamMembership
from programmes.selectors import any_of, under_paths

Item = FeedbackItem
Level = FeedbackItem.Level
State = FeedbackItem.State


def _shaped(queryset: QuerySet[FeedbackItem]) -> QuerySet[FeedbackItem]:
    return queryset.select_related(
        "programme", "holder_programme", "origin_team", "raised_by", "owner"
    ).prefetch_related(
        Prefetch("addressees", queryset=FeedbackAddressee.objects.select_related("team"))
    )


@dataclass
class Roles:
    """Where a person sits, read in two queries, for inbox filters."""

    msm_paths: list[str]
    stakeholder_paths: list[str]
    team_ids: list[int]
    sm_team_ids: list[int]


def roles_of(person: Person) -> Roles:
    msm, stake = [], []
    for role, path in ProgrammeRole.objects.filter(person=person).values_list(
            "role", "programme__path"):
        (msm if role == ProgrammeRole.Role.MSM else stake).append(path)
    team_ids, sm_ids = [], []
    for team_id, role in TeamMembership.objects.filter(person=person).values_list(
            "team_id", "role"):
        team_ids.append(team_id)
        if role == TeamMembership.Role.SCRUM_MASTER:
            sm_ids.append(team_id)
    return Roles(msm, stake, team_ids, sm_ids)


def _under(paths: list[str]) -> Q:
    return under_paths(paths, "holder_programme__path")


def waiting_for_me_filter(person: Person, roles: Roles) -> Q:
    """Items the person holds, must acknowledge for a team, or must close as originator."""
    def addressed(**extra):
        # A subquery rather than a join: no duplicate rows, so no DISTINCT sort.
        return Exists(FeedbackAddressee.objects.filter(
            item=OuterRef("pk"), team_id__in=roles.team_ids, **extra))

    # Only what can apply to this person (no team, no stakeholder role...): shorter to build
    # and to plan.
    held = []
    if roles.msm_paths:
        held.append(Q(level__in=[Level.PROGRAMME, Level.PARENT]) & _under(roles.msm_paths))
    if roles.stakeholder_paths:
        held.append(Q(level=Level.STAKEHOLDERS) & _under(roles.stakeholder_paths))
    if roles.team_ids:
        held += [Q(level=Level.TEAM, state=State.ROUTED) & addressed(acknowledged_at__isnull=True),
                 Q(level=Level.TEAM, state=State.ACKNOWLEDGED) & addressed()]
    to_close = Q(state=State.ANSWERED) & _mine(person, roles)
    return Q(state__in=Item.WAITING_STATES) & any_of(held) | to_close


def _mine(person: Person, roles: Roles) -> Q:
    """Raised by the person, or by a team they are the Scrum Master of."""
    if not roles.sm_team_ids:
        return Q(raised_by=person)
    return Q(raised_by=person) | Q(origin=Item.Origin.TEAM, origin_team_id__in=roles.sm_team_ids)


def waiting_on_others_filter(person: Person, roles: Roles) -> Q:
    """Items the person (or their team, for a Scrum Master) raised that others still hold."""
    return Q(state__in=Item.WAITING_STATES) & _mine(person, roles)


def inbox(person: Person) -> dict[str, QuerySet]:
    """Both halves of a person's inbox as querysets shaped for the page, oldest due first."""
    roles = roles_of(person)
    for_me = _shaped(Item.objects.filter(waiting_for_me_filter(person, roles))
                     .order_by("respond_by", "raised_at", "pk"))
    on_others = _shaped(Item.objects.filter(waiting_on_others_filter(person, roles))
                        .exclude(waiting_for_me_filter(person, roles))
                        .order_by("respond_by", "raised_at", "pk"))
    return {"waiting_for_me": for_me, "waiting_on_others": on_others}


def programme_flow(programme: Programme, *, include_closed: bool = False) -> QuerySet:
    """Every open item of the programme and its children, soonest expectation first."""
    items = Item.objects.filter(programme__path__startswith=programme.path)
    if not include_closed:
        items = items.exclude(state=State.CLOSED)
    return _shaped(items).order_by("respond_by", "raised_at")


def recently_closed(programme: Programme, limit: int = 20) -> QuerySet:
    return _shaped(Item.objects.filter(programme__path__startswith=programme.path,
                                       state=State.CLOSED)).order_by("-closed_at")[:limit]


def item_detail(programme: Programme, pk: int) -> FeedbackItem | None:
    """One item of the programme with its thread, authors and addressed teams."""
    return (
        _shaped(Item.objects.filter(programme=programme, pk=pk))
        .select_related("holder_programme__parent")
        .prefetch_related(
            Prefetch("events", queryset=FeedbackEvent.objects.select_related("actor")),
            Prefetch("tracker_links",
                     queryset=TrackerLink.objects.select_related("tracker_item")
                     .order_by("linked_at")))
        .first()
    )


def overdue(queryset: QuerySet[FeedbackItem], at: datetime | None = None) -> QuerySet:
    """Items waiting past their expectation: one indexed filter on (state, respond_by)."""
    return queryset.filter(state__in=Item.WAITING_STATES,
                           respond_by__lt=at or timezone.now())


def impediments_proposed_for_escalation(programme: Programme,
                                        at: datetime | None = None) -> QuerySet:
    """Unresolved impediments below stakeholder level older than the programme's threshold."""
    at = at or timezone.now()
    days = settings_for(programme).escalation_after_working_days
    cutoff = working_days_before(at, days, programme.tzinfo)
    return _shaped(Item.objects.filter(
        programme__path__startswith=programme.path, kind=Item.Kind.IMPEDIMENT,
        state__in=Item.WAITING_STATES, raised_at__lte=cutoff,
    ).exclude(level=Level.STAKEHOLDERS)).order_by("raised_at")


def impediments_stopping_us(programme: Programme) -> QuerySet:
    """For the Steering Committee's "What is stopping us?": impediments escalated to the
    stakeholders of this programme or of a programme inside it, still unanswered."""
    return _shaped(Item.objects.filter(
        holder_programme__path__startswith=programme.path, kind=Item.Kind.IMPEDIMENT,
        level=Level.STAKEHOLDERS, state__in=Item.WAITING_STATES,
    )).order_by("raised_at")


def open_loops_summary(programme: Programme, at: datetime | None = None) -> dict:
    """Counts for the programme home panel: open, overdue, waiting on stakeholders."""
    is_open = ~Q(state=State.CLOSED)
    is_overdue = Q(state__in=Item.WAITING_STATES, respond_by__lt=at or timezone.now())
    return Item.objects.filter(programme__path__startswith=programme.path).aggregate(
        open=Count("pk", filter=is_open),
        overdue=Count("pk", filter=is_overdue),
        stakeholders=Count("pk", filter=is_open & Q(level=Level.STAKEHOLDERS)),
    )


def waiting_for_me_count(person: Person) -> int:
    """The navigation badge: the size of "waiting for me" in a single SQL query."""
    if not person.is_authenticated:
        return 0

    def role_above(role):
        return Exists(ProgrammeRole.objects.filter(
            StartsWith(OuterRef("holder_programme__path"), F("programme__path")),
            person=person, role=role))

    def addressed(**extra):
        return Exists(FeedbackAddressee.objects.filter(
            item=OuterRef("pk"), team__memberships__person=person, **extra))

    sm_of_origin = Exists(TeamMembership.objects.filter(
        person=person, role=TeamMembership.Role.SCRUM_MASTER, team=OuterRef("origin_team")))
    held = (
        Q(level__in=[Level.PROGRAMME, Level.PARENT]) & role_above(ProgrammeRole.Role.MSM)
        | Q(level=Level.STAKEHOLDERS) & role_above(ProgrammeRole.Role.STAKEHOLDER)
        | Q(level=Level.TEAM, state=State.ROUTED) & addressed(acknowledged_at__isnull=True)
        | Q(level=Level.TEAM, state=State.ACKNOWLEDGED) & addressed()
    )
    to_close = Q(state=State.ANSWERED) & (
        Q(raised_by=person) | Q(origin=Item.Origin.TEAM) & sm_of_origin)
    return Item.objects.filter(Q(state__in=Item.WAITING_STATES) & held | to_close).count()
