"""A person signs in with their company's identity provider: from our sign-in page, through
the provider's own login form (a real OpenID Provider, tests/security/oidc), back to their
programmes; then signs out of both."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.security.oidc import running_provider


@pytest.fixture
def idp(live_server, settings, tmp_path):
    with running_provider(
            tmp_path,
            redirect_uris=[f"{live_server.url}/accounts/oidc/example/login/callback/"],
            post_logout_redirect_uris=[f"{live_server.url}/accounts/login/"]) as provider:
        settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [provider.app_settings()]}}
        yield provider


def test_sign_in_with_example_idp_lands_on_my_programmes(cast, idp, open_page):
    idp.add_account("maya", email=cast.msm.email, name="Maya MSM")
    page = open_page()
    page.goto("/accounts/login/")
    assert_accessible(page)
    button = page.get_by_role("button", name="Sign in with Example IdP")
    button.focus()
    page.keyboard.press("Enter")

    page.wait_for_url(f"{idp.issuer}/interaction/**")
    page.locator("input[name=login]").fill("maya")
    page.locator("input[name=password]").fill("whatever the provider asks")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("My programmes")
    expect(page.get_by_role("main")).to_contain_text("Payments")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{idp.issuer}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert page.url.endswith("/accounts/login/")
