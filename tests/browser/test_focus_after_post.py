"""After a form is sent, focus is where the answer is: on the first field in error, whose error a
screen reader then reads, or on the confirmation, which it then announces."""

import re

from playwright.sync_api import expect

from tests.ceremonies.updates import upcoming_meeting


def test_a_refused_update_puts_focus_on_the_first_field_in_error(cast, open_page):
    upcoming_meeting(cast.programme)
    sam = open_page(cast.scrum_master)
    sam.goto(f"/p/{cast.programme.slug}/today/")
    sam.get_by_role("link", name=f"Post {cast.team}'s update").click()
    sam.get_by_label("Done since the last one").fill("Ledger export")
    sam.get_by_role("button", name="Post update").focus()
    sam.keyboard.press("Enter")
    first = sam.get_by_label("Green: on track")
    expect(first).to_be_focused()
    expect(sam.get_by_role("group", name="Health")).to_have_accessible_description(
        "Choose the team's health: green, amber or red.")
    expect(sam.get_by_label("Done since the last one")).to_have_value("Ledger export")


def test_a_refused_field_further_down_takes_the_focus_and_names_its_error(cast, open_page):
    upcoming_meeting(cast.programme)
    sam = open_page(cast.scrum_master)
    sam.goto(f"/p/{cast.programme.slug}/teams/{cast.team.pk}/update/")
    sam.get_by_label("Amber: at risk").check()
    sam.get_by_label("Done since the last one").fill("Ledger export")
    sam.get_by_role("button", name="Post update").click()
    why = sam.get_by_label("Why (needed for amber and red)")
    expect(why).to_be_focused()
    expect(why).to_have_accessible_description(re.compile("Say why the team is amber"))


def test_a_saved_form_puts_focus_on_its_announced_confirmation(cast, open_page):
    page = open_page(cast.member)
    page.goto("/accounts/settings/")
    page.get_by_label("Name").fill("Ana Member")
    page.get_by_role("button", name="Save").click()
    status = page.get_by_role("status")
    expect(status).to_have_text("Your settings are saved.")
    expect(status).to_be_focused()
    page.keyboard.press("Tab")  # and the walk goes on from there, into the page
    expect(page.get_by_role("heading", name="Your settings")).to_be_visible()
    assert page.evaluate("document.activeElement.closest('main') !== null")
