"""A person turns on two-factor authentication from their settings, keeps the recovery
codes, and signs in again with password and code, by keyboard."""

from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.security.test_two_factor import code_for

PASSWORD = "a long password"  # noqa: S105


def test_turn_on_two_factor_then_sign_in_with_a_code(cast, open_page):
    cast.member.set_password(PASSWORD)
    cast.member.save()
    page = open_page(cast.member)
    page.goto("/accounts/settings/")
    page.get_by_role("link", name="Two-factor authentication").click()
    expect(page.get_by_role("img", name="QR code to add metascrum to your authenticator app")
           ).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code from your app").fill(code_for(secret))
    page.keyboard.press("Enter")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email").fill(cast.member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    assert_accessible(page)
    expect(page.get_by_label("Code")).to_be_focused()
    page.keyboard.type(code_for(secret))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("My programmes")
