"""Pickers that scale, by keyboard: the MSM gives an impediment to someone by typing part of a
name, sends an item down to teams chosen as chips, and names an objective's owner on a 320 px
wide screen."""

import pytest
from playwright.sync_api import expect

from ceremonies.models import Objective
from feedback import services
from feedback.models import FeedbackItem
from tests import factories


@pytest.fixture
def people(transactional_db):
    programme = factories.ProgrammeFactory(name="Payments Train")
    ledger = factories.TeamFactory(programme=programme, name="Ledger")
    factories.TeamFactory(programme=programme, name="Card Gateway")
    factories.TeamFactory(programme=programme, name="Gateway Ops")
    sam = factories.make_scrum_master(ledger, factories.PersonFactory(name="Sam Rivera"))
    for name in ("Priscilla Young", "Tom Becker", "Ana Lima"):
        factories.make_member(ledger, factories.PersonFactory(name=name))
    return {
        "programme": programme, "sam": sam,
        "msm": factories.make_msm(programme, factories.PersonFactory(
            name="Priya Shah", email="priya@example.com")),
        "item": services.impediment_raise(programme=programme, team=ledger,
                                          title="Test environment down", raised_by=sam),
    }


def _give_to_priya(page, item):
    page.goto(item.get_absolute_url())
    box = page.get_by_role("combobox", name="Owner")
    expect(box).to_have_value("Sam Rivera")
    box.focus()
    page.keyboard.type("pri")  # replaces the name shown: it is selected on focus
    listbox = page.get_by_role("listbox", name="Matching people")
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(listbox.get_by_role("option").first).to_contain_text("Priscilla Young")
    expect(listbox.get_by_role("option").nth(1)).to_have_text("Priya Shah priya@example.com")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("status").filter(has_text="found")).to_have_text(
        "2 people found.")

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    priya = listbox.get_by_role("option").nth(1)
    expect(box).to_have_attribute("aria-activedescendant", priya.get_attribute("id"))
    expect(priya).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(box).to_have_value("Priya Shah")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    expect(page.get_by_text("Priya Shah chosen.")).to_be_visible()

    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Change owner")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#thread")).to_contain_text("Owner changed")
    expect(page.locator(".facts")).to_contain_text("Priya Shah")


def test_the_msm_gives_an_impediment_to_someone_by_typing_part_of_a_name(people, open_page):
    page = open_page(people["msm"])
    _give_to_priya(page, people["item"])
    people["item"].refresh_from_db()
    assert people["item"].owner == people["msm"]
    assert page.console_errors == []


def test_escape_closes_the_list_then_clears_the_box(people, open_page):
    page = open_page(people["msm"])
    page.goto(people["item"].get_absolute_url())
    box = page.get_by_role("combobox", name="Owner")
    box.focus()
    page.keyboard.type("tom")
    expect(page.get_by_role("option", name="Tom Becker")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("listbox", name="Matching people")).to_be_hidden()
    expect(box).to_have_value("tom")
    page.keyboard.press("Escape")
    expect(box).to_have_value("")
    page.keyboard.press("ArrowDown")  # opens the list, the first match active
    options = page.get_by_role("listbox", name="Matching people").get_by_role("option")
    expect(options).to_have_count(5)
    expect(box).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))


def test_teams_are_chosen_as_chips_and_removed_by_keyboard(people, open_page):
    page = open_page(people["msm"])
    page.goto(f"/p/{people['programme'].slug}/feedback/new/")
    page.get_by_label("Title").fill("Freeze releases on Friday")
    page.get_by_label("Down — to teams").check()
    box = page.get_by_role("combobox", name="Addressed to teams")
    box.focus()
    page.keyboard.type("card")
    teams = page.get_by_role("listbox", name="Matching teams")
    expect(teams.get_by_role("option")).to_have_text(["Card Gateway"])
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    chips = page.get_by_role("list", name="Chosen teams")
    expect(chips.get_by_role("checkbox", name="Card Gateway")).to_be_checked()
    expect(page.get_by_text("Card Gateway added; 1 team chosen.")).to_be_visible()
    page.keyboard.type("led")
    expect(teams.get_by_role("option")).to_have_text(["Ledger"])
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(chips.get_by_role("checkbox")).to_have_count(2)
    page.keyboard.press("Backspace")  # in the empty box: the last chip goes
    expect(chips.get_by_role("checkbox")).to_have_count(1)
    expect(page.get_by_text("Ledger removed; 1 team chosen.")).to_be_visible()
    page.keyboard.type("gate")
    matches = teams.get_by_role("option")
    expect(matches).to_have_text(["Gateway Ops", "Card Gateway"])  # its name starts so
    expect(matches.nth(1)).to_have_attribute("aria-selected", "true")  # already chosen
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    chips.get_by_role("checkbox", name="Card Gateway").focus()
    page.keyboard.press("Space")  # unticked: removed
    expect(chips.get_by_role("checkbox")).to_have_count(1)
    expect(box).to_be_focused()
    page.get_by_role("button", name="Raise item").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Freeze releases on Friday")
    item = FeedbackItem.objects.get(title="Freeze releases on Friday")
    assert [a.team.name for a in item.addressees.all()] == ["Gateway Ops"]
    assert page.console_errors == []


def test_the_picker_works_on_a_320_px_wide_screen(people, open_page):
    page = open_page(people["msm"])
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/p/{people['programme'].slug}/steering/objectives/new/")
    page.get_by_label("Title").fill("Instant payouts")
    box = page.get_by_role("combobox", name="Owner")
    box.focus()
    page.keyboard.type("to")
    listbox = page.get_by_role("listbox", name="Matching people")
    expect(listbox.get_by_role("option")).to_have_count(1)
    bounds = listbox.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(box).to_have_value("Tom Becker")
    page.keyboard.press("Enter")  # the list is closed: Enter sends the form
    expect(page.get_by_role("heading", name="Instant payouts")).to_be_visible()
    assert Objective.objects.get().owner.name == "Tom Becker"
    assert page.console_errors == []


def test_a_click_in_the_box_replaces_the_name_and_a_click_picks_a_match(people, open_page):
    page = open_page(people["msm"])
    page.goto(people["item"].get_absolute_url())
    box = page.get_by_role("combobox", name="Owner")
    box.click()
    page.keyboard.type("tom")
    page.get_by_role("option", name="Tom Becker").click()
    expect(box).to_have_value("Tom Becker")
    expect(box).to_be_focused()
    page.get_by_role("button", name="Change owner").click()
    expect(page.locator(".facts")).to_contain_text("Tom Becker")
