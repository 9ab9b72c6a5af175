"""Who may run, join and see a meeting; built on programmes.permissions.Access."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ceremonies.models import ActionItem, Kind, Meeting
from programmes.models import Person, ProgrammeRole, TeamMembership
from programmes.permissions import Access


def may_facilitate(access: Access, meeting: Meeting) -> bool:
    """The MSM (of this programme or above) or the person the MSM delegated the meeting to."""
    return access.may_manage or (
        meeting.facilitator_id is not None and meeting.facilitator_id == access.person.pk)


def may_close_action(access: Access, action: ActionItem) -> bool:
    """Its owner, or the MSM of the meeting's programme (or above), marks an action done or
    reopens it; `access` is to the meeting's programme."""
    return access.may_manage or action.owner_id == access.person.pk


def is_invited(access: Access, meeting: Meeting) -> bool:
    if may_facilitate(access, meeting):
        return True
    if meeting.kind == Kind.SCRUM_OF_SCRUMS:
        return TeamMembership.Role.SCRUM_MASTER in access.team_roles.values()
    if meeting.kind == Kind.STEERING:
        return access.is_stakeholder
    return access.may_view  # Brown Bag: everybody in the programme


def invitees(meeting: Meeting) -> QuerySet[Person]:
    """Everyone invited to the meeting: for calendars and reminders."""
    programme = meeting.programme
    lineage = [*programme.ancestor_ids, programme.pk]
    msms = Q(programme_roles__programme_id__in=lineage,
             programme_roles__role=ProgrammeRole.Role.MSM)
    if meeting.kind == Kind.SCRUM_OF_SCRUMS:
        child_msms = Q(programme_roles__programme__parent=programme,
                       programme_roles__role=ProgrammeRole.Role.MSM)
        who = msms | child_msms | Q(team_memberships__team__programme=programme,
                                    team_memberships__role=TeamMembership.Role.SCRUM_MASTER)
    elif meeting.kind == Kind.STEERING:
        who = msms | Q(programme_roles__programme_id__in=lineage,
                       programme_roles__role=ProgrammeRole.Role.STAKEHOLDER)
    else:
        who = msms | Q(team_memberships__team__programme=programme) | Q(
            programme_roles__programme_id__in=lineage)
    return Person.objects.filter(who, is_active=True).distinct()


def may_steer(access: Access) -> bool:
    """The MSM, who assembles the steering pack, keeps the objectives and milestones;
    stakeholders read them, answer what is routed up and send decisions down."""
    return access.may_manage
