"""The daily update's "needs from team" picker: the other teams of the programme, searched by
whoever may post the team's update; without JavaScript a team's name typed is enough."""

import pytest

from ceremonies.models import Dependency
from ceremonies.updates.services import policy_set
from tests import factories
from tests.ceremonies.updates import form_data, form_url, upcoming_meeting
from tests.programmes.pickers import labels, pick


@pytest.fixture
def meeting(cast):
    return upcoming_meeting(cast.programme)


def test_it_offers_the_other_teams_of_the_programme(client, cast):
    factories.TeamFactory(programme=cast.other_programme, name="Card Vault")
    client.force_login(cast.scrum_master)
    assert labels(pick(client, cast.programme, "update-needs", "", team=cast.team.pk)) == [
        "Card Gateway"]  # not Ledger itself, nor Elsewhere's Card Vault


@pytest.mark.parametrize("who", ["member", "other_scrum_master", "stakeholder"])
def test_people_who_do_not_post_for_the_team_may_not_search(client, cast, who):
    client.force_login(getattr(cast, who))
    assert pick(client, cast.programme, "update-needs", team=cast.team.pk).status_code == 403


def test_members_may_once_their_scrum_master_lets_them(client, cast):
    policy_set(team=cast.team, by=cast.scrum_master, members_may_post=True)
    client.force_login(cast.member)
    assert labels(pick(client, cast.programme, "update-needs", "card", team=cast.team.pk)) == [
        "Card Gateway"]


def test_a_team_of_another_programme_does_not_exist_here(client, cast):
    elsewhere = factories.TeamFactory(programme=cast.other_programme)
    client.force_login(cast.msm)
    assert pick(client, cast.programme, "update-needs", team=elsewhere.pk).status_code == 404


def test_the_form_shows_a_search_box_per_need_and_stopped_team_not_every_team(
        client, cast, meeting):
    client.force_login(cast.scrum_master)
    html = client.get(form_url(cast.team)).content.decode()
    assert html.count('role="combobox"') == 3 + 2  # three needs, two teams we may stop
    assert f"pick/update-needs/?team={cast.team.pk}" in html
    assert "Card Gateway" not in html


def test_without_javascript_the_team_is_named(client, cast, meeting):
    client.force_login(cast.scrum_master)
    client.post(form_url(cast.team), form_data(
        meeting=meeting, need_team_1__text="card gateway", need_what_1="Card API v2"))
    assert Dependency.objects.get().providing_team == cast.other_team


def test_a_team_not_found_keeps_the_need_open_with_what_was_typed(client, cast, meeting):
    client.force_login(cast.scrum_master)
    response = client.post(form_url(cast.team), form_data(
        meeting=meeting, need_team_1__text="Ledger", need_what_1="A review"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "No team here is called “Ledger”" in html  # a team needs no other team's help
    assert 'value="Ledger"' in html and '<details class="needs" open>' in html
    assert not Dependency.objects.exists()
