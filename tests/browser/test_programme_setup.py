import re

import pytest
from playwright.sync_api import expect

from programmes import demo
from programmes.models import Person, Team
from tests import factories


@pytest.fixture
def demo_programmes(transactional_db):
    return demo.load()


def test_msm_signs_in_and_creates_a_team(demo_programmes, open_page):
    page = open_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Email").fill("msm@example.com")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Payments Train").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Payments Train")
    page.get_by_role("link", name="New team").click()
    page.get_by_label("Name").fill("Refunds")
    page.get_by_label("Description").fill("Money back, fast.")
    page.get_by_role("button", name="Create team").click()

    expect(page.locator("#teams")).to_contain_text("Refunds")
    assert Team.objects.filter(programme__slug="payments-train", name="Refunds").exists()
    assert page.console_errors == []


def test_a_form_error_keeps_what_was_typed(demo_programmes, open_page):
    page = open_page(Person.objects.get(email="msm@example.com"))
    page.goto("/p/payments-train/teams/new/")
    page.get_by_label("Name").fill("Ledger")
    page.get_by_label("Description").fill("A second ledger team")
    page.get_by_role("button", name="Create team").click()

    expect(page.get_by_text("already has a team with that name")).to_be_visible()
    expect(page.get_by_label("Description")).to_have_value("A second ledger team")


def test_stakeholder_of_another_programme_gets_a_404(demo_programmes, open_page):
    elsewhere = factories.ProgrammeFactory(name="Elsewhere")
    stranger = factories.make_stakeholder(elsewhere)
    page = open_page(stranger)

    response = page.goto("/p/payments-train/")

    assert response.status == 404
    expect(page.get_by_text("Ledger")).to_have_count(0)
    page.goto("/")
    expect(page.get_by_role("link", name="Elsewhere")).to_be_visible()
    expect(page.get_by_role("link", name="Payments Train")).to_have_count(0)


def test_msm_edits_a_sprint_goal_inline(demo_programmes, open_page):
    page = open_page(Person.objects.get(email="msm@example.com"))
    page.goto("/p/northwind/sprints/")
    page.locator("#sprint-1").get_by_role("link", name="Edit goal").click()
    # htmx swaps the row for a form in place (it runs under our strict CSP).
    expect(page.locator("#sprint-1").get_by_label("Goal")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/p/northwind/sprints/$"))
    page.get_by_label("Goal").fill("Ship the first slice")
    page.get_by_role("button", name="Save goal").click()

    expect(page.locator("#sprint-1")).to_contain_text("Ship the first slice")
    expect(page).to_have_url(re.compile(r"/p/northwind/sprints/$"))
