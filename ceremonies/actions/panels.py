"""What the meetings add to a person's inbox and to a team's page: the action items they own
(registered in ceremonies/apps.py; the registries are feedback's and programmes')."""

from __future__ import annotations

from ceremonies.meetings.actions import actions_of_person, actions_of_team
from programmes.models import Person, Team
from programmes.permissions import Access


def inbox_panel(person: Person) -> dict:
    """My actions: every action item the person owns, from any meeting; all theirs to close."""
    return {**actions_of_person(person), "may_close_all": True}


def team_panel(team: Team, access: Access) -> dict:
    """The action items of the team's people; the MSM closes any, each owner their own."""
    return {**actions_of_team(team), "team": team, "show_owner": True,
            "may_close_all": access.may_manage, "viewer_id": access.person.pk}
