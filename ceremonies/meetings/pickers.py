"""What a meeting room's pickers offer, for its forms to adopt (programmes/pickers/fields.py):
an action item's owner ("meeting-people") and the teams a decision is addressed to, in the
programme's whole tree ("meeting-teams"). Both are the facilitator's, as the room's forms are.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ceremonies.meetings.lists import programme_people
from ceremonies.meetings.permissions import may_facilitate
from ceremonies.models import Meeting
from programmes.models import Person, Programme, Team
from programmes.permissions import Access
from programmes.pickers.kinds import PEOPLE, TEAMS
from programmes.pickers.sources import param_id, picker_source


def tree_teams(programme: Programme) -> QuerySet[Team]:
    """The teams of the programme and of every programme below it."""
    return (Team.objects.filter(programme__path__startswith=programme.path)
            .select_related("programme").order_by("programme__name", "name"))


def _facilitated(access: Access, params: Mapping[str, str]) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.filter(programme=access.programme),
                                pk=param_id(params, "meeting"))
    if not may_facilitate(access, meeting):
        raise PermissionDenied(_("Only the meeting's facilitator runs it."))
    return meeting


@picker_source("meeting-people", PEOPLE)
def action_owners(access: Access, params: Mapping[str, str]) -> QuerySet[Person]:
    _facilitated(access, params)
    return programme_people(access.programme)


@picker_source("meeting-teams", TEAMS)
def decision_teams(access: Access, params: Mapping[str, str]) -> QuerySet[Team]:
    _facilitated(access, params)
    return tree_teams(access.programme)
