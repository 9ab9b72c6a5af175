"""Two Scrum Masters post their updates (one blocker becomes an impediment with one click);
the MSM reads the today page and runs the Scrum of Scrums slot by slot, the third team
flagged for posting nothing."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from ceremonies.models import DailyUpdate
from feedback.models import FeedbackItem
from tests import factories
from tests.browser.axe import assert_accessible
from tests.browser.dialogs import answering
from tests.browser.pickers import choose
from tests.ceremonies.updates import upcoming_meeting


def _post_update(page, cast, team, done, blocker="", health="Green: on track"):
    page.goto(f"/p/{cast.programme.slug}/today/")
    page.get_by_role("link", name=f"Post {team}'s update").click()
    page.get_by_label(health).check()
    if not health.startswith("Green"):
        page.get_by_label("Why (needed for amber and red)").fill("Shared staging is booked")
    page.get_by_label("Done since the last one").fill(done)
    page.get_by_label("Doing next").fill("Keep going")
    if blocker:
        page.get_by_label("Slowing us down").fill(blocker)
    page.get_by_role("button", name="Post update").click()
    expect(page.get_by_text(re.compile(rf"{team}'s update is saved"))).to_be_visible()


def test_an_update_that_says_nothing_is_refused_and_fixed_by_keyboard(cast, open_page):
    upcoming_meeting(cast.programme)
    sam = open_page(cast.scrum_master)
    sam.goto(f"/p/{cast.programme.slug}/today/")
    sam.get_by_role("link", name=f"Post {cast.team}'s update").click()
    sam.get_by_role("button", name="Post update").focus()
    sam.keyboard.press("Enter")
    expect(sam.get_by_text("Choose the team's health: green, amber or red.")).to_be_visible()
    expect(sam.get_by_text("Say what the team did or does next")).to_be_visible()
    assert not DailyUpdate.objects.exists()

    sam.get_by_label("Amber: at risk").focus()
    sam.keyboard.press("Space")
    done = sam.get_by_label("Done since the last one")
    done.focus()
    sam.keyboard.type("Ledger export")
    expect(sam.locator("#id_done-left")).to_have_text("3987 characters left")
    sam.get_by_role("button", name="Post update").click()
    expect(sam.get_by_text("Say why the team is amber")).to_be_visible()
    expect(done).to_have_value("Ledger export")
    sam.get_by_label("Why (needed for amber and red)").fill("Staging is shared this week")
    sam.get_by_role("button", name="Post update").click()
    expect(sam.get_by_text(re.compile(rf"{cast.team}'s update is saved"))).to_be_visible()
    assert DailyUpdate.objects.get().health_reason == "Staging is shared this week"


def test_updates_flow_into_the_scrum_of_scrums(cast, open_page):
    risk = factories.TeamFactory(programme=cast.programme, name="Risk Engine")
    factories.make_scrum_master(risk, factories.PersonFactory(name="Rita SM"))
    meeting = upcoming_meeting(cast.programme)

    sam = open_page(cast.scrum_master)
    _post_update(sam, cast, cast.team, "Ledger export shipped", blocker="Test env down",
                 health="Amber: at risk")
    sam.get_by_text("What we need from other teams").click()
    choose(sam, "Need 1: from team", "card", "Card Gateway")
    sam.get_by_label("Need 1: what").fill("Card API v2")
    sam.get_by_role("button", name="Save changes").click()
    expect(sam.get_by_text("saved (version 2)")).to_be_visible()
    sam.get_by_role("button", name="Raise as impediment").click()
    expect(sam.get_by_role("link", name=re.compile("Impediment: Routed"))).to_be_visible()
    assert FeedbackItem.objects.get().title == "Test env down"

    kenji = open_page(cast.other_scrum_master)
    _post_update(kenji, cast, cast.other_team, "Gateway certs renewed")
    assert DailyUpdate.objects.count() == 2

    msm = open_page(cast.msm)
    asked = answering(msm)
    msm.goto(f"/p/{cast.programme.slug}/")
    msm.get_by_role("link", name="Today", exact=True).click()
    expect(msm.locator(".missing-summary")).to_contain_text("Risk Engine")
    cards = msm.locator("#today-updates")
    expect(cards).to_contain_text("Amber: at risk")
    expect(cards).to_contain_text("Green: on track")
    expect(cards.get_by_role("link", name=re.compile("Impediment"))).to_be_visible()
    msm.get_by_role("link", name="Dependencies").click()
    expect(msm.get_by_role("table", name=re.compile("^Board"))).to_contain_text("Card API v2")
    msm.get_by_role("link", name="List", exact=True).click()
    expect(msm.locator("table.dependencies")).to_contain_text("Card API v2")

    msm.goto(meeting.get_absolute_url())
    assert_accessible(msm)
    expect(msm.locator("#missing-updates")).to_contain_text("Risk Engine")
    msm.get_by_role("button", name="Start").click()
    assert "Start it now, before its time?" in asked[-1]  # it is scheduled for tomorrow
    expected = {cast.team.name: "Ledger export shipped",
                cast.other_team.name: "Gateway certs renewed",
                risk.name: "Risk Engine posted no update"}
    titles = [i.title for i in meeting.items.order_by("position")]
    live = msm.locator("#live")
    for n, title in enumerate(titles):
        expect(msm.locator("#current-item")).to_have_text(title)
        if title in expected:
            expect(live).to_contain_text(expected[title])
        if n < len(titles) - 1:
            msm.get_by_role("button", name="Next").click()
    assert msm.console_errors == [] and sam.console_errors == []


def test_a_stale_edit_shows_both_texts_and_the_dependency_moves_on(cast, open_page):
    from ceremonies.models import Dependency

    upcoming_meeting(cast.programme)
    sam = open_page(cast.scrum_master)
    _post_update(sam, cast, cast.team, "First draft")
    sam.get_by_label("Let the team's members post its update").check()
    sam.get_by_role("button", name="Save", exact=True).click()
    expect(sam.get_by_text("Saved who posts the update.")).to_be_visible()

    ana = open_page(cast.member)  # allowed now; she opens the form too
    ana.goto(f"/p/{cast.programme.slug}/teams/{cast.team.pk}/update/")
    sam.get_by_label("Done since the last one").fill("Sam's edit")
    sam.get_by_role("button", name="Save changes").click()
    expect(sam.get_by_text("saved (version 2)")).to_be_visible()

    ana.get_by_label("Done since the last one").fill("Ana's edit")
    ana.get_by_role("button", name="Save changes").click()
    expect(ana.locator(".conflict")).to_contain_text("Sam's edit")
    expect(ana.get_by_label("Done since the last one")).to_have_value("Ana's edit")
    ana.get_by_role("button", name="Save mine over theirs").click()
    expect(ana.get_by_text("saved (version 3)")).to_be_visible()

    Dependency.objects.create(programme=cast.programme, needing_team=cast.team,
                              providing_team=cast.other_team, what="Card API v2")
    kenji = open_page(cast.other_scrum_master)
    kenji.goto(f"/p/{cast.programme.slug}/teams/{cast.other_team.pk}/updates/")
    row = kenji.locator("table.dependencies tr", has_text="Card API v2")
    row.get_by_label("Accept", exact=True).check()
    row.get_by_label("Date (to accept or counter)").fill(
        (cast.programme.today() + timedelta(days=7)).isoformat())
    row.get_by_role("button", name="Answer").click()
    expect(kenji.locator("table.dependencies")).to_contain_text("Accepted")
    assert Dependency.objects.get().status == "accepted"
