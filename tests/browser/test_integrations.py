import json
import re

import pytest
from playwright.sync_api import expect
from standardwebhooks import Webhook

from programmes.models import ChatWebhook, WebhookSubscription
from programmes.notifications import webhooks
from tests.browser.dialogs import answering
from tests.browser.tabs import open_tab
from tests.notifications import receiver

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server():
    found, _ = receiver.start()
    yield found
    found.shutdown()
    found.server_close()


def test_the_msm_connects_a_chat_channel_and_a_tracker(cast, open_page, server):
    page = open_page(cast.msm)
    page.goto(f"/p/{cast.programme.slug}/")
    open_tab(page, "Integrations")
    expect(page.get_by_role("heading", name="Chat webhooks")).to_be_visible()

    # A chat webhook for one team: a wrong URL first, kept with its message.
    chat = page.locator("#chat-webhooks")
    chat.get_by_label("Name").fill("#ledger")
    chat.get_by_label("Kind").select_option("slack")
    chat.get_by_label("For team").select_option(label="Ledger")
    chat.get_by_label("Webhook URL").fill("ftp://nowhere.example/x")
    chat.get_by_role("button", name="Add chat webhook").click()
    expect(page.get_by_text("Enter an http:// or https:// URL.")).to_be_visible()
    expect(page.locator("#chat-webhooks").get_by_label("Name")).to_have_value("#ledger")
    page.locator("#chat-webhooks").get_by_label("Webhook URL").fill(
        server.url("/chat/T0/B0/secret-part"))
    page.get_by_role("button", name="Add chat webhook").click()
    expect(page.get_by_text("Chat webhook “#ledger” added.")).to_be_visible()
    row = page.locator("#chat-webhooks tbody tr", has_text="#ledger")
    expect(row).to_contain_text("Ledger")
    expect(row).to_contain_text("/…part")
    assert "secret-part" not in page.content()

    page.get_by_role("button", name="Send a test to #ledger").click()
    expect(page.get_by_text("Test sent: “#ledger” accepted it.")).to_be_visible()
    [chat_message] = server.accepted("/chat/T0/B0/secret-part")
    assert json.loads(chat_message.body)["text"].startswith("metascrum test message")

    # Edit it: the URL field stays empty and the URL is kept.
    page.get_by_role("link", name="Edit #ledger").click()
    expect(page.get_by_label("Webhook URL")).to_have_value("")
    page.get_by_label("Name").fill("#ledger-team")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Chat webhook “#ledger-team” saved.")).to_be_visible()
    assert ChatWebhook.objects.get().url.endswith("/secret-part")

    # An outgoing webhook: its secret is shown once.
    out = page.locator("#outgoing-webhooks")
    out.get_by_label("Name").fill("Tracker")
    out.get_by_label("Payload URL").fill(server.url("/events"))
    out.get_by_label("Daily update posted").uncheck()
    out.get_by_role("button", name="Add outgoing webhook").click()
    expect(page.locator("#new-secret")).to_have_text(re.compile(r"^whsec_"))
    secret = page.locator("#new-secret").inner_text()
    assert WebhookSubscription.objects.get().secret == secret
    assert "update.posted" not in WebhookSubscription.objects.get().events

    page.get_by_role("button", name="Send test event to Tracker").click()
    expect(page.get_by_text("Test sent: “Tracker” accepted it.")).to_be_visible()
    delivery = page.locator("#deliveries tbody tr").first
    expect(delivery).to_contain_text("ping")
    expect(delivery).to_contain_text("Sent")
    assert secret not in page.content()
    [event] = server.accepted("/events")
    assert json.loads(event.body)["event"] == "ping"

    # Disable it; then remove the chat webhook.
    page.get_by_role("button", name="Disable Tracker").click()
    expect(page.locator("#outgoing-webhooks tbody tr", has_text="Tracker")).to_contain_text(
        "Disabled")
    asked = answering(page)
    page.get_by_role("button", name="Remove #ledger-team").click()
    assert asked == ["Stop posting to this chat channel?"]
    expect(page.get_by_text("No chat webhook yet.")).to_be_visible()
    assert page.console_errors == []


def test_the_msm_rotates_a_secret_by_keyboard_and_both_secrets_verify_meanwhile(
        cast, open_page, server):
    server.reset()
    subscription = webhooks.subscription_create(
        programme=cast.programme, by=cast.msm, name="Tracker", url=server.url("/events"),
        events=["meeting.started"])
    old = subscription.secret
    page = open_page(cast.msm)
    page.goto(f"/p/{cast.programme.slug}/integrations/")
    rotate = page.get_by_role("button", name="Rotate secret of Tracker")

    # Asked first; saying no changes nothing.
    asked = answering(page, yes=False, once=True)
    rotate.focus()
    page.keyboard.press("Enter")
    expect(rotate).to_be_focused()
    assert asked == ["Rotate the secret of “Tracker”? The new one is shown once; the old one "
                     "keeps signing for 24 hours beside it, then stops."]
    expect(page.locator("#new-secret")).to_have_count(0)
    assert WebhookSubscription.objects.get().secret == old

    asked = answering(page, once=True)
    rotate.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#new-secret")).to_have_text(re.compile(r"^whsec_[A-Za-z0-9+/]{43}=$"))
    new = page.locator("#new-secret").inner_text()
    assert len(asked) == 1 and new != old
    expect(page.locator("#overlap")).to_contain_text("signed with the old secret and with this")
    assert old not in page.content()

    # Meanwhile a test event verifies with either secret.
    page.get_by_role("button", name="Send test event to Tracker").click()
    expect(page.get_by_text("Test sent: “Tracker” accepted it.")).to_be_visible()
    [event] = server.accepted("/events")
    assert Webhook(new).verify(event.body, event.headers)["event"] == "ping"
    assert Webhook(old).verify(event.body, event.headers)["event"] == "ping"

    # Shown once: the page after it masks the new secret and says the old one still signs.
    expect(page.locator("#new-secret")).to_have_count(0)
    assert new not in page.content()
    expect(page.locator("#outgoing-webhooks tbody tr", has_text="Tracker")).to_contain_text(
        "The old secret also signs until")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.console_errors == []
