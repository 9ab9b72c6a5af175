"""A team's posted update goes to the app's channel as one message, threaded per day."""

import pytest
from celery.exceptions import Retry

from ceremonies.chat import tasks
from ceremonies.chat.broadcast import broadcast_update
from programmes.models import ChatPost
from tests.ceremonies.chat import slack_app
from tests.ceremonies.updates import post, upcoming_meeting


@pytest.fixture
def meeting(cast):
    return upcoming_meeting(cast.programme)


def _posts(platform):
    return [c.body for c in platform.to("/slack/chat.postMessage")]


def test_a_posted_update_is_broadcast_once(cast, platform, meeting,
                                           django_capture_on_commit_callbacks):
    slack_app(cast.programme, platform)

    with django_capture_on_commit_callbacks(execute=True):
        update = post(cast.team, cast.scrum_master, at=None, done="Shipped the export")
    broadcast_update(update.pk)  # a repeated task

    posts = _posts(platform)
    assert len(posts) == 1
    assert posts[0]["channel"] == "C-updates"
    assert "thread_ts" not in posts[0]
    assert posts[0]["text"].startswith("Ledger's update, by Sam SM")
    assert "Done: Shipped the export" in posts[0]["text"]


def test_the_days_later_updates_answer_in_its_thread(cast, platform, meeting,
                                                     django_capture_on_commit_callbacks):
    slack_app(cast.programme, platform)

    with django_capture_on_commit_callbacks(execute=True):
        ledger = post(cast.team, cast.scrum_master, at=None)
    with django_capture_on_commit_callbacks(execute=True):
        post(cast.other_team, cast.other_scrum_master, at=None)

    first, second = _posts(platform)
    assert "thread_ts" not in first
    assert second["thread_ts"] == ChatPost.objects.get(ref=f"update:{ledger.pk}").message_id


def test_an_edit_is_not_broadcast_again(cast, platform, meeting,
                                        django_capture_on_commit_callbacks):
    slack_app(cast.programme, platform)
    with django_capture_on_commit_callbacks(execute=True):
        update = post(cast.team, cast.scrum_master, at=None)
    with django_capture_on_commit_callbacks(execute=True):
        post(cast.team, cast.scrum_master, at=None, version=update.version, done="Edited")

    assert len(_posts(platform)) == 1


def test_without_a_channel_nothing_is_posted(cast, platform, meeting,
                                             django_capture_on_commit_callbacks):
    slack_app(cast.programme, platform, channel="")

    with django_capture_on_commit_callbacks(execute=True):
        post(cast.team, cast.scrum_master, at=None)

    assert _posts(platform) == []


def test_a_rate_limited_broadcast_waits_as_long_as_the_platform_asks(cast, platform, meeting,
                                                                     monkeypatch):
    slack_app(cast.programme, platform)
    update = post(cast.team, cast.scrum_master, at=None)
    platform.statuses["/slack/chat.postMessage"] = [429]  # with Retry-After: 1
    asked = []

    def retry(exc=None, countdown=None, **options):
        asked.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(tasks.chat_broadcast, "retry", retry)
    assert tasks.chat_broadcast.apply((update.pk,)).state == "RETRY"

    assert asked == [1]
    assert _posts(platform) == []
    assert tasks.chat_broadcast.apply((update.pk,)).get() == "posted"
    assert len(_posts(platform)) == 1


def test_a_team_with_its_own_channel_gets_its_updates_there(cast, platform, meeting,
                                                          django_capture_on_commit_callbacks):
    app = slack_app(cast.programme, platform)
    app.team_channels = {str(cast.team.pk): "C-LEDGER"}
    app.save()

    with django_capture_on_commit_callbacks(execute=True):
        post(cast.team, cast.scrum_master, at=None)
    with django_capture_on_commit_callbacks(execute=True):
        post(cast.other_team, cast.other_scrum_master, at=None)

    ledger, card_gateway = _posts(platform)
    assert (ledger["channel"], card_gateway["channel"]) == ("C-LEDGER", "C-updates")
    assert "thread_ts" not in card_gateway  # each channel has its own thread of the day
