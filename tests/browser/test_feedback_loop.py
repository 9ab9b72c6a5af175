"""A Scrum Master raises an impediment, the MSM escalates it, a stakeholder answers, and the
Scrum Master closes the loop — each in their own browser session."""

import re

import pytest
from playwright.sync_api import expect

from feedback.models import FeedbackItem
from tests import factories
from tests.browser.pickers import choose


@pytest.fixture
def people(transactional_db):
    programme = factories.ProgrammeFactory(name="Payments Train")
    team = factories.TeamFactory(programme=programme, name="Ledger")
    return {
        "programme": programme,
        "sm": factories.make_scrum_master(team, factories.PersonFactory(name="Sam Rivera")),
        "msm": factories.make_msm(programme, factories.PersonFactory(name="Priya Shah")),
        "stakeholder": factories.make_stakeholder(programme,
                                                  factories.PersonFactory(name="Tom Becker")),
    }


def test_an_impediment_goes_up_and_its_loop_is_closed(people, open_page):
    sm = open_page(people["sm"])
    sm.goto("/p/payments-train/feedback/new/")
    sm.get_by_label("Title").fill("Test environment down since Monday")
    sm.get_by_label("Details").fill("Blocks every release candidate.")
    sm.get_by_role("button", name="Raise item").click()
    expect(sm.get_by_role("heading", level=1)).to_have_text("Test environment down since Monday")
    expect(sm.locator("#item-holder")).to_have_text("Payments Train MSM")
    item_url = sm.url

    msm = open_page(people["msm"])
    msm.goto("/inbox/")
    msm.locator("#waiting-for-me").get_by_role(
        "link", name="Test environment down since Monday").click()
    choose(msm, "Owner", "pri", "Priya Shah")
    msm.get_by_role("button", name="Change owner").click()
    expect(msm.locator("#thread")).to_contain_text("Owner changed")
    expect(msm.locator(".facts")).to_contain_text("Priya Shah")
    expect(msm.get_by_label("Send it to")).to_have_value("stakeholders:payments-train")
    msm.get_by_role("button", name="Escalate").click()
    expect(msm.locator("#item-holder")).to_have_text("Payments Train steering")
    expect(msm.get_by_role("status")).to_have_text("Escalated to Payments Train steering.")
    expect(msm.locator("#thread")).to_contain_text("Escalated")
    expect(msm).to_have_url(item_url)  # swapped in place by htmx

    stakeholder = open_page(people["stakeholder"])
    stakeholder.goto(item_url)
    stakeholder.get_by_label("Answer or action taken").fill("A second environment is funded.")
    stakeholder.get_by_role("button", name="Send answer").click()
    expect(stakeholder.locator("#item-state")).to_have_text("Answered / actioned")
    expect(stakeholder.get_by_role("button", name="Close the loop")).to_have_count(0)

    sm.goto("/inbox/")
    row = sm.locator("#waiting-for-me tr", has_text="Test environment down since Monday")
    row.get_by_role("button", name="Close loop").click()
    expect(sm.locator("#waiting-for-me")).to_contain_text("Closed")
    expect(sm.locator("#waiting-for-me").get_by_role("button", name="Close loop")).to_have_count(0)

    item = FeedbackItem.objects.get()
    assert item.state == FeedbackItem.State.CLOSED
    assert item.answer == "A second environment is funded."
    assert list(item.events.values_list("actor__name", flat=True)) == [
        "Sam Rivera", "Sam Rivera", "Priya Shah", "Priya Shah", "Tom Becker", "Sam Rivera"]
    assert item.owner == people["msm"]
    sm.goto(item_url)
    expect(sm.locator("#item-state")).to_have_text("Closed")
    for page in (sm, msm, stakeholder):
        assert page.console_errors == []


def test_only_the_originator_is_offered_to_close_the_loop(people, open_page):
    from feedback import services
    team = people["programme"].teams.get()
    item = services.impediment_raise(programme=people["programme"], team=team, title="Flaky CI",
                                     raised_by=people["sm"])
    services.feedback_answer(item=item, by=people["msm"], text="Fixed")

    page = open_page(people["stakeholder"])
    page.goto(item.get_absolute_url())
    expect(page.locator("#item-state")).to_have_text("Answered / actioned")
    expect(page.get_by_role("button", name="Close the loop")).to_have_count(0)

    sm = open_page(people["sm"])
    sm.goto(item.get_absolute_url())
    sm.get_by_role("button", name="Close the loop").click()
    expect(sm.locator("#item-state")).to_have_text("Closed")
    expect(sm).to_have_url(re.compile(rf"/feedback/{item.pk}/$"))
