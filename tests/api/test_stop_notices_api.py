"""The stop notices in the API: what teams said may stop another team, both ways, for any
member of the programme; filtered by team or meeting."""

import pytest

from ceremonies.updates.services import Stop
from tests import factories
from tests.ceremonies.updates import post, upcoming_meeting


def path(programme, query=""):
    return f"/api/v1/programmes/{programme.slug}/stop-notices{query}"


@pytest.fixture
def meeting(cast):
    return upcoming_meeting(cast.programme)


def notices(response):
    return [(n["team"]["name"], n["stopped_team"]["name"], n["what"])
            for n in response.json()["items"]]


def test_a_member_reads_what_a_team_said_may_stop_another(api_as, cast, meeting):
    post(cast.team, cast.scrum_master, meeting=meeting, at=None,
         stops=[Stop(team=cast.other_team, what="We freeze the card schema on Friday")])
    response = api_as(cast.member).get(path(cast.programme))
    assert response.status_code == 200
    assert notices(response) == [("Ledger", "Card Gateway",
                                  "We freeze the card schema on Friday")]
    notice = response.json()["items"][0]
    assert notice["meeting_id"] == meeting.pk
    assert notice["occurrence"] == meeting.occurrence.isoformat()


def test_a_team_of_a_sibling_programme_naming_ours_is_listed_and_theirs_alone_is_not(
        api_as, cast):
    sibling = factories.ProgrammeFactory(name="Treasury", parent=cast.parent)
    vault = factories.TeamFactory(programme=sibling, name="Vault")
    safe = factories.TeamFactory(programme=sibling, name="Safe")
    vera = factories.make_scrum_master(vault, factories.PersonFactory(name="Vera SM"))
    theirs = upcoming_meeting(sibling)
    post(vault, vera, meeting=theirs, at=None,
         stops=[Stop(team=cast.team, what="Keys rotate on Monday"),
                Stop(team=safe, what="Safe is offline")])
    assert notices(api_as(cast.member).get(path(cast.programme))) == [
        ("Vault", "Ledger", "Keys rotate on Monday")]


def test_the_list_is_kept_to_a_team_either_way(api_as, cast, meeting):
    auth = factories.TeamFactory(programme=cast.programme, name="Auth")
    post(cast.team, cast.scrum_master, meeting=meeting, at=None,
         stops=[Stop(team=auth, what="Login moves")])
    post(cast.other_team, cast.other_scrum_master, meeting=meeting, at=None,
         stops=[Stop(team=cast.team, what="Card API down on Tuesday")])
    client = api_as(cast.msm)
    assert sorted(notices(client.get(path(cast.programme, f"?team_id={cast.team.pk}")))) == [
        ("Card Gateway", "Ledger", "Card API down on Tuesday"), ("Ledger", "Auth", "Login moves")]
    assert notices(client.get(path(cast.programme, f"?team_id={auth.pk}"))) == [
        ("Ledger", "Auth", "Login moves")]


def test_the_list_is_kept_to_a_meeting(api_as, cast, meeting):
    later = upcoming_meeting(cast.programme, days=2)
    post(cast.team, cast.scrum_master, meeting=meeting, at=None,
         stops=[Stop(team=cast.other_team, what="Tomorrow's freeze")])
    post(cast.team, cast.scrum_master, meeting=later, at=None,
         stops=[Stop(team=cast.other_team, what="The day after's freeze")])
    client = api_as(cast.msm)
    assert [n[2] for n in notices(client.get(path(cast.programme,
                                                  f"?meeting_id={later.pk}")))] == [
        "The day after's freeze"]


def test_an_outsider_is_not_told_the_programme_exists(api_as, cast, meeting):
    post(cast.team, cast.scrum_master, meeting=meeting, at=None,
         stops=[Stop(team=cast.other_team, what="Secret freeze")])
    response = api_as(cast.outsider).get(path(cast.programme))
    assert response.status_code == 404
    assert "Secret freeze" not in response.content.decode()
