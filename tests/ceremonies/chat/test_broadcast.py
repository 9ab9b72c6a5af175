"""A team's posted update goes to the app's channel as one message, threaded per day."""

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.utils import timezone

from ceremonies.chat import broadcast, tasks
from ceremonies.chat.broadcast import broadcast_update
from ceremonies.models import DailyUpdate
from programmes.models import ChatApp, ChatPost
from programmes.notifications import chat_app
from tests.ceremonies.chat import mattermost_app, slack_app
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


class Killed(BaseException):
    """The worker dies: nothing after this runs (not an Exception: nothing catches it)."""


def _kill_after_posting(monkeypatch):
    def die(*args, **kwargs):
        raise Killed
    monkeypatch.setattr(broadcast, "_record", die)


def _lapse_claims():
    ChatPost.objects.filter(state=ChatPost.State.SENDING).update(
        claimed_at=timezone.now() - broadcast.CLAIM_TIMEOUT - timedelta(seconds=1))


PLATFORMS = [("slack", "/slack/chat.postMessage"), ("mattermost", "/api/v4/posts")]


def _app(maker, cast, platform):
    if maker == "slack":
        return slack_app(cast.programme, platform)
    return mattermost_app(cast.programme, platform, channel="town-square")


@pytest.mark.parametrize(("maker", "path"), PLATFORMS)
def test_a_worker_killed_after_posting_is_not_posted_twice(cast, platform, meeting, monkeypatch,
                                                           maker, path):
    app = _app(maker, cast, platform)
    update = post(cast.team, cast.scrum_master, at=None)
    with monkeypatch.context() as patched:
        _kill_after_posting(patched)
        with pytest.raises(Killed):
            broadcast_update(update.pk)
    assert len(platform.to(path)) == 1
    assert ChatPost.objects.get(ref=f"update:{update.pk}").state == ChatPost.State.SENDING

    with pytest.raises(broadcast.ClaimHeld):  # at once: the claim may still be alive
        broadcast_update(update.pk)
    _lapse_claims()
    assert broadcast_update(update.pk) == "found"

    assert len(platform.to(path)) == 1
    recorded = ChatPost.objects.get(app=app, ref=f"update:{update.pk}")
    assert recorded.state == ChatPost.State.POSTED
    answer = platform.to(path)[0].answer
    assert recorded.message_id == answer.get("ts", answer.get("id"))
    assert ChatPost.objects.filter(app=app, ref__startswith="day:").count() == 1


def test_a_reply_in_the_days_thread_is_found_there(cast, platform, meeting, monkeypatch):
    slack_app(cast.programme, platform)
    post(cast.team, cast.scrum_master, at=None)
    broadcast_update(DailyUpdate.objects.get().pk)
    later = post(cast.other_team, cast.other_scrum_master, at=None)
    with monkeypatch.context() as patched:
        _kill_after_posting(patched)
        with pytest.raises(Killed):
            broadcast_update(later.pk)
    _lapse_claims()

    assert broadcast_update(later.pk) == "found"
    assert len(_posts(platform)) == 2
    assert platform.to("/slack/conversations.replies")  # looked in the thread


@pytest.mark.parametrize(("maker", "path"), PLATFORMS)
def test_a_worker_killed_before_posting_posts_on_the_retry(cast, platform, meeting,
                                                          monkeypatch, maker, path):
    _app(maker, cast, platform)
    update = post(cast.team, cast.scrum_master, at=None)

    def die(*args, **kwargs):
        raise Killed
    with monkeypatch.context() as patched:
        patched.setattr(chat_app, "post_message", die)
        with pytest.raises(Killed):
            broadcast_update(update.pk)
    assert platform.to(path) == []
    _lapse_claims()

    assert broadcast_update(update.pk) == "posted"
    assert len(platform.to(path)) == 1
    assert broadcast_update(update.pk) == "already posted"


def test_a_held_claim_makes_the_task_retry_when_it_lapses(cast, platform, meeting, monkeypatch):
    slack_app(cast.programme, platform)
    update = post(cast.team, cast.scrum_master, at=None)
    ChatPost.objects.create(app=ChatApp.objects.get(), ref=f"update:{update.pk}",
                            channel="C-updates", state=ChatPost.State.SENDING,
                            claimed_at=timezone.now())
    asked = []

    def retry(exc=None, countdown=None, **options):
        asked.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(tasks.chat_broadcast, "retry", retry)
    assert tasks.chat_broadcast.apply((update.pk,)).state == "RETRY"
    assert 0 < asked[0] <= broadcast.CLAIM_TIMEOUT.total_seconds()
    assert _posts(platform) == []
