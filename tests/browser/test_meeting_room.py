import re

from playwright.sync_api import expect

from ceremonies.models import Meeting
from tests.browser.axe import assert_accessible
from tests.browser.dialogs import answering
from tests.ceremonies.meetings import make_meeting


def test_msm_runs_a_meeting_while_a_scrum_master_watches_live(cast, open_page):
    meeting = make_meeting(cast.programme)
    path = meeting.get_absolute_url()
    msm = open_page(cast.msm)
    asked = answering(msm)
    sm = open_page(cast.scrum_master)
    msm.goto(path)
    sm.goto(path)
    expect(sm.get_by_text("Not started yet")).to_be_visible()
    assert_accessible(sm)

    msm.get_by_role("button", name="Start").click()
    first, second, closing = [i.title for i in meeting.items.order_by("position")]
    expect(msm.locator("#current-item")).to_have_text(first)
    # The Scrum Master's page follows without a reload (htmx polls the live state).
    expect(sm.locator("#current-item")).to_have_text(first, timeout=8000)
    item_clock = sm.locator(".item-timer .countdown")
    expect(item_clock).to_have_text(re.compile(r"^\d+:\d\d$"))
    before = item_clock.text_content()
    expect(item_clock).not_to_have_text(before, timeout=4000)  # it counts down

    msm.get_by_role("button", name="Extend").click()
    expect(msm.locator(".agenda-item.is-current")).to_contain_text("+2 min")

    msm.get_by_role("button", name="Next").click()
    expect(sm.locator("#current-item")).to_have_text(second, timeout=8000)
    msm.get_by_role("button", name="Next").click()
    expect(msm.locator("#current-item")).to_have_text(closing)
    msm.get_by_role("button", name="Pause").click()
    expect(sm.get_by_text("the clocks are stopped")).to_be_visible(timeout=8000)
    msm.get_by_role("button", name="Resume").click()
    # Click End on the running state's fragment, not on the paused one being swapped out.
    expect(msm.locator("#live")).to_have_attribute("data-state", "running")
    msm.get_by_role("button", name="End", exact=True).click()
    assert asked == ["End the meeting for everyone? Its minutes go out and it cannot be restarted."]

    expect(msm.get_by_role("heading", name="Minutes")).to_be_visible()
    minutes = msm.locator("#minutes-agenda")
    expect(minutes).to_contain_text(first)
    expect(minutes.get_by_role("columnheader", name="Planned")).to_be_visible()
    expect(minutes.get_by_role("columnheader", name="Actual")).to_be_visible()
    assert_accessible(msm)  # the minutes
    expect(sm.get_by_text(re.compile(r"Ended \d\d:\d\d after"))).to_be_visible(timeout=8000)
    assert Meeting.objects.get(pk=meeting.pk).state == "ended"
    assert msm.console_errors == [] and sm.console_errors == []


def test_an_overrun_keeps_counting_below_zero_in_a_warning_state(cast, open_page):
    from datetime import timedelta

    from django.utils import timezone

    from ceremonies.meetings import state as room

    meeting = make_meeting(cast.programme)
    room.meeting_start(meeting=meeting, by=cast.msm, at=timezone.now() - timedelta(minutes=10))
    page = open_page(cast.scrum_master)
    page.goto(meeting.get_absolute_url())
    clock = page.locator(".item-timer .countdown")
    expect(clock).to_have_text(re.compile(r"^\u2212\d+:\d\d$"))
    expect(page.locator(".item-timer .overrun-label")).to_be_visible()
    expect(page.locator(".item-timer")).to_have_class(re.compile("is-overrun"))
    assert_accessible(page)


def test_notes_autosave_while_typing(cast, open_page):
    from ceremonies.meetings import state as room

    meeting = make_meeting(cast.programme)
    room.meeting_start(meeting=meeting, by=cast.msm)
    page = open_page(cast.scrum_master)
    page.goto(meeting.get_absolute_url())
    page.get_by_label(re.compile("My notes on")).fill("Ledger: green, deploy Thursday")
    expect(page.locator("#note-status")).to_have_text("Saved", timeout=5000)
    assert_accessible(page)
    page.reload()
    expect(page.get_by_label(re.compile("My notes on"))).to_have_value(
        "Ledger: green, deploy Thursday")
