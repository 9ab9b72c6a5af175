"""Pickers at the design's scale: a search among 1,000 people, or 150 teams, costs the same few
queries as among a handful, and a form with a picker never carries the crowd."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback.services import impediment_raise
from programmes.models import Person, Team, TeamMembership
from tests import factories
from tests.ceremonies.updates import form_url, upcoming_meeting

from . import labels, pick

PEOPLE = 1000
TEAMS = 150
SEARCH_QUERIES = 7  # session, person, programme, two for roles, the allowed ids, the matches


def crowd(programme, *, people=PEOPLE, teams=TEAMS) -> list[Person]:
    """`people` members spread over `teams` new teams of the programme, built in bulk."""
    squads = Team.objects.bulk_create(Team(programme=programme, name=f"Squad {n:03}",
                                           slug=f"squad-{n:03}") for n in range(teams))
    members = Person.objects.bulk_create(factories.PersonFactory.build_batch(people))
    TeamMembership.objects.bulk_create(
        TeamMembership(team=squads[n % teams], person=person, role="member")
        for n, person in enumerate(members))
    return members


def queries(client, programme, source, q, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert pick(client, programme, source, q, **params).status_code == 200
    return len(captured)


def test_a_search_among_1000_people_costs_what_it_costs_among_six(
        cast, client, django_assert_max_num_queries):
    client.force_login(cast.msm)
    few = queries(client, cast.programme, "objective-owner", "sam")
    members = crowd(cast.programme)
    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = pick(client, cast.programme, "objective-owner", members[-1].name)
    assert labels(response) == [members[-1].name]
    assert queries(client, cast.programme, "objective-owner", "sam") == few


def test_a_search_that_matches_all_1000_answers_20(cast, client, django_assert_max_num_queries):
    crowd(cast.programme)
    client.force_login(cast.msm)
    with django_assert_max_num_queries(SEARCH_QUERIES):
        answer = pick(client, cast.programme, "objective-owner", "person").json()
    assert len(answer["results"]) == 20 and answer["more"] is True


def test_an_item_owner_search_does_not_grow_with_the_crowd(cast, client):
    item = impediment_raise(programme=cast.programme, team=cast.team, title="Down",
                            raised_by=cast.scrum_master)
    client.force_login(cast.scrum_master)
    few = queries(client, cast.programme, "feedback-owner", "ana", item=item.pk)
    crowd(cast.programme)
    assert queries(client, cast.programme, "feedback-owner", "ana", item=item.pk) == few


def test_a_team_search_among_150_teams_costs_what_it_costs_among_two(cast, client):
    client.force_login(cast.scrum_master)
    few = queries(client, cast.programme, "update-needs", "squad", team=cast.team.pk)
    crowd(cast.programme)
    assert queries(client, cast.programme, "update-needs", "squad", team=cast.team.pk) == few
    assert labels(pick(client, cast.programme, "update-needs", "squad 14",
                       team=cast.team.pk)) == ["Squad 014", "Squad 114",
                                               *(f"Squad {n}" for n in range(140, 150))]


def test_the_item_page_holds_the_owner_not_the_crowd(cast, client):
    item = impediment_raise(programme=cast.programme, team=cast.team, title="Down",
                            raised_by=cast.scrum_master)
    client.force_login(cast.msm)
    client.get(item.get_absolute_url())  # the first visit fills caches (the inbox badge)
    with CaptureQueriesContext(connection) as before:
        small = client.get(item.get_absolute_url()).content.decode()
    members = crowd(cast.programme)
    with CaptureQueriesContext(connection) as after:
        page = client.get(item.get_absolute_url()).content.decode()
    assert len(after) == len(before)
    assert not any(person.name in page for person in members[:50])
    assert len(page) < len(small) + 500  # the page does not grow with the people


def test_the_update_form_holds_no_team_list(cast, client):
    upcoming_meeting(cast.programme)
    crowd(cast.programme)
    client.force_login(cast.scrum_master)
    page = client.get(form_url(cast.team)).content.decode()
    assert "Squad" not in page and "Card Gateway" not in page
