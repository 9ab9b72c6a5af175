"""What a meeting decides to do reaches someone: an action item recorded in the room is in its
owner's inbox, is reminded once the day before it is due, is reviewed at the next occurrence
and is marked done by its owner, by keyboard. And Skip is not remove: a skipped slot stays in
the minutes as skipped and comes back next time, carried over."""

from datetime import datetime, time, timedelta

from django.core import mail
from playwright.sync_api import expect

from ceremonies.models import ActionItem, Meeting
from programmes import tasks
from programmes.models import Notification
from programmes.notifications import outbox, registry
from tests.browser.axe import assert_accessible
from tests.browser.dialogs import answering
from tests.browser.pickers import choose
from tests.ceremonies.meetings import make_meeting


def _meetings(programme):
    """Today's Scrum of Scrums and the series' next one, already scheduled."""
    today = programme.today()
    return (make_meeting(programme, day=today),
            make_meeting(programme, day=today + timedelta(days=1)))


def _due_scan(programme, day, monkeypatch) -> list[int]:
    """The due scan as the worker runs it, with the clock at 09:05 on `day` in the
    programme; returns the deliveries it queued."""
    queued = []
    monkeypatch.setattr(tasks.notification_deliver, "apply_async",
                        lambda args, **kw: queued.append(args[0]))
    monkeypatch.setattr(tasks.notifications_deliver_batch, "apply_async",
                        lambda args, **kw: queued.extend(args[0]))
    registry.due_scan(now=datetime.combine(day, time(9, 5), tzinfo=programme.tzinfo))
    return queued


def _end(page):
    expect(page.locator("#live")).to_have_attribute("data-state", "running")
    page.get_by_role("button", name="End", exact=True).click()
    expect(page.get_by_role("heading", name="Minutes")).to_be_visible()


def test_an_action_reaches_its_owner_is_reminded_reviewed_and_done_by_keyboard(
        cast, open_page, monkeypatch):
    today_meeting, next_meeting = _meetings(cast.programme)
    due = cast.programme.today() + timedelta(days=2)
    msm = open_page(cast.msm)
    answering(msm)  # Start early, and End, ask first: yes
    msm.goto(today_meeting.get_absolute_url())
    assert_accessible(msm)
    msm.get_by_role("button", name="Start").click()
    expect(msm.get_by_role("button", name="Next")).to_be_visible()

    msm.get_by_label("Action", exact=True).fill("Book the SIT slots for Thursday")
    choose(msm, "Owner", "sam", "Sam SM")
    msm.get_by_label("Due").fill(due.isoformat())
    msm.get_by_role("button", name="Record action item").click()
    expect(msm.locator("#actions")).to_contain_text("Book the SIT slots for Thursday — Sam SM")
    action = ActionItem.objects.get()
    _end(msm)
    expect(msm.locator("#minutes-actions")).to_contain_text(
        "Book the SIT slots for Thursday — Sam SM")

    # It is in its owner's inbox, with its meeting and due date.
    sam = open_page(cast.scrum_master)
    sam.goto("/inbox/")
    row = sam.locator(f"#action-{action.pk}")
    expect(row).to_contain_text("Book the SIT slots for Thursday")
    expect(row).to_contain_text(f"due {due:%a} {due.day} {due:%b %Y}")
    expect(row.get_by_role("link", name=str(today_meeting))).to_be_visible()

    # The day before it is due, the scan reminds Sam once, however often it runs.
    eve = due - timedelta(days=1)
    queued = _due_scan(cast.programme, eve, monkeypatch)
    queued += _due_scan(cast.programme, eve, monkeypatch)
    reminders = Notification.objects.filter(kind="action_due", recipient=cast.scrum_master)
    assert reminders.count() == 1
    for pk in queued:
        outbox.notification_deliver(notification_id=pk, now=datetime.combine(
            eve, time(9, 6), tzinfo=cast.programme.tzinfo))
    assert [m.subject for m in mail.outbox if "SIT slots" in m.subject] == [
        "Due tomorrow: Book the SIT slots for Thursday"]
    assert mail.outbox[[m.subject for m in mail.outbox].index(
        "Due tomorrow: Book the SIT slots for Thursday")].to == [cast.scrum_master.email]

    # The next occurrence reviews it: still open, and its minutes say so.
    msm.goto(next_meeting.get_absolute_url())
    assert_accessible(msm)
    review = msm.locator(f"#review-{action.pk}")
    expect(msm.get_by_role("heading", name="Open actions")).to_be_visible()
    expect(review).to_contain_text("Book the SIT slots for Thursday — Sam SM")
    msm.get_by_role("button", name="Start").click()
    expect(msm.get_by_role("button", name="Next")).to_be_visible()
    review.get_by_role("button", name="Still open").click()
    expect(review.get_by_role("button", name="Still open")).to_have_attribute(
        "aria-pressed", "true")
    _end(msm)
    expect(msm.locator("#minutes-review")).to_contain_text(
        "Book the SIT slots for Thursday — Sam SM")
    expect(msm.locator("#minutes-review")).to_contain_text("still open")

    # Its owner marks it done from the inbox, by keyboard; Reopen would undo it.
    sam.reload()
    done = row.get_by_role("button", name="Mark done")
    done.focus()
    sam.keyboard.press("Enter")
    expect(row).to_contain_text("Done")
    expect(row.get_by_role("button", name="Reopen")).to_be_visible()
    assert ActionItem.objects.get(pk=action.pk).state == "done"
    assert msm.console_errors == [] and sam.console_errors == []


def test_a_skipped_slot_stays_in_the_minutes_and_comes_back_next_time(cast, open_page):
    today_meeting, next_meeting = _meetings(cast.programme)
    first, second, closing = today_meeting.items.order_by("position")
    msm = open_page(cast.msm)
    answering(msm)
    msm.goto(today_meeting.get_absolute_url())
    assert_accessible(msm)
    msm.get_by_role("button", name="Start").click()
    expect(msm.locator("#current-item")).to_have_text(first.title)

    msm.get_by_role("button", name="Skip", exact=True).click()
    expect(msm.locator("#current-item")).to_have_text(second.title)
    expect(msm.locator(".agenda-item.is-skipped")).to_contain_text(f"{first.title} skipped")
    _end(msm)

    minutes = msm.locator("#minutes-agenda")
    expect(minutes.locator("tr.skipped")).to_contain_text(first.title)
    expect(minutes.locator("tr.skipped")).to_contain_text("skipped")
    expect(minutes.locator("tr.not-reached")).to_contain_text(closing.title)
    assert Meeting.objects.get(pk=today_meeting.pk).items.count() == 3  # skipped, not removed

    msm.goto(next_meeting.get_absolute_url())
    assert_accessible(msm)
    slot = msm.locator(".agenda-item").filter(has_text=first.title)
    expect(slot).to_contain_text("carried over (2nd time)")
    expect(msm.locator(".agenda-item").filter(has_text=closing.title)).to_contain_text(
        "carried over (2nd time)")
    expect(msm.locator(".agenda-item").filter(has_text=second.title)).not_to_contain_text(
        "carried over")
    assert msm.console_errors == []
