"""The parent programme's MSM sees on Today and on the steering dashboard which teams of the
programmes below have not posted for their next Scrum of Scrums, and follows a programme's
link (by keyboard) to its Today; on a 320 px wide screen nothing scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from tests.ceremonies.updates import half_posted_tree

SUMMARY = re.compile(r"3 of 4 teams have not posted for their next Scrum of Scrums — "
                     r"Payments 1 of 2, Experience 2 of 2\.")


@pytest.fixture
def tree(cast):
    return half_posted_tree(cast)


def follow_by_keyboard(page, link):
    link.focus()
    page.keyboard.press("Enter")


def test_the_parent_s_today_leads_to_the_train_that_has_not_posted(cast, tree, open_page):
    page = open_page(cast.parent_msm)
    page.goto(f"/p/{cast.parent.slug}/today/")
    summary = page.locator("#below-posting [data-scope='below']")
    expect(summary).to_have_text(SUMMARY)
    expect(page.locator("#below-programmes")).to_contain_text(
        "Experience: 0 of 2 posted; no update yet from Mobile App, Storefront")
    follow_by_keyboard(page, summary.get_by_role("link", name="Experience"))
    expect(page.get_by_role("heading", name="Experience", level=1)).to_be_visible()
    expect(page.locator("#missing-updates")).to_have_text(
        "No update yet (2 of 2 teams): Mobile App, Storefront")


def test_the_parent_s_dashboard_leads_to_the_train_s_today(cast, tree, open_page):
    page = open_page(cast.parent_msm)
    page.goto(f"/p/{cast.parent.slug}/steering/")
    summary = page.locator("#dashboard-posting [data-figure='teams-posted']")
    expect(summary).to_have_text(SUMMARY)
    follow_by_keyboard(page, summary.get_by_role("link", name="Payments"))
    expect(page).to_have_url(re.compile(f"/p/{cast.programme.slug}/today/$"))
    expect(page.locator("#missing-updates")).to_have_text(
        "No update yet (1 of 2 teams): Card Gateway")


@pytest.mark.parametrize(("path", "scope"), [("today/", "below"), ("steering/", "dashboard")])
def test_at_320_px_the_figures_fit_without_sideways_scrolling(cast, tree, open_page, path,
                                                              scope):
    page = open_page(cast.parent_msm)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"/p/{cast.parent.slug}/{path}")
    figure = page.locator(f"[data-figure='teams-posted'][data-scope='{scope}']")
    expect(figure).to_have_text(SUMMARY)
    box = figure.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    follow_by_keyboard(page, figure.get_by_role("link", name="Experience"))
    expect(page.locator("#missing-updates")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
