"""Every way a single sign-on can go wrong ends on a clear page, with no account created or
changed and nobody signed in (real provider: tests/security/oidc)."""

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount

from programmes.models import Person
from tests.security.oidc import free_port, sign_in, start_sign_in

pytestmark = pytest.mark.django_db

OURS = "http://testserver"


@pytest.fixture
def newcomer(idp):
    idp.add_account("newcomer", email="newcomer@example.com", groups=["payments-sm"])
    return "newcomer"


def assert_refused(client, response, status, words):
    assert response.status_code == status
    assert words in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not Person.objects.filter(email="newcomer@example.com").exists()
    assert not SocialAccount.objects.exists()


def with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return f"{parts.path}?{urlencode({**query, **changes})}"


def test_a_tampered_state_is_refused(client, idp_browser, newcomer):
    callback = idp_browser.follow_to_us(start_sign_in(client), login=newcomer)
    response = client.get(with_query(callback.removeprefix(OURS), state="forged-state"))
    assert_refused(client, response, 400, "could not be trusted")


def test_a_replayed_code_is_refused(client, idp_browser, newcomer):
    first = idp_browser.follow_to_us(start_sign_in(client), login=newcomer)
    assert client.get(first.removeprefix(OURS)).status_code == 302
    Person.objects.filter(email="newcomer@example.com").delete()
    client.logout()
    # A new sign-in, then the old code slipped into its answer in place of the new one.
    second = idp_browser.follow_to_us(start_sign_in(client), login=newcomer)
    old_code = parse_qs(urlsplit(first).query)["code"][0]
    response = client.get(with_query(second.removeprefix(OURS), code=old_code))
    assert_refused(client, response, 400, "already used")


def test_an_expired_code_is_refused(client, idp, idp_browser, newcomer):
    idp.expire_codes_after(1)
    callback = idp_browser.follow_to_us(start_sign_in(client), login=newcomer)
    time.sleep(1.5)
    assert_refused(client, client.get(callback.removeprefix(OURS)), 400, "expired")


def test_an_id_token_for_another_audience_is_refused(client, idp, idp_browser, newcomer):
    idp.sign_id_tokens_with(aud="another-application")
    callback = idp_browser.follow_to_us(start_sign_in(client), login=newcomer)
    assert_refused(client, client.get(callback.removeprefix(OURS)), 400, "another application")


def test_an_id_token_with_another_nonce_is_refused(client, idp, idp_browser, newcomer):
    idp.sign_id_tokens_with(nonce="not-the-one-we-sent")
    callback = idp_browser.follow_to_us(start_sign_in(client), login=newcomer)
    assert_refused(client, client.get(callback.removeprefix(OURS)), 400, "could not be trusted")


def test_an_id_token_not_signed_by_the_provider_is_refused(client, idp, idp_browser, newcomer):
    idp.sign_id_tokens_with_a_foreign_key()
    callback = idp_browser.follow_to_us(start_sign_in(client), login=newcomer)
    assert_refused(client, client.get(callback.removeprefix(OURS)), 400, "could not be trusted")


def test_a_provider_that_is_down_gets_a_clear_page(client, idp, settings):
    app = idp.app_settings()
    app["settings"]["server_url"] = f"http://127.0.0.1:{free_port()}"
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {
        **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"], "APPS": [app]}}
    response = client.post("/accounts/oidc/example/login/")
    assert_refused(client, response, 502, "cannot be reached")


def test_a_provider_that_goes_down_before_the_answer_gets_a_clear_page(
        client, idp, idp_browser, newcomer, settings):
    callback = idp_browser.follow_to_us(start_sign_in(client), login=newcomer)
    app = idp.app_settings()
    app["settings"]["server_url"] = f"http://127.0.0.1:{free_port()}"
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {
        **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"], "APPS": [app]}}
    assert_refused(client, client.get(callback.removeprefix(OURS)), 502, "cannot be reached")


def test_a_sign_in_the_person_cancelled_at_the_provider_says_so(client, idp):
    authorize = start_sign_in(client)
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    response = client.get("/accounts/oidc/example/login/callback/?"
                          + urlencode({"error": "access_denied", "state": state}))
    assert_refused(client, response, 400, "cancelled")


def test_an_unknown_provider_is_not_found(client, idp):
    assert client.post("/accounts/oidc/nowhere/login/").status_code == 404
    assert client.get("/accounts/oidc/nowhere/login/callback/?code=x&state=y").status_code == 404


def test_the_whole_round_trip_still_works_after_the_failures(client, idp_browser, newcomer):
    assert sign_in(client, idp_browser, newcomer).status_code == 302
