from datetime import timedelta

from django.urls import reverse

from programmes.services import sprints_ensure


def url(cast):
    return reverse("programmes:edit", kwargs={"slug": cast.programme.slug})


def form_data(programme, **changes):
    data = {"name": programme.name, "slug": programme.slug, "description": "",
            "timezone": programme.timezone, "sprint_length_days": programme.sprint_length_days,
            "first_sprint_start": programme.first_sprint_start.isoformat()}
    return {**data, **changes}


def test_msm_edits_the_programme(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast), form_data(cast.programme, name="Payments & Cards"))
    assert response.status_code == 302
    cast.programme.refresh_from_db()
    assert cast.programme.name == "Payments & Cards"


def test_a_new_cadence_replans_only_future_sprints(client, cast):
    programme = cast.programme
    programme.first_sprint_start = programme.today() - timedelta(days=20)
    programme.save()
    sprints_ensure(programme=programme, through=programme.today() + timedelta(days=40))
    current = programme.sprints.get(start__lte=programme.today(), end__gte=programme.today())
    client.force_login(cast.msm)
    client.post(url(cast), form_data(programme, sprint_length_days=7))
    current.refresh_from_db()
    assert current.length == timedelta(days=14)
    following = programme.sprints.get(number=current.number + 1)
    assert following.start == current.end + timedelta(days=1)
    assert following.length == timedelta(days=7)


def test_it_is_forbidden_for_a_team_member(client, cast):
    client.force_login(cast.member)
    assert client.post(url(cast), form_data(cast.programme, name="X")).status_code == 403


def test_it_is_a_404_for_an_outsider(client, cast):
    client.force_login(cast.outsider)
    assert client.get(url(cast)).status_code == 404


def test_an_invalid_edit_keeps_the_page_working_and_the_input(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast), form_data(cast.programme, slug="", name="Typed name",
                                                sprint_length_days=0))
    assert response.status_code == 200
    assert 'value="Typed name"' in response.content.decode()
    cast.programme.refresh_from_db()
    assert cast.programme.name == "Payments"
