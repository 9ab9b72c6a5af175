"""End to end through a real Celery worker on a real Redis: the update reminder reaches the
stand-in platform with its button, the press and the form come back signed, the update is
posted, broadcast once, and the reminder changes in place."""

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
    link,
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
