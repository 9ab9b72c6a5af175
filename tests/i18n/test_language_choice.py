"""Which language a page speaks: the person's choice, else the browser's, else English."""

from django.test import Client
from django.urls import reverse
from django.utils import translation

from programmes.models import Person
from tests.factories import PersonFactory


def test_a_visitor_gets_the_language_their_browser_asks_for(client, db):
    german = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")
    spanish = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es-ES")
    other = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr")

    assert '<html lang="de"' in german.text and "Zum Inhalt springen" in german.text
    assert '<html lang="es"' in spanish.text and "Saltar al contenido" in spanish.text
    assert '<html lang="en"' in other.text and "Skip to content" in other.text
    assert german["Content-Language"] == "de"
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in german["Vary"].split(",")}


def test_a_visitor_chooses_a_language_in_the_footer_and_keeps_it(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert 'name="language" value="de"' in page.text

    chosen = client.post(reverse("set_language"), {"language": "es", "next": "/accounts/login/"},
                         HTTP_ACCEPT_LANGUAGE="en")

    assert chosen.status_code == 302 and chosen["Location"] == "/accounts/login/"
    assert '<html lang="es"' in client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").text


def test_choosing_a_language_is_a_post_and_an_unknown_one_changes_nothing(client, db):
    assert client.get(reverse("set_language")).status_code == 405
    client.post(reverse("set_language"), {"language": "xx", "next": "/accounts/login/"})
    assert '<html lang="en"' in client.get(reverse("login")).text


def test_the_persons_language_wins_over_the_browser(client, db):
    person = PersonFactory(language="de")
    client.force_login(person)

    page = client.get(reverse("settings"), HTTP_ACCEPT_LANGUAGE="es")

    assert '<html lang="de"' in page.text and "Ihre Einstellungen" in page.text


def test_without_a_choice_a_signed_in_person_gets_the_browsers_language(client, db):
    client.force_login(PersonFactory(language=""))
    page = client.get(reverse("settings"), HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es"' in page.text and "Tus ajustes" in page.text


def test_the_settings_page_saves_the_language_and_says_so_in_it(client, db):
    person = PersonFactory(language="", timezone="Europe/Berlin")
    client.force_login(person)

    response = client.post(reverse("settings"), {
        "name": person.name, "timezone": "Europe/Berlin", "colour_scheme": "system",
        "language": "es"}, follow=True)

    person.refresh_from_db()
    assert person.language == "es"
    assert '<html lang="es"' in response.text
    assert "Tus ajustes" in response.text


def test_the_settings_page_offers_each_language_in_its_own_name_and_the_browsers_choice(
        client, db):
    client.force_login(PersonFactory())
    page = client.get(reverse("settings"), HTTP_ACCEPT_LANGUAGE="en").text
    for value, name in (("", "As my browser asks"), ("en", "English"), ("de", "Deutsch"),
                        ("es", "Español")):
        assert f'<option value="{value}"' in page and name in page


def test_an_unknown_language_is_refused_with_a_message_and_keeps_what_was_typed(client, db):
    person = PersonFactory(language="de")
    client.force_login(person)

    response = client.post(reverse("settings"), {
        "name": "Typed name", "timezone": "UTC", "colour_scheme": "system", "language": "xx"},
        HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert 'value="Typed name"' in response.text
    person.refresh_from_db()
    assert person.language == "de" and person.name != "Typed name"


def test_a_request_leaves_no_language_behind_for_the_next(client, db):
    client.force_login(PersonFactory(language="de"))
    client.get(reverse("settings"))
    assert translation.get_language() == "en"


def test_the_api_speaks_the_tokens_persons_language_else_the_requests(db):
    from programmes.access import tokens

    german = PersonFactory(language="de")
    _, secret = tokens.token_create(person=german, name="script")
    api = Client()

    refused = api.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="es")
    as_german = api.get("/api/v1/programmes/nowhere", HTTP_ACCEPT_LANGUAGE="es",
                        HTTP_AUTHORIZATION=f"Bearer {secret}")
    me = api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert refused.status_code == 401
    spanish = translation_of("A valid personal API token is required.", "es")
    assert spanish != "A valid personal API token is required."
    assert refused.json()["detail"] == spanish
    assert as_german.status_code == 404
    assert as_german.json()["detail"] == translation_of("Not found.", "de") != "Not found."
    assert me.json()["language"] == "de"
    assert Person.objects.get(pk=german.pk).language == "de"


def translation_of(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)
