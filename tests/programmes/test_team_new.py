from django.urls import reverse

from programmes.models import Team


def url(cast):
    return reverse("programmes:team_new", kwargs={"slug": cast.programme.slug})


def test_it_creates_a_team(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast), {"name": "Refunds", "description": "Money back"})
    assert response.status_code == 302
    team = Team.objects.get(programme=cast.programme, name="Refunds")
    assert team.slug == "refunds"


def test_msm_of_the_parent_can_create_a_team_in_the_child(client, cast):
    client.force_login(cast.parent_msm)
    assert client.post(url(cast), {"name": "Refunds"}).status_code == 302


def test_it_refuses_a_duplicate_name_and_keeps_the_input(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast), {"name": "ledger", "description": "typed text"})
    assert response.status_code == 200
    assert "already has a team with that name" in response.content.decode()
    assert "typed text" in response.content.decode()
    assert Team.objects.filter(programme=cast.programme).count() == 2


def test_it_refuses_an_empty_name(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast), {"name": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]


def test_it_is_forbidden_for_a_scrum_master(client, cast):
    client.force_login(cast.scrum_master)
    assert client.post(url(cast), {"name": "Sneaky"}).status_code == 403
    assert not Team.objects.filter(name="Sneaky").exists()


def test_it_is_forbidden_for_a_stakeholder(client, cast):
    client.force_login(cast.stakeholder)
    assert client.get(url(cast)).status_code == 403


def test_it_is_a_404_for_an_outsider(client, cast):
    client.force_login(cast.outsider)
    assert client.post(url(cast), {"name": "Sneaky"}).status_code == 404
