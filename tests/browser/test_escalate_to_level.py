"""A train's Meta Scrum Master sends a team's impediment straight to the parent programme's
steering in one action, by keyboard; the stakeholder finds it in their inbox, and every list
names where it waits."""

import pytest
from playwright.sync_api import expect

from feedback import services
from feedback.models import FeedbackEvent, FeedbackItem
from tests import factories


@pytest.fixture
def tree(transactional_db):
    parent = factories.ProgrammeFactory(name="Northwind Digital", slug="northwind")
    train = factories.ProgrammeFactory(name="Payments Train", parent=parent)
    team = factories.TeamFactory(programme=train, name="Ledger")
    sm = factories.make_scrum_master(team, factories.PersonFactory(name="Sam Rivera"))
    item = services.impediment_raise(programme=train, team=team, raised_by=sm,
                                     title="No budget for a second test environment")
    return {
        "item": item, "sm": sm,
        "msm": factories.make_msm(train, factories.PersonFactory(name="Priya Shah")),
        "cfo": factories.make_stakeholder(parent, factories.PersonFactory(name="Helen Carter")),
    }


def test_the_msm_sends_an_impediment_to_the_parent_steering_by_keyboard(tree, open_page):
    item = tree["item"]
    msm = open_page(tree["msm"])
    msm.goto("/inbox/")
    row = msm.locator(f"#row-{item.pk}")
    expect(row.locator(".holder")).to_have_text("Payments Train MSM")
    row.get_by_role("link", name=item.title).click()

    level = msm.get_by_label("Send it to")
    expect(level).to_have_value("parent:northwind")  # one level up, unless chosen otherwise
    expect(level.locator("option")).to_have_text(
        ["Payments Train steering", "Northwind Digital MSM", "Northwind Digital steering"])
    level.focus()
    msm.keyboard.press("ArrowDown")
    expect(level).to_have_value("stakeholders:northwind")
    msm.keyboard.press("Tab")
    msm.keyboard.type("Needs a budget decision")
    msm.keyboard.press("Tab")
    expect(msm.get_by_role("button", name="Escalate")).to_be_focused()
    msm.keyboard.press("Enter")

    expect(msm.get_by_role("status")).to_have_text("Escalated to Northwind Digital steering.")
    expect(msm.locator("#item-holder")).to_have_text("Northwind Digital steering")
    expect(msm.locator("#thread")).to_contain_text(
        "To Northwind Digital steering — Needs a budget decision")

    cfo = open_page(tree["cfo"])
    cfo.goto("/inbox/")
    expect(cfo.locator(f"#waiting-for-me #row-{item.pk} .holder")).to_have_text(
        "Northwind Digital steering")
    sm = open_page(tree["sm"])
    sm.goto("/inbox/")
    expect(sm.locator(f"#waiting-on-others #row-{item.pk} .holder")).to_have_text(
        "Northwind Digital steering")

    item.refresh_from_db()
    assert (item.level, item.holder_programme.slug) == (FeedbackItem.Level.STAKEHOLDERS,
                                                        "northwind")
    assert item.events.filter(kind=FeedbackEvent.Kind.ESCALATED).count() == 1
    for page in (msm, cfo, sm):
        assert page.console_errors == []
