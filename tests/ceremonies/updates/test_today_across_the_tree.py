"""A parent programme's Today adds up its programmes' teams: it never says every team posted
while teams below have not, and its figures agree with the rows behind them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from ceremonies.models import DailyUpdate
from tests import factories
from tests.ceremonies.meetings import trains_below
from tests.ceremonies.updates import post, upcoming_meeting


@pytest.fixture
def tree(cast):
    """Northwind (no teams) above two trains: Payments (the cast's teams) and Experience (2)."""
    experience = factories.ProgrammeFactory(name="Experience Train", parent=cast.parent)
    for name in ("Storefront", "Mobile App"):
        factories.TeamFactory(programme=experience, name=name)
    factories.make_msm(experience, cast.msm)
    return cast.parent, cast.programme, experience


def today(client, programme):
    return client.get(reverse("ceremonies:today", kwargs={"slug": programme.slug}))


def test_the_parent_counts_the_missing_updates_of_every_train(client, cast, tree):
    parent, payments, experience = tree
    upcoming_meeting(payments)
    upcoming_meeting(experience)
    post(cast.team, cast.scrum_master, at=None)
    client.force_login(cast.parent_msm)
    html = today(client, parent).content.decode()

    teams = payments.teams.count() + experience.teams.count()
    posted = DailyUpdate.objects.filter(team__programme__path__startswith=parent.path).count()
    assert f"{teams - posted} of {teams} teams</strong> have not posted" in html
    assert f"{payments}</a>: 1 of {payments.teams.count()} posted" in html
    assert f"{experience}</a>: 0 of 2 posted; no update yet from Mobile App, Storefront" in html
    assert "have posted its update" not in html and "All " not in html
    assert f"{parent} has no teams of its own" in html


def test_when_every_team_below_has_posted_the_parent_says_so_with_the_count(
        client, cast, tree):
    parent, payments, experience = tree
    upcoming_meeting(payments)
    upcoming_meeting(experience)
    for team in [*payments.teams.all(), *experience.teams.all()]:
        post(team, cast.msm, at=None)
    client.force_login(cast.parent_msm)
    html = today(client, parent).content.decode()
    assert re.search(r"All 4 teams have posted for their next Scrum of Scrums", html)


def test_a_train_s_own_summary_counts_its_teams(client, cast, tree):
    _, payments, _ = tree
    upcoming_meeting(payments)
    post(cast.team, cast.scrum_master, at=None)
    client.force_login(cast.msm)
    html = today(client, payments).content.decode()
    total = payments.teams.count()
    assert f"No update yet ({total - 1} of {total} teams):" in html
    assert "Teams of the programmes below" not in html


# session, user, programme, 2 access, the meetings teams post for, the teams with their
# updates, and the inbox badge (two): the same for 2 programmes below and for 10
PARENT_TODAY_QUERIES = 9


@pytest.mark.parametrize("trains", [2, 10])
def test_a_parent_s_today_costs_the_same_for_2_and_10_programmes_below(
        client, cast, trains, django_assert_num_queries):
    below = factories.ProgrammeFactory(name="Northwind Digital")
    msm = trains_below(below, trains, day=localdate() + timedelta(days=1))
    client.force_login(msm)
    with django_assert_num_queries(PARENT_TODAY_QUERIES):
        html = today(client, below).content.decode()
    assert f"<strong>{trains} of {2 * trains} teams</strong> have not posted" in html
    assert html.count('data-scope="programme"') == trains
