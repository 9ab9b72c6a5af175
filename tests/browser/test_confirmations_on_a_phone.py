"""On a 320 px phone, by keyboard only, what cannot be undone still asks first: Tab reaches
the button, which lies on the screen; Enter asks the question (the browser's own dialog, which
takes the focus); No (Escape) leaves everything as it was and the focus on the button; Yes
does it."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from ceremonies.meetings.state import meeting_start
from ceremonies.models import Meeting
from programmes.access.tokens import token_create
from programmes.models import ApiToken, Booking, Resource
from tests.browser.dialogs import answering
from tests.ceremonies.updates import upcoming_meeting

PHONE = {"width": 320, "height": 640}
TABS = 200  # more than any page here has stops


def _on_a_phone(open_page, person):
    page = open_page(person)
    page.set_viewport_size(PHONE)
    return page


def _tab_to(page, target) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would, and see it on screen."""
    for _ in range(TABS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError(f"Tab never reached {target}")
    # On screen without scrolling sideways: focus would scroll a too wide page to the button.
    scroll_x, width = page.evaluate("[window.scrollX, document.documentElement.scrollWidth]")
    assert scroll_x == 0 and width <= PHONE["width"], f"the page is {width} px wide"
    box = target.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


def _refuse_then_accept(page, target, unchanged) -> str:
    """Enter on the focused `target`: No leaves `unchanged()` true and the focus where it was;
    then Enter again, and Yes. Returns the question asked."""
    asked = answering(page, yes=False, once=True)
    page.keyboard.press("Enter")
    expect(target).to_be_focused()
    page.wait_for_timeout(300)  # a request the dialog let through would have answered by now
    assert unchanged()
    again = answering(page, once=True)
    page.keyboard.press("Enter")
    expect(target).to_have_count(0)  # done: the page that comes back offers it no more
    assert asked == again
    return asked[0]


def _state(meeting) -> str:
    return Meeting.objects.values_list("state", flat=True).get(pk=meeting.pk)


def test_ending_the_meeting(cast, open_page):
    meeting = upcoming_meeting(cast.programme)
    meeting_start(meeting=meeting, by=cast.msm)
    page = _on_a_phone(open_page, cast.msm)
    page.goto(meeting.get_absolute_url())
    end = page.get_by_role("button", name="End", exact=True)
    _tab_to(page, end)
    asked = _refuse_then_accept(page, end, unchanged=lambda: _state(meeting) == "running")
    assert asked == ("End the meeting for everyone? Its minutes go out and it cannot be "
                     "restarted.")
    expect(page.get_by_role("heading", name="Minutes")).to_be_visible()
    assert _state(meeting) == "ended"


def test_removing_an_agenda_item(cast, open_page):
    meeting = upcoming_meeting(cast.programme)
    first = meeting.items.order_by("position").first()
    page = _on_a_phone(open_page, cast.msm)
    page.goto(meeting.get_absolute_url())
    change = page.locator("details.agenda-edit").filter(has_text=first.title).first
    _tab_to(page, change.locator("summary"))
    page.keyboard.press("Enter")  # opens the item's Change panel
    remove = change.get_by_role("button", name="Remove")
    _tab_to(page, remove)
    asked = _refuse_then_accept(page, remove,
                                unchanged=lambda: meeting.items.filter(pk=first.pk).exists())
    assert asked == f"Remove “{first.title}” from this meeting's agenda?"
    assert not meeting.items.filter(pk=first.pk).exists()


def test_cancelling_a_meeting(cast, open_page):
    meeting = upcoming_meeting(cast.programme)
    page = _on_a_phone(open_page, cast.msm)
    page.goto(f"{meeting.get_absolute_url()}move/")
    cancel = page.get_by_role("button", name="Cancel meeting")
    _tab_to(page, cancel)
    asked = _refuse_then_accept(page, cancel, unchanged=lambda: _state(meeting) == "scheduled")
    assert asked.startswith(f"Cancel {meeting.title} of ")
    assert asked.endswith(" for everyone invited?")
    assert _state(meeting) == "cancelled"


def test_cancelling_a_booking(cast, open_page):
    resource = Resource.objects.create(programme=cast.programme, name="Staging EU",
                                       kind=Resource.Kind.TEST_ENVIRONMENT)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    booking = Booking.objects.create(resource=resource, team=cast.team, starts_at=start,
                                     ends_at=start + timedelta(hours=2),
                                     requested_by=cast.scrum_master)
    page = _on_a_phone(open_page, cast.scrum_master)
    page.goto(f"/p/{cast.programme.slug}/resources/")
    cancel = page.get_by_role("button", name="Cancel Ledger's booking of Staging EU")
    _tab_to(page, cancel)
    asked = _refuse_then_accept(
        page, cancel, unchanged=lambda: Booking.objects.get(pk=booking.pk).status == "requested")
    assert asked.startswith("Cancel Ledger's booking of Staging EU, ")
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"


def test_revoking_a_token(cast, open_page):
    token, _ = token_create(person=cast.member, name="Laptop script")
    page = _on_a_phone(open_page, cast.member)
    page.goto("/accounts/tokens/")
    revoke = page.get_by_role("button", name="Revoke Laptop script")
    _tab_to(page, revoke)
    asked = _refuse_then_accept(
        page, revoke, unchanged=lambda: ApiToken.objects.get(pk=token.pk).revoked_at is None)
    assert asked == ("Revoke the token “Laptop script”? Anything that uses it stops working "
                     "at once.")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
