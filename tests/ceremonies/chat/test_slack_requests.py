"""Slack's requests are verified before anything is done: the v0 signature over the raw body,
within a 5-minute window, from the app's own workspace."""

import time

import pytest
from django.utils import timezone

from feedback.models import FeedbackItem
from tests.ceremonies.chat import (
    SLACK_SECRET,
    link,
    slack_app,
    slack_post,
    slash,
)
from tests.ceremonies.updates import upcoming_meeting


@pytest.fixture
def app(cast, platform):
    upcoming_meeting(cast.programme)
    installed = slack_app(cast.programme, platform)
    link(installed, cast.member, "U-ANA")
    return installed


def test_a_correctly_signed_command_acts(client, cast, app):
    response = slack_post(client, app, "commands",
                          slash("U-ANA", "impediment The staging database is down"))

    assert response.status_code == 200
    assert response.json()["response_type"] == "ephemeral"
    item = FeedbackItem.objects.get()
    assert (item.title, item.raised_by, item.origin_team) == (
        "The staging database is down", cast.member, cast.team)


def test_a_body_signed_with_another_secret_is_refused_and_nothing_changes(client, app):
    response = slack_post(client, app, "commands", slash("U-ANA", "impediment Forged"),
                          secret=SLACK_SECRET[::-1])

    assert response.status_code == 401
    assert not FeedbackItem.objects.exists()


def test_a_signature_older_than_five_minutes_is_refused(client, app):
    stale = int(timezone.now().timestamp()) - 301
    response = slack_post(client, app, "commands", slash("U-ANA", "impediment Replayed"),
                          timestamp=stale)

    assert response.status_code == 401
    assert not FeedbackItem.objects.exists()


def test_a_request_without_signature_headers_is_refused(client, app):
    response = client.post(f"/chat/{app.programme.slug}/slack/commands/",
                           slash("U-ANA", "impediment Unsigned"))

    assert response.status_code == 401
    assert not FeedbackItem.objects.exists()


def test_a_request_from_another_workspace_is_refused(client, app):
    response = slack_post(client, app, "commands",
                          slash("U-ANA", "impediment Elsewhere", team_id="T9999"))

    assert response.status_code == 401
    assert not FeedbackItem.objects.exists()


def test_a_retried_delivery_acts_once(client, app):
    fields = slash("U-ANA", "impediment Raised once")
    stamp = int(time.time())
    first = slack_post(client, app, "commands", fields, timestamp=stamp)
    retry = slack_post(client, app, "commands", fields, timestamp=stamp, retry=1)

    assert (first.status_code, retry.status_code) == (200, 200)
    assert FeedbackItem.objects.count() == 1


def test_a_programme_without_a_slack_app_has_no_endpoint(client, cast, app):
    response = client.post(f"/chat/{cast.other_programme.slug}/slack/commands/", {})

    assert response.status_code == 404


def test_receipts_older_than_a_day_are_forgotten(client, app):
    from datetime import timedelta

    from programmes.models import ChatReceipt

    slack_post(client, app, "commands", slash("U-ANA", "help"))
    ChatReceipt.objects.update(received_at=timezone.now() - timedelta(days=1, seconds=1))

    slack_post(client, app, "commands", slash("U-ANA", "help"))

    assert ChatReceipt.objects.count() == 1
