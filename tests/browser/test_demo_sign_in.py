"""A first visitor of the demo reads an account off the sign-in page and signs in with it, by
keyboard."""

import pytest
from playwright.sync_api import expect

from programmes import demo


@pytest.fixture
def demo_mode(transactional_db, settings):
    settings.METASCRUM_DEMO = True
    demo.load()


def test_a_visitor_signs_in_with_a_listed_demo_account(demo_mode, open_page):
    page = open_page()
    page.goto("/accounts/login/")
    listed = page.get_by_role("region", name="Demo accounts")
    expect(listed).to_contain_text("Every demo account has the password metascrum-demo.")
    sam = listed.get_by_role("listitem").filter(has_text="Scrum Master of Ledger")
    email = sam.locator("code").inner_text()
    password = listed.locator("p code").inner_text()

    page.get_by_label("Email").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(password)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("My programmes")
    expect(page.get_by_role("main")).to_contain_text("Payments Train")
    assert email == "sam@example.com"
    assert page.console_errors == []
