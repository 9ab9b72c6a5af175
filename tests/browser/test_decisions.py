"""The MSM records a decision for two teams in the Scrum of Scrums, by keyboard; each team's
Scrum Master finds it in their inbox and acknowledges it; the loop closes, and the minutes say
to whom it went and who acknowledged it."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from ceremonies.meetings import state as room
from ceremonies.models import Decision
from feedback.models import FeedbackItem
from tests import factories
from tests.browser.axe import assert_accessible
from tests.browser.dialogs import answering
from tests.browser.pickers import choose
from tests.ceremonies.meetings import make_meeting

DECISION = "Mobile App ships on Friday; the payment APIs freeze until then"


def focused_label(page) -> str:
    return page.evaluate("() => { const e = document.activeElement;"
                         " return (e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText)"
                         ".trim(); }")


def tab_to(page, label: str, limit: int = 15) -> None:
    """Press Tab until the focused control is the one labelled `label`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_label(page) == label:
            return
    raise AssertionError(f"{label!r} cannot be reached by Tab")


def test_a_decision_for_two_teams_is_acknowledged_and_its_loop_closes(cast, open_page):
    factories.TeamFactory(programme=cast.programme, name="Fraud Shield")
    meeting = make_meeting(cast.programme, day=timezone.localdate())
    room.meeting_start(meeting=meeting, by=cast.msm)
    slots = [i.team.name for i in meeting.items.order_by("position") if i.team_id]

    msm = open_page(cast.msm)
    asked = answering(msm)
    msm.goto(meeting.get_absolute_url())
    assert_accessible(msm)
    form = msm.locator("#decision-form")
    # The running slot's team is proposed, and the proposal follows the meeting to the next.
    expect(form.get_by_label(slots[0], exact=True)).to_be_checked()
    expect(msm.locator("#slot-proposal")).to_contain_text(f"Proposed: {slots[0]}")
    msm.get_by_role("button", name="Next").click()
    expect(msm.locator("#current-item")).to_have_text(re.compile(slots[1]))
    expect(form.get_by_label(slots[1], exact=True)).to_be_checked()
    expect(form.get_by_label(slots[0], exact=True)).to_have_count(0)
    expect(msm.locator("#slot-proposal")).to_contain_text(f"Proposed: {slots[1]}")

    # By keyboard: type the decision, untick any team but Ledger and Card Gateway from the
    # chosen ones, find the missing ones in the teams picker, submit.
    form.get_by_label("Decision", exact=True).focus()
    msm.keyboard.type(DECISION)
    if form.get_by_label("Fraud Shield", exact=True).count():
        tab_to(msm, "Fraud Shield")
        msm.keyboard.press("Space")
    for team in ("Card Gateway", "Ledger"):
        if not form.get_by_label(team, exact=True).count():
            choose(msm, "Teams", team[:4].lower(), team)
    expect(form.get_by_label("Fraud Shield", exact=True)).to_have_count(0)
    for team in ("Card Gateway", "Ledger"):
        expect(form.get_by_label(team, exact=True)).to_be_checked()
    tab_to(msm, "Record decision")
    msm.keyboard.press("Enter")

    expect(msm.get_by_text("Decision recorded and sent to Card Gateway, Ledger to acknowledge."))\
        .to_be_visible()
    record = msm.locator("#decisions .decision", has_text=DECISION)
    expect(record).to_contain_text("Card Gateway not yet; Ledger not yet.")
    expect(record).to_contain_text("Loop open: 0 of 2 acknowledged")
    # The slot running when it was recorded is no label of it ("(Fraud Shield)" once).
    expect(record).not_to_contain_text(f"({slots[1]})")
    expect(record).not_to_contain_text("Recorded during")

    for person, team in ((cast.scrum_master, "Ledger"), (cast.other_scrum_master,
                                                          "Card Gateway")):
        sm = open_page(person)
        sm.goto("/inbox/")
        row = sm.locator("#waiting-for-me tr", has_text=DECISION[:40])
        expect(row).to_contain_text("Decision")
        expect(row).to_contain_text("Routed")
        row.get_by_role("button", name="Acknowledge").focus()
        sm.keyboard.press("Enter")
        expect(row).to_contain_text(f"{team} ✓")
        sm.reload()
        expect(sm.locator("#waiting-for-me")).not_to_contain_text(DECISION[:40])
        assert sm.console_errors == []

    item = Decision.objects.get().routed.get()
    assert item.state == FeedbackItem.State.CLOSED
    msm.goto("/inbox/")
    expect(msm.locator("#waiting-on-others")).not_to_contain_text(DECISION[:40])

    msm.goto(meeting.get_absolute_url())
    assert_accessible(msm)
    expect(record).to_contain_text("Loop closed")
    msm.get_by_role("button", name="End", exact=True).click()
    assert asked[-1].startswith("End the meeting for everyone?")
    minutes = msm.locator("#minutes-decisions .decision", has_text=DECISION)
    expect(minutes).to_contain_text(re.compile(
        r"Card Gateway acknowledged \(Kenji SM, \d\d:\d\d\); "
        r"Ledger acknowledged \(Sam SM, \d\d:\d\d\)\."))
    expect(minutes).to_contain_text("Loop closed")
    expect(minutes).to_contain_text(f"Recorded during “{slots[1]}”.")
    assert msm.console_errors == []
