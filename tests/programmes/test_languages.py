"""What programmes tells people reads in German and Spanish: a picker's announcement, a form's
refusal and the confirmation after saving. Each request also sends Accept-Language, so the
language middleware (where present) chooses the same language the override activates."""

from django.urls import reverse
from django.utils import translation

from tests.programmes.pickers import member_named, pick_url


def test_the_pickers_announcement_is_in_german(cast, client):
    member_named(cast.team, "Priya Shah")
    member_named(cast.team, "Priya Patel")
    client.force_login(cast.msm)

    with translation.override("de"):
        response = client.get(pick_url(cast.programme, "objective-owner"), {"q": "priya"},
                              headers={"Accept-Language": "de"})

    assert response.json()["status"] == "2 Personen gefunden."


def test_a_team_name_taken_is_refused_in_spanish_keeping_what_was_typed(cast, client):
    client.force_login(cast.msm)

    with translation.override("es"):
        response = client.post(reverse("programmes:team_new", kwargs={"slug": cast.programme.slug}),
                               {"name": "ledger", "description": "Pagos en línea"},
                               headers={"Accept-Language": "es"})

    body = response.content.decode()
    assert "Este programa ya tiene un equipo con ese nombre." in body
    assert "Pagos en línea" in body


def test_saving_a_team_confirms_in_german(cast, client):
    client.force_login(cast.msm)

    with translation.override("de"):
        response = client.post(reverse("programmes:team_new", kwargs={"slug": cast.programme.slug}),
                               {"name": "Risk Engine"}, headers={"Accept-Language": "de"},
                               follow=True)

    assert "Team „Risk Engine“ angelegt." in response.content.decode()
