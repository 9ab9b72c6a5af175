"""In the browser: the MSM installs the chat app, and a person links their chat account
through the one-time link the app sent them."""

import pytest
from playwright.sync_api import expect

from ceremonies.chat import teams
from ceremonies.chat.services import Caller, link_offer
from programmes.models import ChatApp, ChatIdentity
from tests.browser.axe import assert_accessible
from tests.browser.dialogs import answering

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_msm_installs_the_chat_app_by_keyboard(cast, open_page):
    page = open_page(cast.msm)
    page.goto(f"/p/{cast.programme.slug}/integrations/")
    app = page.locator("#chat-app")
    expect(app.get_by_text("No chat app installed.")).to_be_visible()

    app.get_by_label("Platform").select_option("mattermost")
    app.get_by_label("Workspace or team id").fill("team-1")
    app.get_by_label("Signing secret (Slack)").fill("tok")
    app.get_by_label("Bot token").fill("bot-secret")
    app.get_by_label("Bot token").press("Enter")
    expect(page.get_by_text("Give your Mattermost server's address.")).to_be_visible()
    expect(page.locator("#chat-app").get_by_label("Workspace or team id")).to_have_value(
        "team-1")
    assert_accessible(page)

    app = page.locator("#chat-app")
    app.get_by_label("Platform").select_option("slack")
    app.get_by_label("Signing secret (Slack)").fill(
        "slack-signing-secret")
    app.get_by_label("Bot token").fill("xoxb-bot-secret")
    app.get_by_label("Channel id for the updates").fill("C0UPDATES")
    app.get_by_role("button", name="Install the chat app").press("Enter")

    expect(page.get_by_text("Slack app installed.")).to_be_visible()
    expect(page.locator("#chat-app-installed")).to_contain_text(
        f"/chat/{cast.programme.slug}/slack/interactions/")
    assert "slack-signing-secret" not in page.content()
    assert ChatApp.objects.get().signing_secret == "slack-signing-secret"
    assert_accessible(page)

    asked = answering(page, once=True)
    page.get_by_role("button", name="Remove the chat app").press("Enter")
    expect(page.get_by_text("The chat app is removed")).to_be_visible()
    assert asked == ["Remove the chat app? Everyone's link to it goes too."]
    assert not ChatApp.objects.exists()


def test_a_person_links_their_chat_account(cast, open_page):
    app = ChatApp.objects.create(programme=cast.programme, platform="slack", workspace="T1",
                                 signing_secret="s", bot_token="b")
    token = link_offer(Caller(app=app, user_id="U-ANA", user_name="ana")).link_token
    page = open_page(cast.member)

    page.goto(f"/chat/link/{token}/")
    expect(page.get_by_role("heading", name="Link your chat account")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Link this account").press("Enter")

    expect(page.get_by_text("Your Slack account ana is linked")).to_be_visible()
    assert ChatIdentity.objects.get().person == cast.member
    page.goto(f"/chat/link/{token}/")
    expect(page.locator("#link-error")).to_contain_text("used already")


def test_the_msm_installs_a_teams_outgoing_webhook_and_a_person_links_to_it(cast, open_page):
    page = open_page(cast.msm)
    page.goto(f"/p/{cast.programme.slug}/integrations/")
    app = page.locator("#chat-app")
    app.get_by_label("Platform").select_option("teams")
    app.get_by_label("Workspace or team id").fill("72f988bf-86f1-41af-91ab-2d7cd011db47")
    app.get_by_label("Signing secret (Slack)").fill("cBlS0WjPS+P8WfWq6PZyGndF0/+m2Xqn2ZF8BQ7M8d8=")
    app.get_by_role("button", name="Install the chat app").press("Enter")

    expect(page.get_by_text("Microsoft Teams app installed.")).to_be_visible()
    expect(page.locator("#chat-app-installed")).to_contain_text(
        f"/chat/{cast.programme.slug}/teams/commands/")
    expect(page.locator("#chat-app-installed")).not_to_contain_text("Interactivity URL")
    assert_accessible(page)

    teams = ChatApp.objects.get()
    token = teams_link_offer(teams)
    page = open_page(cast.member)
    page.goto(f"/chat/link/{token}/")
    expect(page.get_by_text("The Teams account Ana Teams will act as you")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Link this account").press("Enter")
    expect(page.get_by_text("Your Microsoft Teams account Ana Teams is linked")).to_be_visible()
    assert ChatIdentity.objects.get().user_id == "aad-ana"


def teams_link_offer(app) -> str:
    """The token of the link `@metascrum link` answers with (kept only hashed)."""
    said = teams.answer(app, teams.Activity(id="1", user_id="aad-ana", user_name="Ana Teams",
                                            tenant="", text="link", locale="en-US",
                                            timestamp=None))
    return said.rsplit("/chat/link/", 1)[1].split("/")[0]
