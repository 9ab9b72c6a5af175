from django.urls import reverse


def url(cast, team=None):
    team = team or cast.team
    return reverse("programmes:team_edit",
                   kwargs={"slug": cast.programme.slug, "team_slug": team.slug})


def test_it_renames_a_team(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast), {"name": "General Ledger", "description": "Books"})
    assert response.status_code == 302
    cast.team.refresh_from_db()
    assert (cast.team.name, cast.team.description) == ("General Ledger", "Books")


def test_it_keeps_its_own_name(client, cast):
    client.force_login(cast.msm)
    assert client.post(url(cast), {"name": "Ledger", "description": "x"}).status_code == 302


def test_it_refuses_the_name_of_another_team(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast), {"name": "Card Gateway", "description": "kept"})
    assert response.status_code == 200
    assert "kept" in response.content.decode()


def test_it_is_forbidden_for_the_teams_scrum_master(client, cast):
    client.force_login(cast.scrum_master)
    assert client.post(url(cast), {"name": "Mine"}).status_code == 403


def test_a_team_of_another_programme_is_a_404(client, cast):
    from tests.factories import TeamFactory

    foreign = TeamFactory(programme=cast.other_programme, name="Foreign")
    client.force_login(cast.msm)
    response = client.get(reverse("programmes:team_edit", kwargs={
        "slug": cast.programme.slug, "team_slug": foreign.slug}))
    assert response.status_code == 404


def test_the_team_page_lists_its_people(client, cast):
    client.force_login(cast.member)
    response = client.get(cast.team.get_absolute_url())
    html = response.content.decode()
    assert "Sam SM" in html and "Ana Member" in html and "Scrum Master" in html
