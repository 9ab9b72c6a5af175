"""`/metascrum update` and the reminder's button open the update's form in chat; what it
submits goes through the page's own form and service, with the same refusals."""

from datetime import timedelta

import pytest
from django.utils.timezone import localdate

from ceremonies.chat import blocks
from ceremonies.models import DailyUpdate
from tests.ceremonies.chat import (
    block_action,
    link,
    mattermost_app,
    mm_button,
    mm_command,
    mm_context,
    mm_submit,
    opened_view,
    slack_app,
    slack_post,
    slash,
    view_submission,
)
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.updates import post, upcoming_meeting

FILLED = {"health": "green", "done": "Shipped the ledger export", "next": "Reconciliation"}


@pytest.fixture
def app(cast, platform):
    installed = slack_app(cast.programme, platform, channel="")
    link(installed, cast.scrum_master, "U-SAM")
    link(installed, cast.member, "U-ANA")
    return installed


@pytest.fixture
def meeting(cast):
    return upcoming_meeting(cast.programme)


def test_the_command_opens_the_form_prefilled_with_the_previous_updates_next(
        client, cast, app, platform, meeting):
    earlier = make_meeting(cast.programme, day=localdate() - timedelta(days=2))
    DailyUpdate.objects.create(team=cast.team, meeting=earlier, author=cast.scrum_master,
                               health="green", done="x", next="Reconcile the ledgers")

    response = slack_post(client, app, "commands", slash("U-SAM", "update"))

    assert response.status_code == 200
    call = platform.to("/slack/views.open")[0]
    assert call.body["trigger_id"].startswith("13345224609.")
    assert call.headers["Authorization"] == "Bearer xoxb-test"
    view = call.body["view"]
    assert view["title"]["text"] == "Ledger update"
    done = next(b for b in view["blocks"] if b["block_id"] == "done")
    assert done["element"]["initial_value"] == "Reconcile the ledgers"


def test_a_submitted_form_posts_the_update(client, cast, app, platform, meeting):
    slack_post(client, app, "commands", slash("U-SAM", "update"))

    response = slack_post(client, app, "interactions",
                          view_submission("U-SAM", opened_view(platform), FILLED))

    assert response.status_code == 200
    update = DailyUpdate.objects.get(team=cast.team, meeting=meeting)
    assert (update.author, update.health, update.done) == (
        cast.scrum_master, "green", "Shipped the ledger export")


def test_an_empty_required_field_returns_its_error_and_nothing_is_posted(
        client, app, platform, meeting):
    slack_post(client, app, "commands", slash("U-SAM", "update"))
    view = opened_view(platform)

    response = slack_post(client, app, "interactions",
                          view_submission("U-SAM", view, {**FILLED, "health": ""}))

    assert response.status_code == 200
    assert response.json()["response_action"] == "errors"
    assert "health" in response.json()["errors"]
    assert not DailyUpdate.objects.exists()
    corrected = slack_post(client, app, "interactions", view_submission("U-SAM", view, FILLED))
    assert corrected.status_code == 200
    assert DailyUpdate.objects.count() == 1


def test_amber_without_a_reason_is_refused_as_on_the_page(client, app, platform, meeting):
    slack_post(client, app, "commands", slash("U-SAM", "update"))

    response = slack_post(client, app, "interactions", view_submission(
        "U-SAM", opened_view(platform), {**FILLED, "health": "amber"}))

    assert response.json()["errors"]["health_reason"].startswith("Say why the team is amber")
    assert not DailyUpdate.objects.exists()


def test_a_retried_submission_posts_the_update_once(client, cast, app, platform, meeting):
    slack_post(client, app, "commands", slash("U-SAM", "update"))
    fields = view_submission("U-SAM", opened_view(platform), FILLED)

    slack_post(client, app, "interactions", fields)
    slack_post(client, app, "interactions", fields, retry=1)

    update = DailyUpdate.objects.get()
    assert update.version == 1


def test_a_member_who_may_not_post_is_refused(client, app, platform, meeting):
    response = slack_post(client, app, "commands", slash("U-ANA", "update"))

    assert "You do not post a team's update" in response.json()["text"]
    assert not platform.to("/slack/views.open")


def test_a_member_submitting_a_form_for_the_team_is_refused_by_the_service(
        client, cast, app, platform, meeting):
    state = {"team": cast.team.pk, "meeting": meeting.pk, "version": 0, "origin": {}}
    view = blocks.update_dialog(app, team=cast.team, initial={}, state=state, user="U-ANA")

    response = slack_post(client, app, "interactions", view_submission("U-ANA", view, FILLED))

    assert "Only Ledger's Scrum Master" in response.json()["errors"]["done"]
    assert not DailyUpdate.objects.exists()


def test_the_reminders_button_opens_the_form_and_the_reminder_then_shows_the_outcome(
        client, cast, app, platform, meeting):
    reminder = platform.url("/response/reminder")
    slack_post(client, app, "interactions", block_action(
        "U-SAM", "update.open", f"team:{cast.team.pk}", response_url=reminder))

    slack_post(client, app, "interactions",
               view_submission("U-SAM", opened_view(platform), FILLED))

    assert DailyUpdate.objects.filter(team=cast.team).count() == 1
    replaced = platform.to("/response/reminder")[0].body
    assert replaced["replace_original"] is True
    assert replaced["text"].startswith("Ledger's update is posted")


def test_an_update_edited_elsewhere_meanwhile_is_not_overwritten(client, cast, app, platform,
                                                                  meeting):
    slack_post(client, app, "commands", slash("U-SAM", "update"))
    view = opened_view(platform)
    post(cast.team, cast.scrum_master, at=None, done="Typed on the page")

    response = slack_post(client, app, "interactions", view_submission("U-SAM", view, FILLED))

    assert "while you were editing" in response.json()["errors"]["done"]
    assert DailyUpdate.objects.get().done == "Typed on the page"


def test_mattermost_opens_the_dialog_and_returns_field_errors(client, cast, platform,
                                                              meeting):
    app = mattermost_app(cast.programme, platform)
    link(app, cast.scrum_master, "mm-sam")

    mm_command(client, app, "mm-sam", "update")
    dialog = platform.to("/api/v4/actions/dialogs/open")[0].body["dialog"]
    refused = mm_submit(client, app, "mm-sam", dialog, {**FILLED, "health": None})
    posted = mm_submit(client, app, "mm-sam", dialog, FILLED)

    assert "health" in refused.json()["errors"]
    assert posted.json() == {}
    assert DailyUpdate.objects.get().author == cast.scrum_master


def test_mattermost_refuses_a_dialog_whose_state_we_did_not_sign(client, cast, platform,
                                                                 meeting):
    app = mattermost_app(cast.programme, platform)
    link(app, cast.scrum_master, "mm-sam")
    forged = {"callback_id": "update", "state": '{"d": {"team": 1}, "sig": "00"}'}

    response = mm_submit(client, app, "mm-sam", forged, FILLED)

    assert response.status_code == 401
    assert not DailyUpdate.objects.exists()


def test_mattermost_reminder_button_opens_the_dialog(client, cast, platform, meeting):
    app = mattermost_app(cast.programme, platform)
    link(app, cast.scrum_master, "mm-sam")

    response = mm_button(client, app, "mm-sam",
                         mm_context(app, "update.open", f"team:{cast.team.pk}", "mm-sam"))

    assert response.status_code == 200
    opened = platform.to("/api/v4/actions/dialogs/open")[0].body
    assert opened["trigger_id"] == "mm-trigger"
    assert opened["url"].endswith(f"/chat/{cast.programme.slug}/mattermost/interactions/")
