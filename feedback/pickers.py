"""What feedback's pickers offer, for the forms and for the search (programmes.pickers): the
teams an item is raised for or sent down to, the teams it is delegated to, its owner."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from feedback.models import FeedbackItem
from feedback.permissions import powers_for
from programmes.models import Person, Programme, Team
from programmes.permissions import Access
from programmes.pickers.kinds import PEOPLE, TEAMS
from programmes.pickers.sources import param_id, picker_source
from programmes.selectors import people_in

Item = FeedbackItem


def addressable_teams(programme: Programme) -> QuerySet[Team]:
    """The teams an item raised in `programme` may be sent down to."""
    return programme.teams.order_by("name")


def origin_teams(access: Access) -> QuerySet[Team]:
    """The teams the person raises items for: any of the programme's for its MSM, else their
    own."""
    teams = addressable_teams(access.programme)
    return teams if access.may_manage else teams.filter(pk__in=list(access.team_roles))


def delegate_teams(item: FeedbackItem) -> QuerySet[Team]:
    return item.holder_programme.teams.order_by("name")


def owners(item: FeedbackItem) -> QuerySet[Person]:
    return people_in(item.programme)


def _item(access: Access, params: Mapping[str, str]) -> FeedbackItem:
    item = (Item.objects.filter(programme=access.programme, pk=param_id(params, "item"))
            .select_related("programme", "holder_programme", "origin_team").first())
    if item is None:
        raise Http404(_("No such feedback item."))
    return item


@picker_source("feedback-teams", TEAMS)
def teams_to_address(access: Access, params: Mapping[str, str]) -> QuerySet[Team]:
    return addressable_teams(access.programme)


@picker_source("feedback-origin-team", TEAMS)
def teams_raised_for(access: Access, params: Mapping[str, str]) -> QuerySet[Team]:
    if not (access.may_manage or access.is_team_member):
        raise PermissionDenied(_("Only a team's people or the MSM raise an item for a team."))
    return origin_teams(access)


@picker_source("feedback-delegate", TEAMS)
def teams_delegated_to(access: Access, params: Mapping[str, str]) -> QuerySet[Team]:
    item = _item(access, params)
    if item.level != Item.Level.PROGRAMME or not powers_for(access.person, item, access).holds:
        raise PermissionDenied(_("Only the holder delegates an item to teams."))
    return delegate_teams(item)


@picker_source("feedback-owner", PEOPLE)
def item_owners(access: Access, params: Mapping[str, str]) -> QuerySet[Person]:
    """The rule of `services.feedback_assign_owner`: the holder, the originator or the MSM."""
    item = _item(access, params)
    powers = powers_for(access.person, item, access)
    if item.state == Item.State.CLOSED or not (
            powers.holds or powers.is_originator or powers.may_delegate_to_teams):
        raise PermissionDenied(_("Only the holder, the originator or the MSM changes the owner."))
    return owners(item)
