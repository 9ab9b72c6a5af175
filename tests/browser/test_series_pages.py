import re
from datetime import timedelta

from playwright.sync_api import expect

from ceremonies.models import Meeting, MeetingSeries
from tests.browser.axe import assert_accessible
from tests.browser.dialogs import answering
from tests.ceremonies.meetings import make_meeting


def test_msm_sets_up_a_series_then_moves_and_cancels_one_meeting(cast, open_page):
    cast.msm.timezone = "Europe/London"  # as the programme: the times typed are the ones shown
    cast.msm.save(update_fields=["timezone"])
    page = open_page(cast.msm)
    page.goto(cast.programme.get_absolute_url())
    page.get_by_role("link", name="Meetings", exact=True).click()
    expect(page.get_by_text("No upcoming meetings.")).to_be_visible()
    page.get_by_role("link", name="Meeting series").first.click()
    page.get_by_role("link", name="Set up the Scrum of Scrums").click()

    expect(page.get_by_label("How often")).to_have_value("working_days")
    page.get_by_label("Starts at").fill("09:45")
    page.get_by_role("button", name="Create series").click()
    expect(page.get_by_text("its upcoming meetings are scheduled")).to_be_visible()
    expect(page.locator("#series-scrum_of_scrums")).to_contain_text("Every working day, 09:45")

    # A bad custom rule is explained next to the field, and what was typed stays.
    page.get_by_role("link", name="Edit Scrum of Scrums").click()
    page.get_by_label("How often").select_option("custom")
    page.get_by_label("Custom RRULE").fill("FREQ=HOURLY")
    page.get_by_role("button", name="Save series").click()
    expect(page.get_by_text("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY.")).to_be_visible()
    expect(page.get_by_label("Custom RRULE")).to_have_value("FREQ=HOURLY")
    page.get_by_label("Custom RRULE").fill("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")
    page.get_by_role("button", name="Save series").click()
    expect(page.get_by_text("saved:")).to_be_visible()

    page.get_by_role("link", name="Upcoming meetings and history").click()
    series = MeetingSeries.objects.get(programme=cast.programme)
    to_move, to_cancel = list(series.meetings.order_by("scheduled_start"))[1:3]
    expect(page.locator("#upcoming tbody tr")).to_have_count(series.meetings.count())

    page.locator(f"#meeting-{to_move.pk}").get_by_role("link", name="Move or cancel").click()
    new_day = to_move.occurrence + timedelta(days=1)
    page.get_by_label("New date").fill(new_day.isoformat())
    page.get_by_label("New time").fill("11:15")
    page.get_by_role("button", name="Move meeting").click()
    moved_row = page.locator(f"#meeting-{to_move.pk}")
    expect(moved_row).to_contain_text("moved")
    expect(moved_row).to_contain_text(f"{new_day.day} ")
    expect(moved_row).to_contain_text("11:15")  # the MSM's time zone is London, too

    page.locator(f"#meeting-{to_cancel.pk}").get_by_role("link", name="Move or cancel").click()
    asked = answering(page)
    page.get_by_role("button", name="Cancel meeting").click()
    assert asked[0].startswith("Cancel ") and asked[0].endswith("for everyone invited?")
    expect(page.locator(f"#meeting-{to_cancel.pk}")).to_contain_text("Cancelled")
    expect(page.locator(f"#meeting-{to_cancel.pk}")).to_have_class("cancelled")

    to_move.refresh_from_db()
    assert (to_move.sequence, to_move.moved) == (1, True)
    assert Meeting.objects.get(pk=to_cancel.pk).state == Meeting.State.CANCELLED

    # A cancellation by mistake is undone from the same list, by keyboard.
    page.locator(f"#meeting-{to_cancel.pk}").get_by_role("button", name="Reinstate").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("is back on the calendar")).to_be_visible()
    expect(page.locator(f"#meeting-{to_cancel.pk}")).to_contain_text("Scheduled")
    assert Meeting.objects.get(pk=to_cancel.pk).state == Meeting.State.SCHEDULED
    assert page.console_errors == []


def test_msm_pauses_and_resumes_a_series(cast, open_page):
    meeting = make_meeting(cast.programme, day=cast.programme.today() + timedelta(days=7))
    page = open_page(cast.msm)
    page.goto(f"/p/{cast.programme.slug}/series/")
    page.get_by_role("button", name="Pause Scrum of Scrums").click()
    expect(page.get_by_text("is paused")).to_be_visible()
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    page.get_by_role("button", name="Resume Scrum of Scrums").click()
    expect(page.get_by_text("is running again")).to_be_visible()


def test_msm_sets_when_the_scrum_of_scrums_reminders_go(cast, open_page):
    make_meeting(cast.programme, day=cast.programme.today() + timedelta(days=7))
    page = open_page(cast.msm)
    page.goto(f"/p/{cast.programme.slug}/series/")
    page.get_by_role("link", name="Edit Scrum of Scrums").click()
    reminders = page.get_by_role("group", name="Reminders")
    invitees = reminders.get_by_label("Remind invitees (minutes before)")
    expect(invitees).to_have_value("")
    expect(invitees).to_have_attribute("placeholder", "10")

    # A warning before the call for updates is refused next to its field; what was typed stays.
    invitees.fill("25")
    missing = reminders.get_by_label("Warn that an update is missing (minutes before)")
    missing.fill("90")
    page.get_by_role("button", name="Save series").click()
    expect(page.locator("#id_update_missing_minutes_error")).to_contain_text(
        "than the call (60, the site default)")
    expect(invitees).to_have_value("25")
    expect(missing).to_have_value("90")

    missing.fill("20")
    page.get_by_role("button", name="Save series").click()
    expect(page.get_by_text("saved:")).to_be_visible()
    page.get_by_role("link", name="Edit Scrum of Scrums").click()
    expect(page.get_by_label("Remind invitees (minutes before)")).to_have_value("25")
    expect(page.get_by_label("Warn that an update is missing (minutes before)")).to_have_value(
        "20")
    series = MeetingSeries.objects.get(programme=cast.programme)
    assert (series.reminder_minutes, series.update_missing_minutes) == (25, 20)
    assert page.console_errors == []


def test_a_scrum_master_subscribes_to_the_calendar_and_regenerates_its_address(
        cast, open_page, live_server, settings):
    settings.SITE_URL = live_server.url  # the calendar address is the public one
    meeting = make_meeting(cast.programme, day=cast.programme.today() + timedelta(days=2))
    page = open_page(cast.scrum_master)
    page.goto(meeting.get_absolute_url())
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    assert download.value.suggested_filename == f"meeting-{meeting.pk}.ics"

    page.get_by_role("link", name=str(cast.scrum_master)).click()  # the settings page
    page.get_by_role("link", name="Calendar feed").click()
    address = page.get_by_label("Calendar address")
    expect(address).to_have_value(re.compile(r"/calendar/[-\w]+\.ics$"))
    old = address.input_value()
    feed = page.request.get(old)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    assert f"UID:meeting-{meeting.pk}@metascrum" in feed.text()

    page.get_by_role("button", name="Regenerate the address").click()
    expect(page.get_by_text("the old one no longer works")).to_be_visible()
    expect(address).not_to_have_value(old)
    assert page.request.get(old).status == 404
    assert page.request.get(address.input_value()).ok
