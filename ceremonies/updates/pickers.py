"""What the daily update's pickers offer: the teams a team may say it needs something from."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ceremonies.updates.services import may_post
from programmes.models import Team
from programmes.permissions import Access
from programmes.pickers.kinds import TEAMS
from programmes.pickers.sources import param_id, picker_source


def teams_to_ask(team: Team) -> QuerySet[Team]:
    """The other teams of the team's programme."""
    return team.programme.teams.exclude(pk=team.pk).order_by("name")


@picker_source("update-needs", TEAMS)
def teams_needed_from(access: Access, params: Mapping[str, str]) -> QuerySet[Team]:
    """For whoever may post the team's update."""
    team = get_object_or_404(access.programme.teams.select_related("programme"),
                             pk=param_id(params, "team"))
    if not may_post(access, team):
        raise PermissionDenied(_("Only %(team)s's Scrum Master posts its update.") % {"team": team})
    return teams_to_ask(team)
