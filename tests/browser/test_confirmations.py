"""What cannot be undone asks first, and the question is answered by keyboard: Start long
before its time, End, and (through the same data-confirm) cancelling and removing."""

import re

from playwright.sync_api import expect

from ceremonies.models import Meeting
from tests.browser.axe import assert_accessible
from tests.browser.dialogs import answering
from tests.ceremonies.updates import upcoming_meeting


def _state(meeting) -> str:
    return Meeting.objects.values_list("state", flat=True).get(pk=meeting.pk)


def test_start_before_time_and_end_ask_first_and_no_means_no(cast, open_page):
    meeting = upcoming_meeting(cast.programme)  # tomorrow at 09:30
    msm = open_page(cast.msm)
    msm.goto(meeting.get_absolute_url())
    assert_accessible(msm)

    asked = answering(msm, yes=False, once=True)
    msm.get_by_role("button", name="Start").focus()
    msm.keyboard.press("Enter")
    expect(msm.get_by_role("button", name="Start")).to_be_visible()
    assert re.fullmatch(r".* is scheduled for 09:30 on \w{3} \d+ \w+ \(Europe/London\)\. "
                        r"Start it now, before its time\?", asked[0])
    assert _state(meeting) == "scheduled"

    answering(msm, once=True)
    msm.keyboard.press("Enter")
    expect(msm.get_by_role("button", name="Next")).to_be_visible()
    assert _state(meeting) == "running"

    asked = answering(msm, yes=False, once=True)
    msm.get_by_role("button", name="End", exact=True).focus()
    msm.keyboard.press("Enter")
    expect(msm.get_by_role("button", name="End", exact=True)).to_be_visible()
    assert asked == ["End the meeting for everyone? Its minutes go out and it cannot be "
                     "restarted."]
    msm.wait_for_timeout(300)  # a request the dialog let through would have answered by now
    assert _state(meeting) == "running"

    answering(msm, once=True)
    msm.get_by_role("button", name="End", exact=True).focus()
    msm.keyboard.press("Enter")
    expect(msm.get_by_role("heading", name="Minutes")).to_be_visible()
    assert _state(meeting) == "ended"


def test_removing_an_agenda_item_asks_and_a_no_keeps_it(cast, open_page):
    meeting = upcoming_meeting(cast.programme)
    first = meeting.items.order_by("position").first()
    msm = open_page(cast.msm)
    msm.goto(meeting.get_absolute_url())
    assert_accessible(msm)
    change = msm.locator("details.agenda-edit").filter(has_text=first.title).first
    change.locator("summary").focus()
    msm.keyboard.press("Enter")  # opens the item's Change panel
    asked = answering(msm, yes=False, once=True)
    change.get_by_role("button", name="Remove").focus()
    msm.keyboard.press("Enter")
    assert asked == [f"Remove “{first.title}” from this meeting's agenda?"]
    msm.wait_for_timeout(300)
    assert meeting.items.filter(pk=first.pk).exists()
