"""A person chooses light or dark pages in their settings, or leaves it to their device: the
server names the choice on <html>, so the first paint is already in that scheme."""

import re

from django.urls import reverse

from tests.factories import PersonFactory

HTML_TAG = re.compile(r"<html[^>]*>")


def html_tag(client) -> str:
    return HTML_TAG.search(client.get(reverse("programmes:mine")).content.decode()).group(0)


def settings_data(**changes) -> dict:
    return {"name": "Ana", "timezone": "UTC", "colour_scheme": "system", **changes}


def test_by_default_the_page_follows_the_device(client, db):
    client.force_login(PersonFactory())
    assert html_tag(client) == '<html lang="en">'


def test_a_person_who_chooses_dark_gets_dark_pages(client, db):
    person = PersonFactory()
    client.force_login(person)
    response = client.post(reverse("settings"), settings_data(colour_scheme="dark"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.colour_scheme == "dark"
    assert html_tag(client) == '<html lang="en" data-theme="dark">'


def test_a_person_who_chooses_light_gets_light_pages_on_a_dark_device(client, db):
    client.force_login(PersonFactory(colour_scheme="light"))
    assert 'data-theme="light"' in html_tag(client)


def test_going_back_to_the_device_s_scheme_names_none(client, db):
    person = PersonFactory(colour_scheme="dark")
    client.force_login(person)
    client.post(reverse("settings"), settings_data(colour_scheme="system"))
    assert html_tag(client) == '<html lang="en">'


def test_the_settings_page_offers_the_three_choices_with_the_current_one_selected(client, db):
    client.force_login(PersonFactory(colour_scheme="dark"))
    html = client.get(reverse("settings")).content.decode()
    assert '<label for="id_colour_scheme">Colour scheme</label>' in html
    assert '<option value="dark" selected>Dark</option>' in html
    assert '<option value="light">Light</option>' in html
    assert '<option value="system">As my device is set</option>' in html


def test_an_unknown_scheme_is_refused_next_to_the_field_and_the_rest_kept(client, db):
    person = PersonFactory(colour_scheme="light")
    client.force_login(person)
    response = client.post(reverse("settings"), settings_data(name="Ana B", colour_scheme="pink"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_colour_scheme_error"' in html and "pink is not one of" in html
    assert 'value="Ana B"' in html
    person.refresh_from_db()
    assert person.colour_scheme == "light" and person.name != "Ana B"


def test_signed_out_pages_follow_the_device(client, db):
    html = client.get(reverse("login")).content.decode()
    assert HTML_TAG.search(html).group(0) == '<html lang="en">'
