from playwright.sync_api import expect

from programmes.models import Programme
from tests.browser.tabs import open_tab
from tests.factories import PersonFactory


def test_a_person_creates_a_programme_and_a_child(db, open_page):
    page = open_page(PersonFactory(name="Ada Founder"))
    page.goto("/")
    page.get_by_role("link", name="New programme").click()
    page.get_by_label("Name").fill("Atlas")
    page.get_by_label("Timezone").select_option("Europe/Berlin")
    page.get_by_label("Sprint length days").fill("0")
    page.get_by_role("button", name="Create programme").click()
    expect(page.get_by_text("Ensure this value is greater than or equal to 1")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Atlas")

    page.get_by_label("Sprint length days").fill("10")
    page.get_by_role("button", name="Create programme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Atlas")
    expect(page.locator(".badge", has_text="Meta Scrum Master")).to_be_visible()

    page.get_by_role("link", name="New child programme").click()
    page.get_by_label("Name").fill("Atlas Mobile")
    page.get_by_role("button", name="Create programme").click()
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Atlas")
    assert Programme.objects.get(name="Atlas Mobile").parent.name == "Atlas"


def test_msm_edits_programme_settings_and_a_team(cast, open_page):
    page = open_page(cast.msm)
    page.goto(f"/p/{cast.programme.slug}/")
    open_tab(page, "Settings")
    page.get_by_label("Description").fill("Cards, ledgers and settlements.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Cards, ledgers and settlements.")).to_be_visible()

    page.get_by_role("link", name="Ledger").click()
    page.get_by_role("link", name="Edit team").click()
    page.get_by_label("Name").fill("General Ledger")
    page.get_by_role("button", name="Save team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("General Ledger")
    expect(page.get_by_role("cell", name="Sam SM")).to_be_visible()


def test_a_person_changes_their_timezone(cast, open_page):
    page = open_page(cast.member)
    page.goto("/")
    page.get_by_role("link", name="Ana Member").click()
    page.get_by_label("Timezone").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your settings are saved.")).to_be_visible()
    expect(page.get_by_label("Timezone")).to_have_value("Asia/Tokyo")
