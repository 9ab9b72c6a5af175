"""End to end through a real Celery worker on a real Redis, for Slack and Mattermost: the
update reminder reaches the stand-in platform with its button, the press and the form come
back signed (Slack) or with the context we signed (Mattermost), the update is posted,
broadcast once, and the reminder changes in place."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from ceremonies.models import DailyUpdate
from ceremonies.updates.reminders import update_call
from programmes.models import Notification
from programmes.notifications import outbox
from tests.ceremonies.chat import (
    block_action,
    endpoint,
    link,
    mattermost_app,
    mm_button,
    mm_command,
    mm_submit,
    opened_view,
    slack_app,
    slack_post,
    view_submission,
)
from tests.ceremonies.updates import upcoming_meeting
from tests.worker import celery_worker, wait_for  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_the_update_is_posted_from_the_reminder_in_chat(celery_worker, client, cast,  # noqa: F811
                                                        platform):
    meeting = upcoming_meeting(cast.programme)
    app = slack_app(cast.programme, platform)
    link(app, cast.scrum_master, "U-SAM")
    now = meeting.scheduled_start - timedelta(minutes=30)
    outbox.notifications_record(kind="update_call", reminders=update_call(now))
    Notification.objects.update(due_at=timezone.now())  # the meeting is tomorrow: due now
    outbox.notifications_enqueue_due()

    wait_for(lambda: platform.to("/slack/chat.postMessage"), what="the reminder in chat")
    reminder = platform.to("/slack/chat.postMessage")[0].body
    assert reminder["channel"] == "U-SAM"
    button = reminder["blocks"][1]["elements"][0]

    pressed = slack_post(client, app, "interactions", block_action(
        "U-SAM", button["action_id"], button["value"],
        response_url=platform.url("/response/reminder")))
    assert pressed.status_code == 200
    submitted = slack_post(client, app, "interactions", view_submission(
        "U-SAM", opened_view(platform), {"health": "green", "done": "Shipped the export"}))
    assert submitted.status_code == 200

    update = DailyUpdate.objects.get(team=cast.team, meeting=meeting)
    assert update.author == cast.scrum_master

    def broadcast():
        return [c for c in platform.to("/slack/chat.postMessage")
                if c.body["channel"] == "C-updates"]

    wait_for(broadcast, what="the update broadcast to the channel")
    wait_for(lambda: platform.to("/response/reminder"), what="the reminder changed in place")
    replaced = platform.to("/response/reminder")[0].body
    assert replaced["replace_original"] is True
    assert replaced["text"].startswith("Ledger's update is posted")
    time.sleep(1)  # a duplicate would have arrived by now
    assert len(broadcast()) == 1
    assert "Done: Shipped the export" in broadcast()[0].body["text"]


def test_the_update_is_posted_from_the_reminder_in_mattermost(celery_worker, client, cast,  # noqa: F811
                                                              platform):
    meeting = upcoming_meeting(cast.programme)
    app = mattermost_app(cast.programme, platform, channel="town-square")
    link(app, cast.scrum_master, "mm-sam")
    now = meeting.scheduled_start - timedelta(minutes=30)
    outbox.notifications_record(kind="update_call", reminders=update_call(now))
    Notification.objects.update(due_at=timezone.now())
    outbox.notifications_enqueue_due()

    wait_for(lambda: platform.to("/api/v4/posts"), what="the reminder in Mattermost")
    reminder = platform.to("/api/v4/posts")[0]
    assert reminder.body["channel_id"] == "mm-sam"
    button = reminder.body["props"]["attachments"][0]["actions"][0]
    assert button["integration"]["url"].endswith(endpoint(app, "interactions"))

    # The button posts its integration context as JSON; the dialog's submission comes back.
    pressed = mm_button(client, app, "mm-sam", button["integration"]["context"],
                        post_id=reminder.answer["id"])
    assert pressed.status_code == 200
    dialog = platform.to("/api/v4/actions/dialogs/open")[-1].body["dialog"]
    submitted = mm_submit(client, app, "mm-sam", dialog,
                          {"health": "amber", "health_reason": "Flaky staging",
                           "done": "Shipped the export"})
    assert submitted.status_code == 200 and submitted.json() == {}

    update = DailyUpdate.objects.get(team=cast.team, meeting=meeting)
    assert (update.author, update.health) == (cast.scrum_master, "amber")

    def broadcast():
        return [c for c in platform.to("/api/v4/posts") if c.body["channel_id"] == "town-square"]

    patched = f"/api/v4/posts/{reminder.answer['id']}/patch"
    wait_for(broadcast, what="the update broadcast to the channel")
    wait_for(lambda: platform.to(patched), what="the reminder changed in place")
    title = platform.to(patched)[0].body["props"]["attachments"][0]["title"]
    assert title.startswith("Ledger's update is posted")
    time.sleep(1)  # a duplicate would have arrived by now
    assert len(broadcast()) == 1
    assert "Done: Shipped the export" in broadcast()[0].body["props"]["attachments"][0]["text"]
    assert broadcast()[0].body["props"]["metascrum_update_id"] == str(update.pk)


def test_an_unlinked_mattermost_user_gets_the_link_from_the_worker(celery_worker, client,  # noqa: F811
                                                                   cast, platform):
    app = mattermost_app(cast.programme, platform)
    platform.emails["mm-ana"] = cast.member.email

    # The slash command is a form post carrying the command's token.
    answered = mm_command(client, app, "mm-ana", "inbox")
    assert answered.status_code == 200
    assert "Link your metascrum account first" in answered.json()["attachments"][0]["title"]

    wait_for(lambda: platform.to("/api/v4/posts"), what="the link in a direct message")
    direct = platform.to("/api/v4/posts")[0].body
    assert direct["channel_id"] == "dm-channel"
    assert platform.to("/api/v4/channels/direct")[0].body == ["bot-user", "mm-ana"]
    assert "/chat/link/" in direct["props"]["attachments"][0]["text"]
