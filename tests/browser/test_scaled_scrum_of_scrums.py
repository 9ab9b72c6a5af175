"""Issue #19 end to end: Ledger's update says it will stop Card Gateway and needs something
from it; Card Gateway accepts with a date; the date passes; both slots in the room show it
late; it escalates into the programme's impediment backlog; the MSM moves it to the top by
keyboard and the room's closing slot follows that order."""

from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from ceremonies.dependencies.services import dependencies_check_late
from ceremonies.models import Dependency, StopNotice
from tests.browser.axe import assert_accessible
from tests.browser.pickers import choose
from tests.ceremonies.meetings import make_meeting
from tests.feedback.backlog import raised


@pytest.mark.clock("2027-02-01T08:00:00+00:00")  # a Monday; the Scrum of Scrums is tomorrow
def test_a_promise_between_two_teams_goes_late_escalates_and_leads_the_closing_slot(
        cast, open_page):
    meeting = make_meeting(cast.programme, day=date(2027, 2, 2))
    slug = cast.programme.slug

    sam = open_page(cast.scrum_master)
    sam.goto(f"/p/{slug}/teams/{cast.team.pk}/update/")
    sam.get_by_label("Green: on track").check()
    sam.get_by_label("Done since the last one").fill("Ledger export")
    choose(sam, "Team we may stop 1", "card", "Card Gateway")
    sam.get_by_label("How we may stop it 1").fill("We freeze the card schema on Friday")
    sam.locator("details.needs summary").click()
    choose(sam, "Need 1: from team", "card", "Card Gateway")
    sam.get_by_label("Need 1: what").fill("Card API v2 sandbox")
    sam.get_by_label("Need 1: by when").fill("2027-02-10")
    assert_accessible(sam)
    sam.get_by_role("button", name="Post update").click()
    expect(sam.get_by_text("Ledger's update is saved")).to_be_visible()
    assert StopNotice.objects.get().team == cast.other_team

    kenji = open_page(cast.other_scrum_master)
    kenji.goto(f"/p/{slug}/today/")
    expect(kenji.get_by_text("Ledger: We freeze the card schema on Friday")).to_be_visible()
    kenji.goto(f"/p/{slug}/dependencies/?view=list")
    row = kenji.locator("table.dependencies tr", has_text="Card API v2 sandbox")
    row.get_by_label("Accept", exact=True).check()
    row.get_by_label("Date (to accept or counter)").fill("2027-02-05")
    assert_accessible(kenji)
    row.get_by_role("button", name="Answer").click()
    expect(kenji.get_by_text("accepted.")).to_be_visible()
    assert Dependency.objects.get().committed_date == date(2027, 2, 5)

    raised(cast, "Test env down")  # already in the backlog, first
    with time_machine.travel("2027-02-08T08:00:00+00:00", tick=True):  # past the 2-day grace
        assert dependencies_check_late() == (1, 1)
        msm = open_page(cast.msm)
        msm.goto(meeting.get_absolute_url())
        for team in ("Ledger", "Card Gateway"):
            slot = msm.locator("li.agenda-item", has_text=team).first
            expect(slot.get_by_text("Late dependency")).to_be_visible()
        assert_accessible(msm)

        msm.goto(f"/p/{slug}/backlog/")
        late = msm.get_by_role("button", name="Move up: Late dependency: Card API v2 sandbox")
        late.focus()
        msm.keyboard.press("Enter")
        expect(msm.get_by_text("is now number 1 of 2")).to_be_visible()
        assert_accessible(msm)

        msm.goto(meeting.get_absolute_url())
        closing = msm.locator("li.agenda-item", has_text="Impediments and resource conflicts")
        closing.locator("details.slot-details summary").focus()
        msm.keyboard.press("Enter")
        items = closing.locator("ol.backlog-top li")
        expect(items.nth(0)).to_contain_text("Late dependency: Card API v2 sandbox")
        expect(items.nth(1)).to_contain_text("Test env down")
    assert sam.console_errors == [] and kenji.console_errors == []
