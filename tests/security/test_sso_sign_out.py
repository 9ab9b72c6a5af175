"""Signing out after a single sign-on ends our session and the provider's (RP-initiated
logout); after a password sign-in it only ends ours."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.security.oidc import sign_in, start_sign_in

pytestmark = pytest.mark.django_db


def test_sign_out_ends_the_provider_session_too(client, idp, idp_browser):
    idp.add_account("nell", email="nell@example.com")
    sign_in(client, idp_browser, "nell")
    response = client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert "Signing you out of Example IdP" in response.content.decode()
    end_session = unescape(re.search(r'id="continue" href="([^"]+)"',
                                     response.content.decode())[1])
    assert end_session.startswith(idp.issuer + "/session/end?")
    query = parse_qs(urlsplit(end_session).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    assert query["client_id"] == ["metascrum"]
    assert query["id_token_hint"][0].count(".") == 2
    # The browser confirms at the provider and comes back to our sign-in page...
    back = idp_browser.follow_to_us(end_session)
    assert back == "http://testserver/accounts/login/"
    # ...and the provider asks for its password again: its session is over.
    with pytest.raises(AssertionError, match="asked the person to sign in"):
        idp_browser.follow_to_us(start_sign_in(client))


def test_without_sign_out_the_provider_session_lets_the_person_straight_back(
        client, idp, idp_browser):
    idp.add_account("nell", email="nell@example.com")
    sign_in(client, idp_browser, "nell")
    client.logout()
    callback = idp_browser.follow_to_us(start_sign_in(client))  # no form this time
    assert client.get(callback.removeprefix("http://testserver")).status_code == 302
    assert "_auth_user_id" in client.session


def test_sign_out_after_a_password_sign_in_stays_here(client, cast):
    cast.member.set_password("pw")
    cast.member.save()
    client.post(reverse("login"), {"username": cast.member.email, "password": "pw"})
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_sign_out_with_the_provider_down_still_ends_our_session(client, idp, idp_browser,
                                                               settings):
    idp.add_account("nell", email="nell@example.com")
    sign_in(client, idp_browser, "nell")
    app = idp.app_settings()
    app["settings"]["server_url"] = "http://127.0.0.1:9"
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {
        **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"], "APPS": [app]}}
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post(client, cast):
    client.force_login(cast.member)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
