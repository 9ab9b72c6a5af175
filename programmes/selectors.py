"""Selectors: querysets shaped for the pages that read them, so templates never query."""

from __future__ import annotations

import functools
import operator

from django.db.models import Count, Prefetch, Q, QuerySet

from programmes.models import (
    AuditEntry,
    Person,
    Programme,
    ProgrammeRole,
    Sprint,
    Team,
    TeamMembership,
)
from programmes.permissions import visible_programmes


def any_of(conditions: list[Q]) -> Q:
    """OR of the conditions; none matches nothing."""
    return functools.reduce(operator.or_, conditions) if conditions else Q(pk__in=[])


def under_paths(paths: list[str], field: str = "programme__path") -> Q:
    """Rows whose programme (`field`, a path) lies in or below any of these programme paths."""
    return any_of([Q(**{f"{field}__startswith": path}) for path in sorted(set(paths))])


def programmes_for_person(person: Person) -> QuerySet[Programme]:
    """The programmes a person sees, with team and child counts, for "my programmes"."""
    return (
        visible_programmes(person)
        .select_related("parent")
        .annotate(team_count=Count("teams", distinct=True),
                  child_count=Count("children", distinct=True))
        .order_by("path")
    )


def _scrum_masters() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=TeamMembership.objects.filter(role=TeamMembership.Role.SCRUM_MASTER)
        .select_related("person"),
        to_attr="scrum_master_memberships",
    )


def teams_with_scrum_masters(programme: Programme) -> QuerySet[Team]:
    return (
        programme.teams.annotate(member_count=Count("memberships"))
        .prefetch_related(_scrum_masters())
        .order_by("name")
    )


def child_programmes(programme: Programme) -> QuerySet[Programme]:
    return programme.children.annotate(team_count=Count("teams")).order_by("name")


def programme_people(programme: Programme) -> QuerySet[ProgrammeRole]:
    return programme.roles.select_related("person").order_by("role", "person__name")


def current_sprint(programme: Programme) -> Sprint | None:
    today = programme.today()
    return programme.sprints.filter(start__lte=today, end__gte=today).first()


def team_members(team: Team) -> QuerySet[TeamMembership]:
    return team.memberships.select_related("person").order_by("-role", "person__name")


def programme_teams_members(programme: Programme) -> QuerySet[TeamMembership]:
    return (
        TeamMembership.objects.filter(team__programme=programme)
        .select_related("person", "team")
        .order_by("team__name", "-role", "person__name")
    )


def ancestors(programme: Programme) -> list[Programme]:
    by_id = Programme.objects.in_bulk(programme.ancestor_ids)
    return [by_id[pk] for pk in programme.ancestor_ids if pk in by_id]


def ancestors_seen_by(programme: Programme, person: Person) -> list[tuple[Programme, bool]]:
    """The programmes above `programme`, outermost first, each with whether `person` may open
    it: a team member of a child programme sees the parent's name, not a link to a 404."""
    chain = ancestors(programme)
    if not chain:
        return []
    visible = set(visible_programmes(person).filter(pk__in=[a.pk for a in chain])
                  .values_list("pk", flat=True))
    return [(ancestor, ancestor.pk in visible) for ancestor in chain]


def audit_entries(programme: Programme) -> QuerySet[AuditEntry]:
    """What changed in the programme and every programme below it, newest first."""
    return AuditEntry.objects.filter(programme__path__startswith=programme.path).select_related(
        "actor", "programme")


def people_in(programme: Programme) -> QuerySet[Person]:
    """Everyone with a role in the programme or above it: who may own its work."""
    lineage = [*programme.ancestor_ids, programme.pk]
    return Person.objects.filter(
        Q(team_memberships__team__programme=programme)
        | Q(programme_roles__programme_id__in=lineage), is_active=True,
    ).distinct().order_by("name", "email")
