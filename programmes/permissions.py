"""The one place that answers "may this person … in this programme?".

Views never re-derive roles: they ask for an `Access` and read its answers. A person sees a
programme when they hold a role in it, in one of its teams, or in any programme above it.
Everything else is a 404, so outsiders cannot even learn that a programme exists. What each
role then sees and may do is the README's "Who sees what" table, which the authorization
matrices assert (tests/security/visibility.py); only the solved-first register reads across
the whole tree (`ceremonies.brownbag.register.visible_entries`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from programmes.models import Person, Programme, ProgrammeRole, Team, TeamMembership


@dataclass(frozen=True)
class Access:
    """What one person may do in one programme; built with two queries."""

    person: Person
    programme: Programme
    msm_here: bool = False
    msm_above: bool = False
    stakeholder: bool = False
    team_roles: dict[int, str] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """The roles that shape what the viewer sees of the programme, as a part of a cache
        key: two viewers with the same fingerprint are shown the same page."""
        teams = ",".join(f"{pk}={role}" for pk, role in sorted(self.team_roles.items()))
        return f"{self.msm_here:d}{self.msm_above:d}{self.stakeholder:d}:{teams}"

    @property
    def may_view(self) -> bool:
        return self.msm_here or self.msm_above or self.stakeholder or bool(self.team_roles)

    @property
    def may_manage(self) -> bool:
        """MSM of this programme, or of a programme above it (who manages its children)."""
        return self.msm_here or self.msm_above

    may_facilitate = may_manage

    @property
    def is_stakeholder(self) -> bool:
        return self.stakeholder

    @property
    def is_team_member(self) -> bool:
        return bool(self.team_roles)

    def scrum_master_of(self, team: Team) -> bool:
        return self.team_roles.get(team.pk) == TeamMembership.Role.SCRUM_MASTER

    def member_of(self, team: Team) -> bool:
        return team.pk in self.team_roles

    def may_post_update_for(self, team: Team, *, members_allowed: bool = False) -> bool:
        """The team's Scrum Master or the MSM; its members too when the Scrum Master lets
        them (`members_allowed`, the team's update policy, which the caller reads)."""
        return team.programme_id == self.programme.pk and (
            self.scrum_master_of(team) or self.may_manage
            or (members_allowed and self.member_of(team))
        )

    @property
    def may_book_resources(self) -> bool:
        """The MSM, or a Scrum Master of one of the programme's teams (for that team)."""
        return self.may_manage or TeamMembership.Role.SCRUM_MASTER in self.team_roles.values()

    def may_book_for(self, team: Team) -> bool:
        return team.programme_id == self.programme.pk and (
            self.scrum_master_of(team) or self.may_manage
        )

    @property
    def role_names(self) -> list[str]:
        names = []
        if self.msm_here:
            names.append(_("Meta Scrum Master"))
        elif self.msm_above:
            names.append(_("Meta Scrum Master (parent programme)"))
        if self.stakeholder:
            names.append(_("Stakeholder"))
        if TeamMembership.Role.SCRUM_MASTER in self.team_roles.values():
            names.append(_("Scrum Master"))
        elif self.team_roles:
            names.append(_("Team member"))

        return names


def access_for(person: Person, programme: Programme) -> Access:
    """The person's roles in `programme`, counting roles held in its ancestors."""
    if not person.is_authenticated:
        return Access(person=person, programme=programme)
    lineage = [*programme.ancestor_ids, programme.pk]
    roles = ProgrammeRole.objects.filter(person=person, programme_id__in=lineage).values_list(
        "programme_id", "role"
    )
    msm_here = msm_above = stakeholder = False
    for programme_id, role in roles:
        if role == ProgrammeRole.Role.MSM:
            if programme_id == programme.pk:
                msm_here = True
            else:
                msm_above = True
        elif role == ProgrammeRole.Role.STAKEHOLDER:
            stakeholder = True
    team_roles = dict(
        TeamMembership.objects.filter(person=person, team__programme=programme).values_list(
            "team_id", "role"
        )
    )
    return Access(
        person=person,
        programme=programme,
        msm_here=msm_here,
        msm_above=msm_above,
        stakeholder=stakeholder,
        team_roles=team_roles,
    )


def programme_access(request, slug: str) -> Access:
    """The programme named by `slug` and the requester's access to it, or a 404."""
    programme = Programme.objects.select_related("parent").filter(slug=slug).first()
    if programme is None:
        raise Http404(_("No such programme."))
    access = access_for(request.user, programme)
    if not access.may_view:
        raise Http404(_("No such programme."))
    return access


def visible_programmes(person: Person) -> QuerySet[Programme]:
    """Every programme the person belongs to, directly or through a programme above it."""
    if not person.is_authenticated:
        return Programme.objects.none()
    role_paths = Programme.objects.filter(roles__person=person).values_list("path", flat=True)
    team_ids = Programme.objects.filter(teams__memberships__person=person).values_list(
        "id", flat=True
    )
    subtree = Q(id__in=list(team_ids))
    for path in set(role_paths):
        subtree |= Q(path__startswith=path)
    return Programme.objects.filter(subtree)
