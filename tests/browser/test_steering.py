"""A stakeholder reads the steering dashboard; the MSM runs the Steering Committee through
its three questions, sends a decision to two teams and ends it; the snapshot holds."""

import copy
import re
from datetime import date

from django.utils import timezone
from playwright.sync_api import expect

from ceremonies.models import DailyUpdate, Kind, SteeringSnapshot
from ceremonies.steering import services as steering
from feedback.services import impediment_raise
from tests.browser.axe import assert_accessible
from tests.browser.dialogs import answering
from tests.browser.pickers import choose
from tests.ceremonies.meetings import make_meeting


def test_a_steering_committee_from_dashboard_to_decisions_routed_down(cast, open_page):
    objective = steering.objective_create(programme=cast.programme, by=cast.msm,
                                          title="Instant payouts", target_date=date(2027, 3, 1),
                                          progress=40, owner=cast.stakeholder)
    sos = make_meeting(cast.programme, day=timezone.localdate())
    DailyUpdate.objects.create(team=cast.team, meeting=sos, health="amber")
    impediment_raise(programme=cast.programme, team=cast.team, title="SIT keeps failing",
                     raised_by=cast.scrum_master)
    meeting = make_meeting(cast.programme, kind=Kind.STEERING, minutes=60,
                           day=timezone.localdate())

    stakeholder = open_page(cast.stakeholder)
    stakeholder.goto(f"/p/{cast.programme.slug}/")
    stakeholder.get_by_role("link", name="Steering", exact=True).click()
    expect(stakeholder.get_by_role("heading", name=f"Steering · {cast.programme}")).to_be_visible()
    expect(stakeholder.locator("#rag-teams")).to_contain_text("Amber: at risk Ledger")
    expect(stakeholder.locator("#rag-objectives")).to_contain_text("On track Instant payouts")
    expect(stakeholder.locator("#chart-open_impediments svg title")).to_have_text(
        "Open impediments")
    stakeholder.get_by_role("link", name="Review the pack").click()
    expect(stakeholder.locator("#pack-stopping")).to_contain_text("SIT keeps failing")

    msm = open_page(cast.msm)
    asked = answering(msm)  # Start may ask too: the meeting is today at 09:30
    msm.goto(meeting.get_absolute_url())
    assert_accessible(msm)
    msm.get_by_role("button", name="Start").click()
    for question, section in [("Where are we now?", "now"), ("Where are we going?", "going"),
                              ("What is stopping us?", "stopping")]:
        expect(msm.locator("#current-item")).to_have_text(question)
        expect(msm.locator(f"#pack-{section}")).to_have_class(re.compile("is-current"))
        expect(msm.get_by_role("link", name=f"The pack: {question}")).to_be_visible()
        if section != "stopping":
            msm.get_by_role("button", name="Next").click()

    msm.get_by_label("Decision", exact=True).fill("Freeze releases over Christmas")
    msm.get_by_label("About (pack item)").select_option(label="Objective: Instant payouts")
    choose(msm, "Teams", "ledg", "Ledger")
    choose(msm, "Teams", "card", "Card Gateway")
    msm.get_by_role("button", name="Record decision").click()
    decision = msm.locator("#decisions .decision", has_text="Freeze releases over Christmas")
    expect(decision).to_contain_text("On Objective: Instant payouts")
    expect(decision).to_contain_text("Card Gateway not yet; Ledger not yet.")

    msm.get_by_role("button", name="End", exact=True).click()
    assert asked[-1].startswith("End the meeting for everyone?")
    expect(msm.get_by_role("heading", name="Minutes")).to_be_visible()
    expect(msm.get_by_text("frozen when the meeting ended")).to_be_visible()
    expect(msm.locator("#minutes-decisions")).to_contain_text(
        "Recorded during “What is stopping us?”.")

    for person in (cast.scrum_master, cast.other_scrum_master):
        sm = open_page(person)
        sm.goto("/inbox/")
        row = sm.locator("#waiting-for-me tr", has_text="Freeze releases over Christmas")
        expect(row).to_contain_text("Routed")
        expect(row.get_by_role("button", name="Acknowledge")).to_be_visible()

    snapshot = SteeringSnapshot.objects.get(meeting=meeting)
    frozen = copy.deepcopy(snapshot.data)
    steering.objective_update(objective=objective, by=cast.msm, progress=95, status="done")
    stakeholder.goto(f"/p/{cast.programme.slug}/steering/")
    expect(stakeholder.locator("#rag-objectives")).to_contain_text("Done Instant payouts")
    stakeholder.locator("#frozen-packs a").first.click()
    expect(stakeholder.get_by_text("It never changes")).to_be_visible()
    expect(stakeholder.locator("#pack-objectives")).to_contain_text("40%")
    expect(stakeholder.locator("#pack-objectives")).not_to_contain_text("95%")
    snapshot.refresh_from_db()
    assert snapshot.data == frozen
    assert msm.console_errors == [] and stakeholder.console_errors == []


def test_the_msm_keeps_an_objective_its_milestones_and_their_history(cast, open_page):
    page = open_page(cast.msm)
    page.goto(f"/p/{cast.programme.slug}/steering/")
    page.get_by_role("link", name="Add objective").click()
    page.get_by_label("Title").fill("Instant payouts")
    page.get_by_label("Target date").fill("2027-03-31")
    page.get_by_label("Progress").fill("140")
    page.get_by_role("button", name="Add objective").click()
    expect(page.locator("#id_progress_error")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Instant payouts")
    page.get_by_label("Progress").fill("40")
    page.get_by_role("button", name="Add objective").click()
    expect(page.get_by_role("heading", name="Instant payouts")).to_be_visible()

    page.get_by_role("link", name="Edit objective").click()
    page.get_by_label("Status").select_option(label="At risk")
    page.get_by_label("Progress").fill("55")
    page.get_by_role("button", name="Save objective").click()
    history = page.locator("#objective-history")
    expect(history).to_contain_text("progress: 40 → 55")
    expect(history).to_contain_text("status: On track → At risk")
    expect(history).to_contain_text("Maya MSM")

    page.get_by_role("link", name="Add milestone").click()
    page.get_by_label("Title").fill("Pilot go-live")
    page.get_by_label("Due date").fill("2026-12-15")
    page.get_by_role("button", name="Add milestone").click()
    expect(page.locator("#objective-milestones")).to_contain_text("Pilot go-live")
    page.get_by_role("link", name="Edit Pilot go-live").click()
    page.get_by_label("Delivered on").fill("2026-12-14")
    page.get_by_role("button", name="Save milestone").click()
    expect(page.locator("#objective-milestones")).to_contain_text("14 Dec 2026")
    expect(page.locator("#objective-history")).to_contain_text("delivered on: — → 2026-12-14")
    assert page.console_errors == []

    stakeholder = open_page(cast.stakeholder)
    stakeholder.goto(page.url)
    expect(stakeholder.locator("#objective-milestones")).to_contain_text("Pilot go-live")
    expect(stakeholder.get_by_role("link", name="Edit objective")).to_have_count(0)
    expect(stakeholder.get_by_role("link", name="Add milestone")).to_have_count(0)
    assert stakeholder.console_errors == []
