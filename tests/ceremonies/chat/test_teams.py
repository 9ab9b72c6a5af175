"""Microsoft Teams through its outgoing webhook: signed message activities, answered in the
channel, so only what the channel may read is done there."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ceremonies.chat.reminders import feedback_in_chat
from feedback import services as feedback
from feedback.models import FeedbackItem
from programmes.models import ChatIdentity, ChatReceipt
from tests.ceremonies.chat import (
    TENANT,
    link,
    teams_activity,
    teams_app,
    teams_post,
)
from tests.ceremonies.updates import post, upcoming_meeting

OTHER_TOKEN = "b3RoZXIgcHJvZ3JhbW1lJ3MgdG9rZW4gMTIzNDU2Nzg="


@pytest.fixture
def app(cast):
    return teams_app(cast.programme)


def said(response) -> str:
    assert response.status_code == 200
    answer = response.json()
    assert answer["type"] == "message"
    return answer["text"]


def test_today_is_answered_in_the_channel_to_anyone_there(client, cast, app):
    upcoming_meeting(cast.programme)
    post(cast.team, cast.scrum_master, at=None)

    text = said(teams_post(client, app, teams_activity("aad-visitor", "today")))

    assert "1 of 2 teams posted" in text
    assert "Ledger: Green" in text and "Card Gateway: not posted yet" in text
    assert reverse("ceremonies:today", kwargs={"slug": cast.programme.slug}) in text


def test_an_unknown_word_answers_with_the_help(client, app):
    text = said(teams_post(client, app, teams_activity("aad-visitor", "what now")))

    assert "@metascrum today" in text and "@metascrum link" in text


@pytest.mark.parametrize("word", ["update", "inbox"])
def test_personal_commands_point_elsewhere_since_answers_are_public(client, cast, app, word):
    link(app, cast.scrum_master, "aad-sam")

    text = said(teams_post(client, app, teams_activity("aad-sam", word)))

    assert text.startswith("**Not in Teams: its answers are public**")
    assert "Slack or Mattermost" in text


def test_a_bad_or_absent_signature_is_refused_and_nothing_changes(client, cast, app):
    link(app, cast.member, "aad-ana")
    activity = teams_activity("aad-ana", "impediment Staging is down")

    forged = teams_post(client, app, activity, token=OTHER_TOKEN)
    unsigned = teams_post(client, app, activity, signed=False)

    assert (forged.status_code, unsigned.status_code) == (401, 401)
    assert not FeedbackItem.objects.exists()
    assert not ChatReceipt.objects.exists()


def test_a_message_signed_for_another_programme_is_refused(client, cast, app):
    other = teams_app(cast.other_programme)
    other.signing_secret = OTHER_TOKEN
    other.save()
    link(app, cast.member, "aad-ana")

    refused = teams_post(client, app, teams_activity("aad-ana", "impediment Staging is down"),
                         token=other.signing_secret)

    assert refused.status_code == 401
    assert not FeedbackItem.objects.exists()


def test_an_old_or_other_tenants_message_is_refused(client, cast, app):
    link(app, cast.member, "aad-ana")
    old = teams_activity("aad-ana", "impediment Late",
                         when=timezone.now() - timedelta(minutes=10))
    elsewhere = teams_activity("aad-ana", "impediment Elsewhere", tenant="another-tenant")

    assert teams_post(client, app, old).status_code == 401
    assert teams_post(client, app, elsewhere).status_code == 401
    assert not FeedbackItem.objects.exists()


def test_a_linked_member_raises_an_impediment_once_even_when_replayed(client, cast, app):
    link(app, cast.member, "aad-ana")
    activity = teams_activity("aad-ana", "impediment Staging is down", activity_id="1700000001")

    first = said(teams_post(client, app, activity))
    again = said(teams_post(client, app, activity))

    item = FeedbackItem.objects.get()
    assert (item.title, item.raised_by, item.origin_team) == ("Staging is down", cast.member,
                                                             cast.team)
    assert "Impediment raised for Ledger: Staging is down" in first
    assert f"(as {cast.member})" in first
    assert again.startswith("Done already")


def test_an_unlinked_person_cannot_raise_an_impediment(client, app):
    text = said(teams_post(client, app, teams_activity("aad-new", "impediment Not yet")))

    assert "Link your Teams account first" in text
    assert not FeedbackItem.objects.exists()


def test_a_linked_account_whose_person_left_the_programme_is_refused(client, cast, app):
    link(app, cast.outsider, "aad-olga")

    text = said(teams_post(client, app, teams_activity("aad-olga", "impediment Hello")))

    assert "You have no role in Payments" in text
    assert not FeedbackItem.objects.exists()


def _link_in(text: str) -> str:
    url = text.rsplit("](", 1)[1].rstrip(")")
    return url.removeprefix(settings.SITE_URL)


def test_link_then_confirm_on_metascrum_then_act(client, cast, app):
    text = said(teams_post(client, app, teams_activity("aad-ana", "link", name="Ana Teams")))
    assert "Ana Teams: link your Teams account to metascrum" in text
    page_url = _link_in(text)
    client.force_login(cast.member)

    page = client.get(page_url)
    assert page.status_code == 200
    assert "Ana Teams" in page.content.decode()
    assert client.post(page_url).status_code == 302

    identity = ChatIdentity.objects.get(app=app)
    assert (identity.person, identity.user_id) == (cast.member, "aad-ana")
    assert client.post(page_url).status_code == 410  # once
    raised = said(teams_post(client, app, teams_activity("aad-ana", "impediment Printer jam")))
    assert "Impediment raised for Ledger" in raised
    again = said(teams_post(client, app, teams_activity("aad-ana", "link", name="Ana Teams")))
    assert f"this Teams account acts as {cast.member}" in again


def test_the_accounts_owner_moves_a_link_a_colleague_took_by_mistake(client, cast, app):
    text = said(teams_post(client, app, teams_activity("aad-ana", "link")))
    client.force_login(cast.msm)  # opened the public link first
    client.post(_link_in(text))
    assert ChatIdentity.objects.get().person == cast.msm

    text = said(teams_post(client, app, teams_activity("aad-ana", "link")))
    client.force_login(cast.member)
    assert client.post(_link_in(text)).status_code == 302

    assert ChatIdentity.objects.get().person == cast.member
    raised = said(teams_post(client, app, teams_activity("aad-ana", "impediment Printer jam")))
    assert f"(as {cast.member})" in raised


def test_the_link_expires_after_ten_minutes(client, cast, app):
    text = said(teams_post(client, app, teams_activity("aad-ana", "link")))
    app.link_tokens.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(cast.member)

    assert client.post(_link_in(text)).status_code == 410
    assert not ChatIdentity.objects.exists()


def test_someone_of_another_programme_cannot_take_the_link(client, cast, app):
    text = said(teams_post(client, app, teams_activity("aad-ana", "link")))
    client.force_login(cast.outsider)

    assert client.post(_link_in(text)).status_code == 403
    assert not ChatIdentity.objects.exists()


def test_teams_has_no_buttons_or_dialogs_endpoint(client, cast, app):
    url = reverse("ceremonies:chat_interactions",
                  kwargs={"slug": cast.programme.slug, "platform": "teams"})

    assert client.post(url, {}).status_code == 404


def test_a_teams_account_gets_no_direct_messages(cast, app):
    link(app, cast.msm, "aad-maya")
    item = feedback.impediment_raise(programme=cast.programme, team=cast.team,
                                     title="Staging is down", raised_by=cast.member)

    assert list(feedback_in_chat(item.routed_at + timedelta(minutes=1))) == []


def test_the_tenant_is_read_from_the_activity(client, cast, app):
    app.workspace = "someone-else"
    app.save()

    assert teams_post(client, app, teams_activity("aad-x", "help")).status_code == 401
    app.workspace = TENANT
    app.save()
    assert teams_post(client, app, teams_activity("aad-x", "help")).status_code == 200


def test_answers_cost_a_fixed_number_of_queries(client, cast, app, django_assert_num_queries):
    upcoming_meeting(cast.programme)
    post(cast.team, cast.scrum_master, at=None)
    link(app, cast.member, "aad-ana")

    # The same, then the coming Scrum of Scrums and its teams' updates.
    with django_assert_num_queries(8):
        said(teams_post(client, app, teams_activity("aad-ana", "today")))
    # The app, the receipt (in a savepoint), old receipts gone, who it is.
    with django_assert_num_queries(6):
        said(teams_post(client, app, teams_activity("aad-visitor", "help")))
