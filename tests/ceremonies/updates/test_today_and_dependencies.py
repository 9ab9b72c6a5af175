"""The programme's today page, a team's history, and the dependencies listed on both."""

import pytest
from django.urls import reverse

from ceremonies.models import DailyUpdate, Dependency
from programmes.models import Team
from tests import factories
from tests.ceremonies.updates import upcoming_meeting


def today_url(programme):
    return reverse("ceremonies:today", kwargs={"slug": programme.slug})


@pytest.fixture
def meeting(cast):
    return upcoming_meeting(cast.programme)


def test_today_shows_each_update_with_a_text_health_label_and_flags_the_missing(
        client, cast, meeting):
    DailyUpdate.objects.create(team=cast.team, meeting=meeting, done="Export shipped",
                               health="red", health_reason="No test env")
    client.force_login(cast.stakeholder)
    html = client.get(today_url(cast.programme)).content.decode()
    assert "Red: off track" in html and "No test env" in html and "Export shipped" in html
    assert "No update yet (1 of 2 teams):</strong> Card Gateway" in html


def test_today_without_a_meeting_says_so(client, cast):
    client.force_login(cast.member)
    assert "No Scrum of Scrums is running or coming up" in client.get(
        today_url(cast.programme)).content.decode()


def test_the_programme_tabs_link_to_today(client, cast):
    client.force_login(cast.member)
    html = client.get(reverse("feedback:programme", kwargs={"slug": cast.programme.slug}))
    assert today_url(cast.programme) in html.content.decode()


@pytest.mark.parametrize("teams", [5, 100])
def test_today_costs_the_same_for_5_and_100_teams(client, db, teams,
                                                 django_assert_num_queries):
    programme = factories.ProgrammeFactory(name=f"Wide {teams}")
    msm = factories.make_msm(programme)
    Team.objects.bulk_create(Team(programme=programme, name=f"Team {n:03}", slug=f"t{n}")
                             for n in range(teams))
    meeting = upcoming_meeting(programme)
    DailyUpdate.objects.bulk_create(
        DailyUpdate(team=t, meeting=meeting, done="x", blockers="a\nb", health="amber")
        for t in programme.teams.all()[: teams // 2])
    client.force_login(msm)
    # session, user, programme, 2 access, the meeting teams post for, teams (here and below)
    # with their updates, raised blockers, what teams say they may stop in others and their
    # open dependencies, and the inbox badge of the page header
    with django_assert_num_queries(12):
        html = client.get(today_url(programme)).content.decode()
    assert html.count("No update posted") == teams - teams // 2


def test_a_teams_history_pages_through_its_updates(client, cast):
    for day in range(1, 13):
        DailyUpdate.objects.create(team=cast.team, meeting=upcoming_meeting(cast.programme,
                                                                            days=day),
                                   done=f"Day {day}", health="green")
    client.force_login(cast.member)
    url = reverse("ceremonies:update_history",
                  kwargs={"slug": cast.programme.slug, "team_id": cast.team.pk})
    first = client.get(url).content.decode()
    assert "Day 12" in first and "Day 1<" not in first and 'rel="next"' in first
    assert "Day 1<" in client.get(url, {"page": 2}).content.decode()


@pytest.fixture
def dependency(cast):
    return Dependency.objects.create(programme=cast.programme, needing_team=cast.team,
                                     providing_team=cast.other_team, what="Card API v2")


def test_dependencies_are_listed_per_programme_and_on_both_teams_pages(client, cast,
                                                                       dependency):
    client.force_login(cast.stakeholder)
    html = client.get(reverse("ceremonies:dependencies",
                              kwargs={"slug": cast.programme.slug})).content.decode()
    assert "Card API v2" in html
    for team in (cast.team, cast.other_team):
        page = client.get(reverse("ceremonies:update_history",
                                  kwargs={"slug": cast.programme.slug, "team_id": team.pk}))
        assert "Card API v2" in page.content.decode()
