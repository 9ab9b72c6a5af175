"""Acknowledge, Answer and Close in chat do what the item page does, with its permission
checks, and the message the button was on changes to show the outcome."""

import pytest

from feedback import services as feedback
from feedback.models import FeedbackItem
from tests.ceremonies.chat import (
    block_action,
    link,
    mattermost_app,
    mm_button,
    mm_context,
    mm_submit,
    opened_view,
    slack_app,
    slack_post,
    view_submission,
)

State = FeedbackItem.State


@pytest.fixture
def app(cast, platform):
    installed = slack_app(cast.programme, platform, channel="")
    for person, user in ((cast.msm, "U-MAYA"), (cast.member, "U-ANA"),
                         (cast.scrum_master, "U-SAM"), (cast.other_scrum_master, "U-KENJI")):
        link(installed, person, user)
    return installed


@pytest.fixture
def impediment(cast):
    """Ana's impediment, routed up to Maya (the MSM)."""
    return feedback.impediment_raise(programme=cast.programme, team=cast.team,
                                     title="Staging is down", raised_by=cast.member)


def press(client, app, platform, user, action, item, path="/response/1"):
    return slack_post(client, app, "interactions", block_action(
        user, action, f"feedback:{item.pk}", response_url=platform.url(path)))


def test_the_holder_acknowledges_and_the_message_shows_it(client, cast, app, platform,
                                                          impediment):
    response = press(client, app, platform, "U-MAYA", "feedback.ack", impediment)

    assert response.status_code == 200
    impediment.refresh_from_db()
    assert impediment.state == State.ACKNOWLEDGED
    replaced = platform.to("/response/1")[0].body
    assert replaced["replace_original"] is True
    assert "Acknowledged by Maya MSM." in replaced["blocks"][0]["text"]["text"]
    labels = [e["text"]["text"] for e in replaced["blocks"][1]["elements"]]
    assert labels == ["Answer", "Open in metascrum"]  # what is left to do


def test_someone_who_does_not_hold_the_item_cannot_acknowledge_it(client, app, platform,
                                                                  impediment):
    press(client, app, platform, "U-KENJI", "feedback.ack", impediment)

    impediment.refresh_from_db()
    assert impediment.state == State.ROUTED
    told = platform.to("/response/1")[0].body
    assert told["replace_original"] is False
    assert "Only the current holder acknowledges this item." in told["text"]


def test_the_answer_button_opens_a_form_whose_answer_is_recorded(client, app, platform,
                                                                 impediment):
    press(client, app, platform, "U-MAYA", "feedback.answer", impediment)
    view = opened_view(platform)

    empty = slack_post(client, app, "interactions", view_submission("U-MAYA", view, {}))
    answered = slack_post(client, app, "interactions", view_submission(
        "U-MAYA", view, {"answer": "Ops restored it"}))

    assert empty.json()["errors"] == {"answer": "Write the answer or the action taken."}
    assert answered.status_code == 200
    impediment.refresh_from_db()
    assert (impediment.state, impediment.answer) == (State.ANSWERED, "Ops restored it")
    assert platform.to("/response/1")[0].body["replace_original"] is True


def test_a_non_originator_cannot_close_the_loop(client, cast, app, platform, impediment):
    feedback.feedback_answer(item=impediment, by=cast.msm, text="Ops restored it")

    press(client, app, platform, "U-KENJI", "feedback.close", impediment)

    impediment.refresh_from_db()
    assert impediment.state == State.ANSWERED
    assert "Only the person who raised this item" in platform.to("/response/1")[0].body["text"]


def test_the_originator_closes_the_loop(client, cast, app, platform, impediment):
    feedback.feedback_answer(item=impediment, by=cast.msm, text="Ops restored it")

    press(client, app, platform, "U-ANA", "feedback.close", impediment)

    impediment.refresh_from_db()
    assert impediment.state == State.CLOSED
    assert "Closed by Ana Member." in platform.to("/response/1")[0].body["text"]


def test_a_person_of_another_programme_is_refused(client, cast, app, platform, impediment):
    link(app, cast.outsider, "U-OLGA")  # linked before, say; no role in Payments

    press(client, app, platform, "U-OLGA", "feedback.ack", impediment)

    impediment.refresh_from_db()
    assert impediment.state == State.ROUTED
    assert "not in a programme of yours" in platform.to("/response/1")[0].body["text"]


def test_a_decision_is_acknowledged_for_the_team(client, cast, app, platform):
    decision = feedback.decision_route_down(programme=cast.programme, title="Freeze on Friday",
                                            teams=[cast.team], by=cast.msm,
                                            closes_when_acknowledged=True)

    press(client, app, platform, "U-SAM", "feedback.ack", decision)

    decision.refresh_from_db()
    assert decision.state == State.CLOSED  # its only team acknowledged it
    assert decision.addressees.get().acknowledged_by == cast.scrum_master


def test_mattermost_updates_the_message_in_its_answer(client, cast, platform, impediment):
    app = mattermost_app(cast.programme, platform)
    link(app, cast.msm, "mm-maya")

    response = mm_button(client, app, "mm-maya",
                         mm_context(app, "feedback.ack", f"feedback:{impediment.pk}", "mm-maya"))

    attachment = response.json()["update"]["props"]["attachments"][0]
    assert attachment["text"].startswith("Acknowledged by Maya MSM.")
    assert [a["name"] for a in attachment["actions"]] == ["Answer"]
    impediment.refresh_from_db()
    assert impediment.state == State.ACKNOWLEDGED


def test_mattermost_refuses_a_button_meant_for_someone_else(client, cast, platform,
                                                            impediment):
    app = mattermost_app(cast.programme, platform)
    link(app, cast.msm, "mm-maya")
    link(app, cast.other_scrum_master, "mm-kenji")
    for_maya = mm_context(app, "feedback.ack", f"feedback:{impediment.pk}", "mm-maya")

    stolen = mm_button(client, app, "mm-kenji", for_maya)
    forged = mm_button(client, app, "mm-maya", {**for_maya, "sig": "0" * 64})

    assert (stolen.status_code, forged.status_code) == (401, 401)
    impediment.refresh_from_db()
    assert impediment.state == State.ROUTED


def test_mattermost_refuses_a_non_originator_closing_in_an_ephemeral_message(
        client, cast, platform, impediment):
    app = mattermost_app(cast.programme, platform)
    link(app, cast.other_scrum_master, "mm-kenji")
    feedback.feedback_answer(item=impediment, by=cast.msm, text="Done")

    response = mm_button(client, app, "mm-kenji",
                         mm_context(app, "feedback.close", f"feedback:{impediment.pk}",
                                    "mm-kenji"))

    assert "Only the person who raised this item" in response.json()["ephemeral_text"]
    assert "update" not in response.json()
    impediment.refresh_from_db()
    assert impediment.state == State.ANSWERED


def test_mattermost_answer_dialog_needs_an_answer(client, cast, platform, impediment):
    app = mattermost_app(cast.programme, platform)
    link(app, cast.msm, "mm-maya")
    mm_button(client, app, "mm-maya",
              mm_context(app, "feedback.answer", f"feedback:{impediment.pk}", "mm-maya"))
    dialog = platform.to("/api/v4/actions/dialogs/open")[0].body["dialog"]

    response = mm_submit(client, app, "mm-maya", dialog, {"answer": "  "})

    assert response.json() == {"errors": {"answer": "Write the answer or the action taken."}}
