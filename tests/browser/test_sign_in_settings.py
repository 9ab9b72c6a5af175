"""The MSM maps an identity-provider group to a role and requires two-factor
authentication, on the programme's Sign-in page."""

from playwright.sync_api import expect

from programmes.models import GroupRoleMapping
from tests.browser.axe import assert_accessible
from tests.browser.tabs import open_tab


def test_the_msm_maps_a_group_and_requires_two_factor(cast, open_page):
    page = open_page(cast.msm)
    page.goto(f"/p/{cast.programme.slug}/")
    open_tab(page, "Sign-in")
    assert_accessible(page)
    page.get_by_label("Group name in the identity provider").fill("payments-sm")
    page.get_by_label("Role", exact=True).select_option(label="Scrum Master")
    page.get_by_label("Team", exact=True).select_option(label="Ledger")
    page.get_by_role("button", name="Add group").click()
    expect(page.locator("#group-mappings")).to_contain_text("payments-sm")
    expect(page.locator("#group-mappings")).to_contain_text("Ledger")
    assert GroupRoleMapping.objects.filter(group="payments-sm", team=cast.team).exists()

    page.get_by_label("Require two-factor authentication").check()
    page.get_by_role("button", name="Save").click()
    # The rule holds for the MSM too: they are sent to turn it on.
    expect(page.get_by_text("two-factor authentication is required")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    assert_accessible(page)
