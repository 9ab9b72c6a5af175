"""An update counts as posted only when it says something: a health chosen (none is preset), a
reason for amber and red, and done or next (or "nothing new", said on purpose). The same rule
on the form and the API (tests/api/test_updates_api.py); a refusal stores nothing and keeps
what was typed."""

import re

import pytest

from ceremonies.models import DailyUpdate
from tests.ceremonies.updates import form_data, form_url, upcoming_meeting


@pytest.fixture
def meeting(cast):
    return upcoming_meeting(cast.programme)


def test_the_new_update_form_presets_no_health(client, cast, meeting):
    client.force_login(cast.scrum_master)
    html = client.get(form_url(cast.team)).content.decode()
    assert html.count('name="health"') == 3 and "checked" not in html.split("Health")[1][:900]


def test_an_empty_form_is_refused_with_a_message_per_field_and_nothing_stored(
        client, cast, meeting):
    client.force_login(cast.scrum_master)
    response = client.post(form_url(cast.team), form_data(meeting=meeting, health="",
                                                          done="", next=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose the team&#x27;s health: green, amber or red." in html
    assert "Say what the team did or does next" in html
    assert not DailyUpdate.objects.exists()


def test_amber_without_a_reason_is_refused_and_the_text_is_kept(client, cast, meeting):
    client.force_login(cast.scrum_master)
    response = client.post(form_url(cast.team), form_data(
        meeting=meeting, health="amber", health_reason="  ", done="Half the ledger export"))
    html = response.content.decode()
    assert response.status_code == 400 and "Say why the team is amber" in html
    assert "Half the ledger export" in html
    assert re.search(r'<input[^>]*value="amber"[^>]*checked', html)
    assert not DailyUpdate.objects.exists()


def test_nothing_new_said_on_purpose_is_an_update(client, cast, meeting):
    client.force_login(cast.scrum_master)
    response = client.post(form_url(cast.team), form_data(
        meeting=meeting, health="green", done="", next="", nothing_new="on"))
    assert response.status_code == 302
    update = DailyUpdate.objects.get()
    assert update.nothing_new and update.health == "green"
