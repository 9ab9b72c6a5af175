"""The MSM installs the programme's chat app on the Integrations page; its secrets are kept
encrypted and never shown again."""

import pytest
from django.db import connection
from django.urls import reverse

from programmes.models import AuditEntry, ChatApp

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
FORM = {"app-platform": "slack", "app-workspace": "T0001", "app-signing_secret": SECRET,
        "app-bot_token": "xoxb-1234-secret-bot", "app-api_url": "", "app-channel": "C0UPDATES"}


def url(name, cast):
    return reverse(f"programmes:{name}", kwargs={"slug": cast.programme.slug})


@pytest.fixture
def msm(client, cast):
    client.force_login(cast.msm)
    return client


def test_the_msm_installs_the_slack_app_with_its_secrets_encrypted(msm, cast):
    response = msm.post(url("chat_app_install", cast), FORM)

    assert response.status_code == 302
    app = ChatApp.objects.get()
    assert (app.platform, app.signing_secret, app.bot_token) == ("slack", SECRET,
                                                                 "xoxb-1234-secret-bot")
    with connection.cursor() as cursor:
        cursor.execute("SELECT signing_secret, bot_token FROM programmes_chatapp")
        stored = cursor.fetchone()
    assert SECRET not in stored[0] and "xoxb" not in stored[1]
    assert AuditEntry.objects.filter(action="chat_app.install").exists()


def test_the_page_shows_the_addresses_to_paste_and_never_the_secrets(msm, cast):
    msm.post(url("chat_app_install", cast), FORM)

    page = msm.get(url("integrations", cast)).content.decode()

    assert f"/chat/{cast.programme.slug}/slack/commands/" in page
    assert f"/chat/{cast.programme.slug}/slack/interactions/" in page
    assert SECRET not in page and "xoxb-1234" not in page


def test_a_change_with_the_secrets_left_blank_keeps_them(msm, cast):
    msm.post(url("chat_app_install", cast), FORM)

    msm.post(url("chat_app_install", cast), {**FORM, "app-signing_secret": "",
                                              "app-bot_token": "", "app-channel": "C0OTHER"})

    app = ChatApp.objects.get()
    assert (app.channel, app.signing_secret, app.bot_token) == ("C0OTHER", SECRET,
                                                                "xoxb-1234-secret-bot")


def test_mattermost_without_its_server_is_refused_keeping_what_was_typed(msm, cast):
    response = msm.post(url("chat_app_install", cast), {**FORM, "app-platform": "mattermost"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Give your Mattermost server" in page
    assert 'value="T0001"' in page and 'value="C0UPDATES"' in page
    assert not ChatApp.objects.exists()


def test_a_first_install_needs_the_secret(msm, cast):
    response = msm.post(url("chat_app_install", cast), {**FORM, "app-signing_secret": ""})

    assert response.status_code == 400
    assert not ChatApp.objects.exists()


def test_only_the_msm_installs_it(client, cast):
    client.force_login(cast.scrum_master)

    assert client.post(url("chat_app_install", cast), FORM).status_code == 403
    assert not ChatApp.objects.exists()


def test_the_msm_removes_it(msm, cast):
    msm.post(url("chat_app_install", cast), FORM)

    assert msm.post(url("chat_app_remove", cast)).status_code == 302
    assert not ChatApp.objects.exists()
    assert AuditEntry.objects.filter(action="chat_app.remove").exists()


def test_the_page_cost_does_not_grow_with_linked_people(msm, cast):
    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext

    from programmes.models import ChatIdentity
    from tests import factories

    msm.post(url("chat_app_install", cast), FORM)
    app = ChatApp.objects.get()

    def queries_with(n):
        for i in range(n):
            person = factories.make_member(cast.team)
            ChatIdentity.objects.create(app=app, person=person, user_id=f"U{n}-{i}")
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            page = msm.get(url("integrations", cast))
        assert page.status_code == 200
        return len(captured.captured_queries), page.content.decode()

    few, _ = queries_with(1)
    many, page = queries_with(20)
    assert few == many
    assert '<dd id="chat-app-linked">21</dd>' in page


def test_a_team_gets_its_own_channel(msm, cast):
    msm.post(url("chat_app_install", cast), {**FORM, f"app-team_channel_{cast.team.pk}":
                                             " C0LEDGER "})

    app = ChatApp.objects.get()
    assert app.team_channels == {str(cast.team.pk): "C0LEDGER"}
    assert (app.channel_for(cast.team), app.channel_for(cast.other_team)) == (
        "C0LEDGER", "C0UPDATES")


TEAMS_TOKEN = "cBlS0WjPS+P8WfWq6PZyGndF0/+m2Xqn2ZF8BQ7M8d8="
TEAMS_FORM = {"app-platform": "teams", "app-workspace": "72f988bf-86f1-41af-91ab-2d7cd011db47",
              "app-signing_secret": TEAMS_TOKEN, "app-bot_token": "", "app-api_url": "",
              "app-channel": ""}


def test_the_msm_installs_a_teams_outgoing_webhook_without_a_bot_token(msm, cast):
    assert msm.post(url("chat_app_install", cast), TEAMS_FORM).status_code == 302

    app = ChatApp.objects.get()
    assert (app.platform, app.signing_secret) == ("teams", TEAMS_TOKEN)
    page = msm.get(url("integrations", cast)).content.decode()
    assert "Outgoing webhook callback URL" in page
    assert f"/chat/{cast.programme.slug}/teams/commands/" in page
    assert "/teams/interactions/" not in page
    assert TEAMS_TOKEN not in page


def test_a_teams_token_that_is_not_base64_is_refused_keeping_what_was_typed(msm, cast):
    response = msm.post(url("chat_app_install", cast),
                        {**TEAMS_FORM, "app-signing_secret": "not base64!"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "This is not the security token Teams showed" in page
    assert 'value="72f988bf-86f1-41af-91ab-2d7cd011db47"' in page
    assert not ChatApp.objects.exists()
