import re
from datetime import time

from programmes.models import NotificationPreference

URL = "/accounts/notifications/"


def test_it_shows_the_defaults(client, cast):
    client.force_login(cast.member)

    response = client.get(URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert form["email_enabled"].value() is True and form["chat_enabled"].value() is True
    assert ("sprint_starts", "A sprint starts: set its goal") in form.fields["muted_kinds"].choices


def test_it_saves_channels_mutes_and_quiet_hours(client, cast):
    client.force_login(cast.member)

    response = client.post(URL, {"email_enabled": "on", "muted_kinds": ["sprint_starts"],
                                 "quiet_start": "22:00", "quiet_end": "07:00"})

    assert response.status_code == 302
    pref = NotificationPreference.objects.get(person=cast.member)
    assert (pref.email_enabled, pref.chat_enabled) == (True, False)
    assert pref.muted_kinds == ["sprint_starts"]
    assert (pref.quiet_start, pref.quiet_end) == (time(22), time(7))


def test_bad_input_keeps_what_was_typed(client, cast):
    client.force_login(cast.member)

    response = client.post(URL, {"chat_enabled": "on", "quiet_start": "25:99",
                                 "quiet_end": "07:00", "muted_kinds": ["sprint_starts"]})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a valid time" in body
    assert 'value="25:99"' in body and 'value="07:00"' in body
    assert re.search(r'<input[^>]*value="sprint_starts"[^>]*checked', body)
    assert not NotificationPreference.objects.filter(person=cast.member).exists()


def test_half_quiet_hours_are_refused_with_a_message(client, cast):
    client.force_login(cast.member)

    response = client.post(URL, {"email_enabled": "on", "quiet_start": "22:00"})

    assert response.status_code == 200
    assert "Give both ends of your quiet hours" in response.content.decode()
    assert response.context["form"]["quiet_start"].value() == "22:00"


def test_it_requires_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
