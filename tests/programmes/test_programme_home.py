import pytest
from django.urls import reverse

from tests import factories


def url(programme):
    return reverse("programmes:home", kwargs={"slug": programme.slug})


def test_it_shows_teams_with_their_scrum_masters(client, cast):
    client.force_login(cast.member)
    response = client.get(url(cast.programme))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ledger" in html and "Sam SM" in html and "Card Gateway" in html and "Kenji SM" in html
    assert "Maya MSM" in html and "Steve Stake" in html


def test_it_lists_child_programmes(client, cast):
    client.force_login(cast.parent_msm)
    response = client.get(url(cast.parent))
    assert response.status_code == 200
    assert "Payments" in response.content.decode()


def test_it_shows_the_current_sprint(client, cast):
    from programmes.services import sprints_ensure

    sprints_ensure(programme=cast.programme, through=cast.programme.today())
    client.force_login(cast.member)
    response = client.get(url(cast.programme))
    assert response.context["sprint"].contains(cast.programme.today())


def test_it_redirects_anonymous_to_sign_in(client, cast):
    response = client.get(url(cast.programme))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_is_a_404_for_a_member_of_another_programme(client, cast):
    client.force_login(cast.outsider)
    assert client.get(url(cast.programme)).status_code == 404


def test_it_is_a_404_for_an_unknown_programme(client, cast):
    client.force_login(cast.msm)
    assert client.get("/p/no-such-thing/").status_code == 404


def test_it_hides_manager_actions_from_team_members(client, cast):
    client.force_login(cast.member)
    html = client.get(url(cast.programme)).content.decode()
    assert "New team" not in html


def _teams(programme, count):
    for n in range(count):
        team = factories.TeamFactory(programme=programme, name=f"Bulk {n}")
        factories.make_scrum_master(team)
        factories.make_member(team)


@pytest.mark.parametrize("team_count", [2, 50])
def test_its_query_count_does_not_grow_with_teams(client, cast, team_count,
                                                  django_assert_num_queries):
    programme = factories.ProgrammeFactory(name=f"Scale {team_count}")
    msm = factories.make_msm(programme)
    factories.ProgrammeFactory(name=f"Child {team_count}", parent=programme)
    _teams(programme, team_count)
    client.force_login(msm)
    # session + user, programme, 2 access queries, ancestors, children, teams,
    # scrum masters, sprint, people, inbox badge, open-loops panel, the size-warning panel
    # (its child programmes: split already, so nothing more)
    with django_assert_num_queries(14):
        response = client.get(url(programme))
    assert response.status_code == 200
    assert len(response.context["teams"]) == team_count


def test_its_breadcrumb_links_the_parent_programme_for_whoever_may_open_it(client, cast):
    client.force_login(cast.parent_msm)
    html = client.get(url(cast.programme)).content.decode()
    assert f'<a href="{url(cast.parent)}">Northwind</a> ›' in html


def test_its_breadcrumb_names_the_parent_without_a_link_to_a_404(client, cast):
    client.force_login(cast.member)
    html = client.get(url(cast.programme)).content.decode()
    assert "Northwind ›" in html and f'href="{url(cast.parent)}"' not in html
    assert client.get(url(cast.parent)).status_code == 404
