import re
from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from programmes.models import Notification, NotificationPreference
from programmes.notifications import outbox, registry
from tests.browser.tabs import open_tab
from tests.notifications.conftest import make_webhook

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_a_person_sets_quiet_hours_and_mutes_a_reminder(cast, open_page):
    page = open_page(cast.member)
    page.goto("/accounts/settings/")
    page.get_by_role("link", name="notification settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notification settings")

    page.get_by_label("Team chat").uncheck()
    page.get_by_label("A sprint starts: set its goal").check()
    page.get_by_label("Quiet hours start").fill("22:00")
    page.get_by_role("button", name="Save notification settings").click()

    # Half a quiet window is refused, and what was typed or ticked stays.
    expect(page.get_by_text("Give both ends of your quiet hours")).to_be_visible()
    expect(page.get_by_label("Quiet hours start")).to_have_value("22:00")
    expect(page.get_by_label("A sprint starts: set its goal")).to_be_checked()
    expect(page.get_by_label("Team chat")).not_to_be_checked()

    page.get_by_label("Quiet hours end").fill("07:00")
    page.get_by_role("button", name="Save notification settings").click()

    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    pref = NotificationPreference.objects.get(person=cast.member)
    assert (pref.chat_enabled, pref.muted_kinds) == (False, ["sprint_starts"])
    assert (pref.quiet_start, pref.quiet_end) == (time(22), time(7))
    assert page.console_errors == []


def test_the_msm_sees_what_was_sent_pending_and_failed(cast, open_page, monkeypatch):
    from programmes.notifications import channels

    hook = make_webhook(cast.programme, "http://127.0.0.1:9/hook")
    hook.name = "#payments-chat"
    hook.save()
    outbox.notifications_record(kind="digest", reminders=[
        registry.Reminder(recipient=cast.member, programme=cast.programme,
                           object_ref=f"thing:{i}", occurrence="",
                           due_at=NOW - timedelta(minutes=i), subject=f"Reminder {i}",
                           text="Text", link="/p/x/")
        for i in range(30)])
    Notification.objects.filter(channel="email").update(state="sent", sent_at=NOW)
    monkeypatch.setattr(channels, "post_webhook", lambda **kw: (_ for _ in ()).throw(
        channels.PermanentDeliveryError("HTTP 404 from the webhook")))
    failed = Notification.objects.filter(channel="chat", object_ref="thing:0").get()
    outbox.notification_deliver(notification_id=failed.pk, now=NOW)

    page = open_page(cast.msm)
    page.goto(f"/p/{cast.programme.slug}/")
    open_tab(page, "Notifications")

    expect(page.locator("#failing-addresses")).to_contain_text("#payments-chat")
    expect(page.locator("#failing-addresses")).to_contain_text("HTTP 404 from the webhook")
    page.get_by_role("link", name=re.compile(r"^Failed")).click()
    expect(page.locator("#notification-list tbody tr")).to_have_count(1)
    expect(page.locator("#notification-list")).to_contain_text("HTTP 404 from the webhook")

    page.get_by_role("link", name=re.compile(r"^Pending")).click()
    expect(page.locator("#notification-list")).to_contain_text("Page 1 of 2")
    page.get_by_role("link", name="Older").click()  # htmx swaps the list only
    expect(page.locator("#notification-list")).to_contain_text("Page 2 of 2")
    expect(page).to_have_url(re.compile(r"state=pending&page=2"))
    expect(page.locator("#failing-addresses")).to_be_visible()
    assert page.console_errors == []
