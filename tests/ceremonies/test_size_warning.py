"""Past the programme's number of seats (9 unless set) its home suggests splitting the Scrum
of Scrums, and one form creates a child programme with the chosen teams moved into it."""

from django.urls import reverse

from ceremonies.models import ScrumOfScrumsSettings
from programmes.models import Programme, Team
from tests import factories


def home(client, programme):
    return client.get(reverse("programmes:home", kwargs={"slug": programme.slug})
                      ).content.decode()


def grow(programme, count):
    return [factories.TeamFactory(programme=programme, name=f"Team {n:02}")
            for n in range(count)]


def test_nine_seats_are_fine_ten_suggest_splitting(client, cast):
    grow(cast.programme, 7)  # with Ledger and Card Gateway: 9
    client.force_login(cast.msm)
    assert "The Scrum of Scrums is big" not in home(client, cast.programme)
    factories.TeamFactory(programme=cast.programme, name="Tenth")
    html = home(client, cast.programme)
    assert "The Scrum of Scrums is big" in html and "It has 10 seats, more than 9." in html


def test_the_number_is_the_programmes_own(client, cast):
    ScrumOfScrumsSettings.objects.create(programme=cast.programme, split_above_seats=1)
    client.force_login(cast.msm)
    assert "It has 2 seats, more than 1." in home(client, cast.programme)


def test_the_msm_splits_with_one_form_and_the_teams_move(client, cast):
    moved = grow(cast.programme, 3)
    client.force_login(cast.msm)
    url = reverse("ceremonies:split", kwargs={"slug": cast.programme.slug})
    response = client.post(url, {"name": "Payments Core", "teams": [t.pk for t in moved]})
    child = Programme.objects.get(name="Payments Core")
    assert response.status_code == 302 and child.parent == cast.programme
    assert set(Team.objects.filter(programme=child)) == set(moved)
    assert cast.team.programme == cast.programme


def test_no_teams_chosen_keeps_the_name_typed(client, cast):
    client.force_login(cast.msm)
    url = reverse("ceremonies:split", kwargs={"slug": cast.programme.slug})
    response = client.post(url, {"name": "Payments Core"})
    assert response.status_code == 400 and 'value="Payments Core"' in response.content.decode()
    assert not Programme.objects.filter(name="Payments Core").exists()


def test_only_the_msm_splits(client, cast):
    client.force_login(cast.scrum_master)
    url = reverse("ceremonies:split", kwargs={"slug": cast.programme.slug})
    assert client.post(url, {"name": "X", "teams": [cast.team.pk]}).status_code == 403
    assert not Programme.objects.filter(name="X").exists()
