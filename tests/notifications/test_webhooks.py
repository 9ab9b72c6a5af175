"""Chat payloads against a real HTTP server on 127.0.0.1."""

import pytest

from programmes.models import ChatWebhook, Notification, NotificationPreference
from programmes.notifications import channels, outbox
from tests.notifications.conftest import at, make_webhook, reminder

NOW = at("2026-11-24 09:00")


def _chat_row(cast, url, flavour=ChatWebhook.Flavour.SLACK):
    hook = make_webhook(cast.programme, url, flavour=flavour)
    NotificationPreference.objects.create(person=cast.scrum_master, email_enabled=False)
    outbox.notifications_record(kind="update_missing", reminders=[reminder(
        cast.scrum_master, cast.programme, due_at=NOW, subject="Ledger has no update <yet>",
        link="/p/payments/updates/")])
    return hook, Notification.objects.get()


def test_it_posts_a_slack_payload(cast, hook_server):
    _, row = _chat_row(cast, hook_server.url())

    assert outbox.notification_deliver(notification_id=row.pk, now=NOW) == "sent"

    [body] = hook_server.bodies()
    link = "http://127.0.0.1:8000/p/payments/updates/"
    assert body["text"] == ("Sam SM: Ledger has no update <yet>\n"
                            f"The Scrum of Scrums starts at 09:30.\n{link}")
    section, actions = body["blocks"]
    assert section["type"] == "section" and section["text"]["type"] == "mrkdwn"
    assert section["text"]["text"].startswith("*Sam SM: Ledger has no update &lt;yet&gt;*\n")
    assert actions["elements"][0]["url"] == link


def test_it_posts_a_teams_adaptive_card(cast, hook_server):
    _, row = _chat_row(cast, hook_server.url(), flavour=ChatWebhook.Flavour.TEAMS)

    assert outbox.notification_deliver(notification_id=row.pk, now=NOW) == "sent"

    [body] = hook_server.bodies()
    assert body["type"] == "message"
    [attachment] = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["body"][0]["text"] == "Sam SM: Ledger has no update <yet>"
    assert card["actions"] == [{"type": "Action.OpenUrl", "title": "Open in metascrum",
                                "url": "http://127.0.0.1:8000/p/payments/updates/"}]


def test_a_404_marks_the_webhook_failing(cast, hook_server):
    hook, row = _chat_row(cast, hook_server.url("/gone"))
    hook_server.statuses["/gone"] = [404]

    assert outbox.notification_deliver(notification_id=row.pk, now=NOW) == "failed"

    row.refresh_from_db()
    hook.refresh_from_db()
    assert row.state == "failed" and row.last_error == "HTTP 404 from the webhook"
    assert hook.failing_since == NOW and hook.failure == "HTTP 404 from the webhook"


def test_a_500_is_retried_after_a_backoff_and_then_sent_once(cast, hook_server):
    hook, row = _chat_row(cast, hook_server.url())
    hook_server.statuses["/hook"] = [500, 503]

    with pytest.raises(channels.TransientDeliveryError, match="HTTP 500"):
        outbox.notification_deliver(notification_id=row.pk, now=NOW)
    row.refresh_from_db()
    first_retry = row.due_at
    with pytest.raises(channels.TransientDeliveryError, match="HTTP 503"):
        outbox.notification_deliver(notification_id=row.pk, now=first_retry)
    row.refresh_from_db()
    assert row.due_at - first_retry == 2 * (first_retry - NOW)

    assert outbox.notification_deliver(notification_id=row.pk, now=row.due_at) == "sent"
    assert len(hook_server.bodies()) == 1
    hook.refresh_from_db()
    assert hook.failing_since is None


def test_a_timeout_is_transient(hook_server):
    hook_server.delays["/slow"] = 1.0

    with pytest.raises(channels.TransientDeliveryError, match="unreachable"):
        channels.post_webhook(url=hook_server.url("/slow"), payload={"text": "x"}, timeout=0.2)


def test_a_refused_connection_is_transient():
    with pytest.raises(channels.TransientDeliveryError):
        channels.post_webhook(url="http://127.0.0.1:9/hook", payload={"text": "x"}, timeout=1)


def test_a_429_is_transient_and_a_403_permanent(hook_server):
    hook_server.statuses["/limited"] = [429]
    hook_server.statuses["/forbidden"] = [403]

    with pytest.raises(channels.TransientDeliveryError):
        channels.post_webhook(url=hook_server.url("/limited"), payload={})
    with pytest.raises(channels.PermanentDeliveryError):
        channels.post_webhook(url=hook_server.url("/forbidden"), payload={})
