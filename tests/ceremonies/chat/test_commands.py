"""`/metascrum impediment`, `inbox`, `today` and `help` answer in an ephemeral message."""

import pytest

from feedback import services as feedback
from feedback.models import FeedbackItem
from tests.ceremonies.chat import link, mattermost_app, mm_command, slack_app, slack_post, slash
from tests.ceremonies.updates import post, upcoming_meeting


@pytest.fixture
def app(cast, platform):
    installed = slack_app(cast.programme, platform, channel="")
    for person, user in ((cast.msm, "U-MAYA"), (cast.member, "U-ANA"),
                         (cast.stakeholder, "U-STEVE")):
        link(installed, person, user)
    return installed


def command(client, app, user, text):
    response = slack_post(client, app, "commands", slash(user, text))
    assert response.status_code == 200
    return response.json()


def test_impediment_without_text_says_how(client, app):
    said = command(client, app, "U-ANA", "impediment")

    assert said["text"].startswith("Say what the impediment is")
    assert not FeedbackItem.objects.exists()


def test_impediment_needs_a_team(client, app):
    said = command(client, app, "U-STEVE", "impediment Budget is late")

    assert "You are in no team of Payments" in said["text"]
    assert not FeedbackItem.objects.exists()


def test_inbox_lists_what_waits_for_me_with_buttons(client, cast, app):
    feedback.impediment_raise(programme=cast.programme, team=cast.team, title="Staging is down",
                              raised_by=cast.member)

    said = command(client, app, "U-MAYA", "inbox")

    assert said["text"].startswith("1 item waiting for you")
    sections = [b["text"]["text"] for b in said["blocks"] if b["type"] == "section"]
    assert "*Staging is down*" in sections[1]
    buttons = [e["text"]["text"] for b in said["blocks"] if b["type"] == "actions"
               for e in b["elements"]]
    assert buttons == ["Acknowledge", "Answer", "Open in metascrum"]


def test_an_empty_inbox_says_so(client, app):
    assert command(client, app, "U-ANA", "inbox")["text"] == "Nothing waits for you."


def test_today_counts_the_teams_that_posted(client, cast, app):
    upcoming_meeting(cast.programme)
    post(cast.team, cast.scrum_master, at=None)

    said = command(client, app, "U-MAYA", "today")

    assert "1 of 2 teams posted" in said["text"]
    assert "Card Gateway: not posted yet" in said["text"]
    assert "Ledger: Green: on track" in said["text"]


def test_help_and_unknown_words_list_the_commands(client, app):
    for text in ("help", "", "dance"):
        assert "/metascrum update" in command(client, app, "U-ANA", text)["text"]


def test_mattermost_answers_the_command_with_attachments(client, cast, platform):
    app = mattermost_app(cast.programme, platform)
    link(app, cast.member, "mm-ana")

    response = mm_command(client, app, "mm-ana", "impediment Printer on fire")

    assert response.json()["response_type"] == "ephemeral"
    assert response.json()["attachments"][0]["title"].startswith("Impediment raised for Ledger")
    assert FeedbackItem.objects.get().title == "Printer on fire"


def test_mattermost_refuses_a_wrong_token(client, cast, platform):
    app = mattermost_app(cast.programme, platform)
    link(app, cast.member, "mm-ana")

    response = mm_command(client, app, "mm-ana", "impediment Forged", token="wrong")

    assert response.status_code == 401
    assert not FeedbackItem.objects.exists()


def test_the_inbox_costs_the_same_past_its_limit(client, cast, app):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ceremonies.chat.services import INBOX_LIMIT

    def queries_with_items(n):
        for i in range(n - FeedbackItem.objects.count()):
            feedback.impediment_raise(programme=cast.programme, team=cast.team,
                                      title=f"Blocked {i}", raised_by=cast.member)
        with CaptureQueriesContext(connection) as captured:
            said = command(client, app, "U-MAYA", "inbox")
        return len(captured.captured_queries), said

    at_limit, _ = queries_with_items(INBOX_LIMIT)
    past_it, said = queries_with_items(INBOX_LIMIT + 5)
    assert at_limit == past_it
    assert said["text"].startswith(f"{INBOX_LIMIT} items waiting for you (the oldest first")
