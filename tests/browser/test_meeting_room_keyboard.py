"""The MSM runs a meeting by keyboard only while two people watch; a phone sees the controls."""

import re

from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.dialogs import answering
from tests.browser.pickers import choose
from tests.ceremonies.meetings import make_meeting

# Counts the room's beeps (oscillators started) in the page; the count survives reloads.
COUNT_BEEPS = """
window.beeps = Number(sessionStorage.getItem("beeps") || 0);
const start = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function (...args) {
  window.beeps += 1;
  sessionStorage.setItem("beeps", String(window.beeps));
  return start.apply(this, args);
};
"""


def tab_to(page, control_id: str, *, back: bool = False, limit: int = 60) -> int:
    """Presses Tab (Shift+Tab, `back`) until the control has focus; returns how many times."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate("id => document.activeElement.id === id", control_id):
            return presses
    raise AssertionError(f"#{control_id} not reached in {limit} Tabs")


def test_the_msm_runs_a_meeting_by_keyboard_while_two_people_watch(cast, open_page):
    meeting = make_meeting(cast.programme)
    first, second, closing = [i.title for i in meeting.items.order_by("position")]
    msm, sm, member = open_page(cast.msm), open_page(cast.scrum_master), open_page(cast.member)
    asked = answering(msm)
    for page in (msm, sm, member):
        page.goto(meeting.get_absolute_url())
    assert_accessible(msm)

    assert tab_to(msm, "control-start") <= 12
    msm.keyboard.press("Enter")
    expect(msm.locator("#control-next")).to_be_focused()  # Start gave way to Next
    for page in (msm, sm, member):
        expect(page.locator("#current-item")).to_have_text(first, timeout=8000)
        expect(page.get_by_role("status").filter(has_text="Now:")).to_have_text(
            re.compile(rf"^Now: {first} — \d+ min( \d+ s)?$"))
    assert_accessible(msm)
    assert_accessible(sm)

    msm.keyboard.press("Enter")
    expect(msm.locator("#current-item")).to_have_text(second)
    expect(msm.locator("#control-next")).to_be_focused()
    for page in (sm, member):
        expect(page.locator("#current-item")).to_have_text(second, timeout=8000)
        expect(page.locator("#room-status")).to_have_text(re.compile(rf"^Now: {second} — "))

    msm.keyboard.press("e")
    expect(msm.locator(".agenda-item.is-current")).to_contain_text("+2 min")
    expect(msm.locator("#control-extend")).to_be_focused()

    msm.keyboard.press("p")
    expect(msm.locator("#control-resume")).to_be_focused()  # Pause gave way to Resume
    for page in (msm, sm, member):
        expect(page.locator("#room-status")).to_have_text("Paused", timeout=8000)
    msm.keyboard.press("Enter")
    expect(msm.locator("#control-pause")).to_be_focused()
    for page in (msm, sm, member):
        expect(page.locator("#room-status")).to_have_text("Resumed", timeout=8000)

    # A letter typed into a field is a letter, not a shortcut.
    msm.get_by_label("Action", exact=True).focus()
    msm.keyboard.type("np")
    expect(msm.get_by_label("Action", exact=True)).to_have_value("np")
    expect(msm.locator("#live")).to_have_attribute("data-state", "running")
    expect(msm.locator("#current-item")).to_have_text(second)

    tab_to(msm, "control-extend", back=True)
    msm.keyboard.press("n")
    expect(msm.locator("#current-item")).to_have_text(closing)
    expect(msm.locator("#control-next")).to_be_focused()
    tab_to(msm, "control-end")
    msm.keyboard.press("Enter")
    assert asked == ["End the meeting for everyone? Its minutes go out and it cannot be restarted."]
    expect(msm.get_by_role("heading", name="Minutes", exact=True)).to_be_visible()
    expect(msm.locator("#room-status")).to_have_text("Meeting ended.")
    for page in (sm, member):
        expect(page.get_by_role("heading", name="Minutes", exact=True)).to_be_visible(timeout=8000)
    assert_accessible(member)
    assert msm.console_errors == sm.console_errors == member.console_errors == []


def test_the_status_says_one_minute_left_then_time_is_up(cast, open_page):
    meeting = make_meeting(cast.programme)
    item = meeting.items.order_by("position").first()
    item.timebox_seconds = 90
    item.save(update_fields=["timebox_seconds"])
    msm, sm = open_page(cast.msm), open_page(cast.scrum_master)
    sm.add_init_script(COUNT_BEEPS)
    sm.clock.install()
    msm.goto(meeting.get_absolute_url())
    sm.goto(meeting.get_absolute_url())
    sound = sm.get_by_label("Sound at one minute left and at zero")
    expect(sound).not_to_be_checked()  # off until asked for
    sound.press("Space")
    sm.reload()
    expect(sound).to_be_checked()  # and remembered
    beeps = sm.evaluate("window.beeps")
    msm.get_by_role("button", name="Start").press("Enter")

    status = sm.locator("#room-status")
    sm.clock.run_for(2500)  # the watcher's next poll
    expect(status).to_have_text(f"Now: {item.title} — 1 min 30 s")
    sm.clock.fast_forward("00:31")
    sm.clock.run_for(500)
    expect(status).to_have_text("1 minute left")
    expect(sm.locator(".item-timer")).to_have_class(re.compile("is-pulsing"))
    # The pulse's animation, read on a copy of the timer (the pulse itself lasts under 2 s).
    animation = """() => { const timer = document.querySelector('#live .item-timer');
        const copy = timer.cloneNode(false); copy.classList.add('is-pulsing');
        timer.after(copy); const name = getComputedStyle(copy).animationName;
        copy.remove(); return name; }"""
    assert sm.evaluate(animation) == "room-pulse"
    sm.emulate_media(reduced_motion="reduce")  # a person who asked for less motion
    assert sm.evaluate(animation) == "none"
    sm.emulate_media(reduced_motion="no-preference")
    sm.clock.fast_forward("01:00")
    sm.clock.run_for(500)
    expect(status).to_have_text("Time is up")
    expect(sm.locator(".item-timer .overrun-label")).to_be_visible()
    assert sm.evaluate("window.beeps") - beeps == 2  # one minute left, time up
    assert sm.console_errors == []


def test_on_a_phone_next_is_in_reach_without_scrolling(cast, open_page):
    from ceremonies.meetings import state as room

    meeting = make_meeting(cast.programme, extra_items=6)
    room.meeting_start(meeting=meeting, by=cast.msm)
    page = open_page(cast.msm)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(meeting.get_absolute_url())
    next_button = page.get_by_role("button", name="Next")
    expect(next_button).to_be_in_viewport(ratio=1)
    page.get_by_role("heading", name="Present").scroll_into_view_if_needed()
    expect(next_button).to_be_in_viewport(ratio=1)  # the bar stays while the page scrolls
    assert_accessible(page)  # target sizes (WCAG 2.2, 2.5.8) among the rules

    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, wider_than(page, 320)


def wider_than(page, width: int) -> list[str]:
    """The elements reaching past `width` px: what makes the page scroll sideways."""
    return page.evaluate("""width => [...document.querySelectorAll("body *")]
        .filter(e => e.getBoundingClientRect().right > width)
        .map(e => e.tagName + "#" + e.id + "." + e.className + " " +
                  Math.round(e.getBoundingClientRect().right))""", width)


def test_the_facilitator_sends_the_minutes_to_someone_not_invited(cast, open_page):
    from ceremonies.meetings import state as room
    from programmes.models import Notification
    from programmes.notifications import registry

    meeting = make_meeting(cast.programme)
    room.meeting_start(meeting=meeting, by=cast.msm)
    msm = open_page(cast.msm)
    answering(msm)
    msm.goto(meeting.get_absolute_url())
    choose(msm, "Also send the minutes to", "ana", str(cast.member))
    msm.get_by_role("button", name="Add to the minutes' recipients").press("Enter")
    expect(msm.get_by_text(f"The minutes go to {cast.member} too.")).to_be_visible()
    expect(msm.locator("#minutes-to li")).to_have_text([re.compile(rf"^{cast.member}\s+Remove")])
    assert_accessible(msm)

    msm.get_by_role("button", name="End", exact=True).press("Enter")
    expect(msm.get_by_role("heading", name="Minutes", exact=True)).to_be_visible()
    expect(msm.locator("#minutes-to")).to_have_count(0)
    ended_at = type(meeting).objects.get(pk=meeting.pk).ended_at
    registry.reminders_record_due(now=ended_at)
    assert Notification.objects.filter(kind="meeting_minutes", recipient=cast.member,
                                       channel="email").count() == 1
