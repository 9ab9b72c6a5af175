"""Nothing is done for a chat account before its person links it, once, through the one-time
link the app sends in a direct message."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from feedback.models import FeedbackItem
from programmes.models import ChatIdentity, ChatLinkToken
from tests.ceremonies.chat import (
    block_action,
    mattermost_app,
    mm_command,
    slack_app,
    slack_post,
    slash,
)


@pytest.fixture
def app(cast, platform):
    return slack_app(cast.programme, platform)


def _sent_link(platform) -> str:
    """The link in the direct message the app sent (the token is kept only hashed)."""
    message = platform.to("/slack/chat.postMessage")[-1].body
    button = message["blocks"][-1]["elements"][-1]
    return button["url"].removeprefix(settings.SITE_URL)


def test_an_unlinked_user_gets_the_linking_message_and_nothing_is_done(client, app, platform):
    response = slack_post(client, app, "commands", slash("U-NEW", "impediment Not yet"))

    assert response.status_code == 200
    assert "Link your metascrum account first" in response.json()["text"]
    assert not FeedbackItem.objects.exists()
    direct = platform.to("/slack/chat.postMessage")
    assert [call.body["channel"] for call in direct] == ["U-NEW"]
    assert "/chat/link/" in _sent_link(platform)


def test_an_unlinked_user_pressing_a_button_is_asked_to_link(client, app, platform):
    response = slack_post(client, app, "interactions", block_action(
        "U-NEW", "feedback.ack", "feedback:1", response_url=platform.url("/response/1")))

    assert response.status_code == 200
    told = platform.to("/response/1")
    assert told[0].body["replace_original"] is False
    assert "Link your metascrum account first" in told[0].body["text"]


def test_opening_the_link_signed_in_links_the_account_once(client, cast, app, platform):
    slack_post(client, app, "commands", slash("U-ANA", "help"))
    link = _sent_link(platform)
    client.force_login(cast.member)

    page = client.get(link)
    assert page.status_code == 200
    assert b"u-ana" in page.content
    linked = client.post(link)

    assert linked.status_code == 302
    identity = ChatIdentity.objects.get()
    assert (identity.person, identity.user_id) == (cast.member, "U-ANA")
    assert client.post(link).status_code == 410  # one time only
    slack_post(client, app, "commands", slash("U-ANA", "impediment Now it works"))
    assert FeedbackItem.objects.get().raised_by == cast.member


def test_a_person_of_another_programme_cannot_link_to_this_app(client, cast, app, platform):
    slack_post(client, app, "commands", slash("U-OLGA", "help"))
    client.force_login(cast.outsider)

    response = client.post(_sent_link(platform))

    assert response.status_code == 403
    assert b"no role in Payments" in response.content
    assert not ChatIdentity.objects.exists()


def test_an_expired_link_is_refused(client, cast, app, platform):
    slack_post(client, app, "commands", slash("U-ANA", "help"))
    ChatLinkToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(cast.member)

    response = client.post(_sent_link(platform))

    assert response.status_code == 410
    assert not ChatIdentity.objects.exists()


def test_the_link_page_asks_to_sign_in_first(client, app, platform):
    slack_post(client, app, "commands", slash("U-ANA", "help"))

    response = client.get(_sent_link(platform))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_mattermost_sends_the_link_in_the_direct_channel_of_the_bot_and_the_person(
        client, cast, platform):
    app = mattermost_app(cast.programme, platform)

    response = mm_command(client, app, "mm-ana", "inbox")

    assert response.status_code == 200
    assert platform.to("/api/v4/channels/direct")[0].body == ["bot-user", "mm-ana"]
    post = platform.to("/api/v4/posts")[0]
    assert post.body["channel_id"] == "dm-channel"
    assert post.headers["Authorization"] == "Bearer mm-bot-token"
    assert ChatLinkToken.objects.get().dm_channel == "dm-channel"  # where reminders will go


def test_a_link_sent_to_another_persons_account_is_refused(client, cast, app, platform):
    platform.emails["U-MALLORY"] = "mallory@example.com"
    slack_post(client, app, "commands", slash("U-MALLORY", "help"))
    client.force_login(cast.member)  # Mallory forwarded her link to Ana

    response = client.post(_sent_link(platform))

    assert response.status_code == 403
    assert b"mallory@example.com, not yours" in response.content
    assert not ChatIdentity.objects.exists()


def test_a_link_for_an_account_of_the_same_address_links(client, cast, app, platform):
    platform.emails["U-ANA"] = cast.member.email.upper()
    slack_post(client, app, "commands", slash("U-ANA", "help"))
    client.force_login(cast.member)

    assert client.post(_sent_link(platform)).status_code == 302
    assert ChatIdentity.objects.get().person == cast.member
    assert platform.to("/slack/users.info?user=U-ANA")


def test_the_link_is_sent_even_when_the_app_may_not_read_emails(client, app, platform):
    platform.statuses["/slack/users.info?user=U-NEW"] = [403]

    slack_post(client, app, "commands", slash("U-NEW", "help"))

    assert [c.body["channel"] for c in platform.to("/slack/chat.postMessage")] == ["U-NEW"]
    assert ChatLinkToken.objects.get().email == ""
