"""The MSM adds a test environment, two Scrum Masters ask for it at overlapping times, and the
MSM gives it to one of them; the resource is never booked twice. A cancelled request comes
back with Reinstate."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from programmes.models import Booking
from tests.browser.dialogs import answering

RESOURCES = "/p/payments/resources/"


def _local(hours_from_now: int) -> str:
    moment = timezone.now().replace(minute=0, second=0, microsecond=0)
    return (moment + timedelta(hours=hours_from_now)).strftime("%Y-%m-%dT%H:%M")


def _request(page, team: str, starts_in: int, hours: int, purpose: str) -> None:
    page.goto(RESOURCES)
    page.get_by_role("link", name="Request Staging EU").click()
    page.get_by_label("Team").select_option(label=team)
    page.get_by_label("From").fill(_local(starts_in))
    page.get_by_label("Until").fill(_local(starts_in + hours))
    page.get_by_label("Purpose").fill(purpose)
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text(f"{team} asked for Staging EU")).to_be_visible()


def test_two_teams_want_the_same_environment_and_the_msm_gives_it_to_one(cast, open_page):
    msm = open_page(cast.msm)
    msm.goto(f"/p/{cast.programme.slug}/")
    msm.get_by_role("link", name="Resources").click()
    msm.get_by_role("link", name="Add a resource").click()
    msm.get_by_label("Kind").select_option(label="Test environment")
    msm.get_by_label("Name").fill("Staging EU")
    msm.get_by_role("button", name="Save resource").click()
    expect(msm.locator("#resources")).to_contain_text("Staging EU")

    _request(open_page(cast.scrum_master), "Ledger", 48, 3, "load test")
    _request(open_page(cast.other_scrum_master), "Card Gateway", 49, 3, "pen test")

    msm.goto(RESOURCES)
    msm.get_by_role("link", name="Requests and conflicts").click()
    conflict = msm.get_by_role("article", name="Conflict on Staging EU")
    expect(conflict).to_contain_text("Card Gateway, Ledger")
    conflict.get_by_role("button", name="Confirm Ledger's booking of Staging EU").click()
    expect(msm.get_by_text("Confirmed Staging EU for Ledger.")).to_be_visible()
    expect(msm.get_by_text("Already booked by Ledger")).to_be_visible()

    msm.get_by_role("button", name="Confirm Card Gateway's booking of Staging EU").click()
    expect(msm.get_by_role("alert")).to_contain_text("Staging EU is already booked by Ledger")
    assert list(Booking.objects.values_list("team__name", "status").order_by("team__name")) == [
        ("Card Gateway", "requested"), ("Ledger", "confirmed")]

    msm.get_by_role("button", name="Decline Card Gateway's booking of Staging EU").click()
    expect(msm.get_by_text("Declined Card Gateway's request for Staging EU.")).to_be_visible()
    expect(msm.get_by_text("No conflicts")).to_be_visible()

    member = open_page(cast.member)
    member.goto(RESOURCES)
    member.get_by_role("link", name="Calendar").click()
    calendar = member.get_by_role("region", name="Staging EU")
    expect(calendar).to_contain_text("Ledger · ")
    expect(calendar.locator(".entry.status-confirmed").first).to_contain_text("Confirmed")
    expect(calendar).not_to_contain_text("Card Gateway")
    assert msm.console_errors == [] and member.console_errors == []


def test_the_msm_defines_a_release_window_and_a_scrum_master_asks_for_it(cast, open_page):
    msm = open_page(cast.msm)
    msm.goto(RESOURCES + "new/")
    msm.get_by_label("Kind").select_option(label="Release slot")
    msm.get_by_label("Name").fill("Thursday release")
    msm.get_by_label("Window starts").fill(_local(72))
    msm.get_by_role("button", name="Save resource").click()
    expect(msm.get_by_text("A release slot needs the end of its window.")).to_be_visible()
    expect(msm.get_by_label("Name")).to_have_value("Thursday release")
    msm.get_by_label("Window ends").fill(_local(74))
    msm.get_by_role("button", name="Save resource").click()
    expect(msm.locator("#resources")).to_contain_text("Thursday release")

    msm.get_by_role("link", name="Edit Thursday release").click()
    msm.get_by_label("Name").fill("Thursday release 4.2")
    msm.get_by_role("button", name="Save resource").click()
    expect(msm.locator("#resources")).to_contain_text("Thursday release 4.2")

    sm = open_page(cast.scrum_master)
    sm.goto(RESOURCES)
    sm.get_by_role("link", name="Request Thursday release 4.2").click()
    sm.get_by_role("button", name="Send request").click()  # the team is preselected
    expect(sm.get_by_text("Ledger asked for Thursday release 4.2")).to_be_visible()
    expect(sm.locator("#upcoming")).to_contain_text("Requested")
    asked = answering(sm)
    sm.get_by_role("button", name="Cancel Ledger's booking of Thursday release 4.2").click()
    assert asked[0].startswith("Cancel Ledger's booking of Thursday release 4.2, ")
    expect(sm.get_by_text("Nothing booked or requested.")).to_be_visible()
    cancelled = sm.get_by_role("region", name="Cancelled, still ahead")
    expect(cancelled.locator("#cancelled")).to_contain_text("Requested")
    cancelled.get_by_role("button", name="Reinstate Ledger's booking of Thursday release 4.2") \
        .focus()
    sm.keyboard.press("Enter")  # an undo: nothing to confirm
    expect(sm.get_by_text("Ledger's booking of Thursday release 4.2 is back.")).to_be_visible()
    expect(sm.locator("#upcoming")).to_contain_text("Requested")
    expect(sm.locator("#cancelled")).to_have_count(0)
    assert len(asked) == 1

    msm.get_by_role("button", name="Archive Thursday release 4.2").click()
    expect(msm.get_by_role("button", name="Restore Thursday release 4.2")).to_be_visible()
    assert msm.console_errors == [] and sm.console_errors == []
