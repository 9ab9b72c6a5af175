"""A linked person gets their reminders from the chat app, in a direct message with buttons:
the update call opens the update's form, routed feedback carries Acknowledge / Answer, and an
answer to what they raised carries Close."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ceremonies.chat.reminders import feedback_in_chat
from ceremonies.updates.reminders import update_call
from feedback import services as feedback
from programmes.models import Notification
from programmes.notifications import outbox
from tests.ceremonies.chat import link, mattermost_app, slack_app
from tests.ceremonies.updates import upcoming_meeting
from tests.worker import make_webhook

CHAT = Notification.Channel.CHAT


@pytest.fixture
def app(cast, platform):
    return slack_app(cast.programme, platform, channel="")


def _record(kind, reminders):
    outbox.notifications_record(kind=kind, reminders=reminders)


def _buttons(row):
    return [(b["label"], b["action"], b["value"]) for b in
            row.webhook_payload["message"]["buttons"]]


def test_a_linked_scrum_master_gets_the_update_call_with_its_button(cast, app, platform):
    meeting = upcoming_meeting(cast.programme)
    make_webhook(cast.programme, platform.url("/webhook"))
    link(app, cast.scrum_master, "U-SAM")

    _record("update_call", update_call(meeting.scheduled_start - timedelta(minutes=30)))

    sam = Notification.objects.get(recipient=cast.scrum_master, channel=CHAT)
    assert sam.webhook is None and sam.address == "slack:U-SAM"
    assert _buttons(sam) == [("Post the update", "update.open", f"team:{cast.team.pk}")]
    assert Notification.objects.filter(recipient=cast.scrum_master, channel="email").exists()
    kenji = Notification.objects.get(recipient=cast.other_scrum_master, channel=CHAT)
    assert kenji.webhook is not None  # not linked: the channel mention, as before


def test_the_app_message_is_delivered_to_the_persons_direct_messages(cast, app, platform):
    meeting = upcoming_meeting(cast.programme)
    link(app, cast.scrum_master, "U-SAM")
    _record("update_call", update_call(meeting.scheduled_start - timedelta(minutes=30)))
    row = Notification.objects.get(recipient=cast.scrum_master, channel=CHAT)

    assert outbox.notification_deliver(notification_id=row.pk, now=row.due_at) == "sent"

    sent = platform.to("/slack/chat.postMessage")[0]
    assert sent.body["channel"] == "U-SAM"
    assert sent.headers["Authorization"] == "Bearer xoxb-test"
    button = sent.body["blocks"][1]["elements"][0]
    assert (button["action_id"], button["value"]) == ("update.open", f"team:{cast.team.pk}")


def test_a_rate_limited_app_message_is_retried_with_backoff(cast, app, platform):
    meeting = upcoming_meeting(cast.programme)
    link(app, cast.scrum_master, "U-SAM")
    _record("update_call", update_call(meeting.scheduled_start - timedelta(minutes=30)))
    row = Notification.objects.get(recipient=cast.scrum_master, channel=CHAT)
    platform.statuses["/slack/chat.postMessage"] = [429]

    with pytest.raises(outbox.channels.TransientDeliveryError):
        outbox.notification_deliver(notification_id=row.pk, now=row.due_at)

    row.refresh_from_db()
    assert (row.state, row.last_error) == ("pending", "HTTP 429 from "
                                           f"{platform.url('/slack/chat.postMessage')}")
    assert row.due_at > timezone.now()


def test_routed_feedback_reaches_its_linked_holder_with_acknowledge_and_answer(cast, app):
    link(app, cast.msm, "U-MAYA")
    item = feedback.impediment_raise(programme=cast.programme, team=cast.team,
                                     title="Staging is down", raised_by=cast.member)

    _record("chat_feedback", feedback_in_chat(timezone.now()))

    row = Notification.objects.get()
    assert (row.recipient, row.channel) == (cast.msm, CHAT)  # and no mail from this rule
    assert _buttons(row) == [("Acknowledge", "feedback.ack", f"feedback:{item.pk}"),
                             ("Answer", "feedback.answer", f"feedback:{item.pk}")]


def test_a_decision_carries_acknowledge_only(cast, app):
    link(app, cast.scrum_master, "U-SAM")
    decision = feedback.decision_route_down(programme=cast.programme, title="Freeze Friday",
                                            teams=[cast.team], by=cast.msm,
                                            closes_when_acknowledged=True)

    _record("chat_feedback", feedback_in_chat(timezone.now()))

    row = Notification.objects.get()
    assert row.recipient == cast.scrum_master
    assert _buttons(row) == [("Acknowledge", "feedback.ack", f"feedback:{decision.pk}")]


def test_an_answer_reaches_the_originator_with_close(cast, app):
    link(app, cast.member, "U-ANA")
    item = feedback.impediment_raise(programme=cast.programme, team=cast.team,
                                     title="Staging is down", raised_by=cast.member)
    feedback.feedback_answer(item=item, by=cast.msm, text="Restored")

    _record("chat_feedback", feedback_in_chat(timezone.now()))

    row = Notification.objects.get()
    assert row.recipient == cast.member
    assert _buttons(row) == [("Close", "feedback.close", f"feedback:{item.pk}")]


def test_nobody_unlinked_hears_from_the_chat_rule(cast, app):
    feedback.impediment_raise(programme=cast.programme, team=cast.team,
                              title="Staging is down", raised_by=cast.member)

    _record("chat_feedback", feedback_in_chat(timezone.now()))

    assert not Notification.objects.exists()


@pytest.mark.parametrize(("maker", "path", "headers"), [
    ("slack", "/slack/chat.postMessage", {"Retry-After": "120"}),
    ("mattermost", "/api/v4/posts", {"X-Ratelimit-Reset": "120"}),
])
def test_a_rate_limited_direct_message_waits_as_long_as_the_platform_asks(
        cast, platform, maker, path, headers):
    app = (slack_app if maker == "slack" else mattermost_app)(cast.programme, platform)
    meeting = upcoming_meeting(cast.programme)
    link(app, cast.scrum_master, "U-SAM")
    _record("update_call", update_call(meeting.scheduled_start - timedelta(minutes=30)))
    row = Notification.objects.get(recipient=cast.scrum_master, channel=CHAT)
    platform.statuses[path] = [429]
    platform.rate_headers = headers
    now = row.due_at

    with pytest.raises(outbox.channels.TransientDeliveryError):
        outbox.notification_deliver(notification_id=row.pk, now=now)

    row.refresh_from_db()
    assert row.state == Notification.State.PENDING
    assert row.due_at == now + timedelta(seconds=120)  # not the backoff's 30 s
    assert outbox.retry_delay(1) != 120
    assert outbox.notification_deliver(notification_id=row.pk, now=row.due_at) == "sent"
    assert [c.body.get("channel", c.body.get("channel_id")) for c in platform.to(path)] \
        == ["U-SAM"]
