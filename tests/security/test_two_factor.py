"""Two-factor authentication for password sign-in: enrolment, a code at sign-in, wrong
codes, recovery codes (each once), turning it off."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from programmes.identity.twofactor import enrol, new_secret

pytestmark = pytest.mark.django_db
PASSWORD = "a long password"  # noqa: S105


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def person(cast):
    cast.member.set_password(PASSWORD)
    cast.member.save()
    return cast.member


@pytest.fixture
def enrolled(person):
    """(secret, recovery codes) of a person with two-factor authentication on."""
    secret = new_secret()
    return secret, enrol(person, secret, code_for(secret))


def sign_in_with_password(client, person):
    return client.post(reverse("login"), {"username": person.email, "password": PASSWORD})


def test_enrolment_asks_for_a_right_code_then_shows_the_recovery_codes_once(client, person):
    client.force_login(person)
    page = client.get(reverse("two_factor")).content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page)[1]
    assert 'src="data:image/svg+xml;base64,' in page
    wrong = client.post(reverse("two_factor"), {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    assert not Authenticator.objects.filter(user=person).exists()
    done = client.post(reverse("two_factor"), {"code": code_for(secret)}).content.decode()
    codes = re.findall(r"<li><code>([^<]+)</code></li>", done)
    assert len(codes) == 10
    totp = Authenticator.objects.get(user=person, type="totp")
    assert secret not in str(totp.data), "the TOTP secret is stored encrypted"
    again = client.get(reverse("two_factor")).content.decode()
    assert "<strong>On.</strong>" in again and codes[0] not in again


def test_a_password_sign_in_then_asks_for_a_code(client, person, enrolled):
    secret, _ = enrolled
    response = sign_in_with_password(client, person)
    assert response["Location"] == reverse("two_factor_verify")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("two_factor_verify"), {"code": code_for(secret)})
    assert response["Location"] == reverse("programmes:mine")
    assert int(client.session["_auth_user_id"]) == person.pk


def test_a_wrong_code_keeps_the_person_out(client, person, enrolled):
    sign_in_with_password(client, person)
    response = client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_wrong_codes_send_the_person_back_to_the_password(client, person, enrolled):
    secret, _ = enrolled
    sign_in_with_password(client, person)
    for _ in range(5):
        response = client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert response["Location"] == reverse("login")
    response = client.post(reverse("two_factor_verify"), {"code": code_for(secret)})
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_a_code_once_used_does_not_sign_in_again(client, person, enrolled):
    secret, _ = enrolled
    code = code_for(secret)
    sign_in_with_password(client, person)
    client.post(reverse("two_factor_verify"), {"code": code})
    client.logout()
    sign_in_with_password(client, person)
    client.post(reverse("two_factor_verify"), {"code": code})
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_signs_in_once(client, person, enrolled):
    _, codes = enrolled
    sign_in_with_password(client, person)
    response = client.post(reverse("two_factor_verify"), {"code": codes[3]})
    assert int(client.session["_auth_user_id"]) == person.pk
    client.logout()
    sign_in_with_password(client, person)
    response = client.post(reverse("two_factor_verify"), {"code": codes[3]})
    assert "That code is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session
    client.post(reverse("two_factor_verify"), {"code": codes[4]})
    assert int(client.session["_auth_user_id"]) == person.pk
    page = client.get(reverse("two_factor")).content.decode()
    assert re.search(r'id="codes-left">8<', page)


def test_the_second_step_needs_the_password_first(client):
    assert client.get(reverse("two_factor_verify"))["Location"] == reverse("login")


def test_turning_it_off_takes_a_right_code(client, person, enrolled):
    secret, _ = enrolled
    client.force_login(person)
    client.post(reverse("two_factor"), {"code": "000000"})
    assert Authenticator.objects.filter(user=person, type="totp").exists()
    client.post(reverse("two_factor"), {"code": code_for(secret)})
    assert not Authenticator.objects.filter(user=person).exists()
    assert sign_in_with_password(client, person)["Location"] == reverse("programmes:mine")
