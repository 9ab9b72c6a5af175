"""Every refused step of a loop gets a clear message and the right status, never a 500."""

import pytest
from django.urls import reverse

from feedback import services
from feedback.models import FeedbackItem
from tests import factories

from .helpers import raise_impediment

State = FeedbackItem.State


def action_url(item, action):
    return reverse("feedback:action", kwargs={"slug": item.programme.slug, "pk": item.pk,
                                              "action": action})


def test_it_refuses_closing_someone_elses_item(cast, client):
    item = raise_impediment(cast)
    services.feedback_answer(item=item, by=cast.msm, text="Fixed")
    client.force_login(cast.other_scrum_master)

    response = client.post(action_url(item, "close"))

    assert response.status_code == 403
    assert "Only the person who raised this item" in response.content.decode()
    item.refresh_from_db()
    assert item.state == State.ANSWERED


def test_the_holder_cannot_close_either(cast):
    item = raise_impediment(cast)
    services.feedback_answer(item=item, by=cast.msm, text="Fixed")

    with pytest.raises(services.FeedbackError) as refused:
        services.feedback_close(item=item, by=cast.msm)

    assert refused.value.status == 403


def test_it_refuses_closing_an_unanswered_item(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.scrum_master)

    response = client.post(action_url(item, "close"))

    assert response.status_code == 409
    assert "no answer yet" in response.content.decode()


def test_it_refuses_acknowledging_for_another_team(cast, client):
    item = services.decision_route_down(programme=cast.programme, title="x",
                                        teams=[cast.team, cast.other_team], by=cast.msm)
    client.force_login(cast.scrum_master)

    response = client.post(action_url(item, "acknowledge"), {"team": cast.other_team.pk})

    assert response.status_code == 403
    assert f"Only people of {cast.other_team} acknowledge" in response.content.decode()
    assert not item.addressees.filter(acknowledged_at__isnull=False).exists()


def test_it_refuses_escalating_an_item_you_do_not_hold(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.stakeholder)

    response = client.post(action_url(item, "escalate"))

    assert response.status_code == 403
    assert "Only the current holder escalates" in response.content.decode()
    item.refresh_from_db()
    assert item.level == FeedbackItem.Level.PROGRAMME


def test_it_refuses_escalating_past_the_stakeholders(cast):
    item = raise_impediment(cast)
    services.feedback_escalate(item=item, by=cast.msm)
    services.feedback_escalate(item=item, by=cast.parent_msm)
    top = factories.make_stakeholder(cast.parent)

    with pytest.raises(services.FeedbackError, match="already with the stakeholders"):
        services.feedback_escalate(item=item, by=top)


def test_it_refuses_acknowledging_twice(cast, client):
    item = raise_impediment(cast)
    services.feedback_acknowledge(item=item, by=cast.msm)
    client.force_login(cast.msm)

    response = client.post(action_url(item, "acknowledge"))

    assert response.status_code == 409
    assert "already acknowledged" in response.content.decode()


def test_it_refuses_answering_a_closed_item(cast):
    item = raise_impediment(cast)
    services.feedback_answer(item=item, by=cast.msm, text="x")
    services.feedback_close(item=item, by=cast.scrum_master)

    with pytest.raises(services.FeedbackError, match="closed cannot be answered"):
        services.feedback_answer(item=item, by=cast.msm, text="again")


def test_a_stale_copy_cannot_act_on_a_changed_item(cast):
    item = raise_impediment(cast)
    stale = FeedbackItem.objects.get(pk=item.pk)
    services.feedback_answer(item=item, by=cast.msm, text="x")
    services.feedback_close(item=item, by=cast.scrum_master)

    with pytest.raises(services.FeedbackError):
        services.feedback_escalate(item=stale, by=cast.msm)


@pytest.mark.parametrize("name", ["item", "action"])
def test_outsiders_get_a_404(cast, client, name):
    item = raise_impediment(cast)
    client.force_login(cast.outsider)
    kwargs = {"slug": item.programme.slug, "pk": item.pk}
    if name == "action":
        kwargs["action"] = "acknowledge"

    response = client.post(reverse(f"feedback:{name}", kwargs=kwargs))

    assert response.status_code == 404


def test_an_item_is_not_found_under_another_programme(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.outsider)

    response = client.get(reverse("feedback:item", kwargs={"slug": cast.other_programme.slug,
                                                           "pk": item.pk}))

    assert response.status_code == 404


@pytest.mark.parametrize("action", ["acknowledge", "answer", "close", "reopen", "escalate",
                                    "delegate", "comment"])
def test_actions_reject_get(cast, client, action):
    item = raise_impediment(cast)
    client.force_login(cast.msm)

    response = client.get(action_url(item, action))

    assert response.status_code == 405


def test_an_unknown_action_is_a_404(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)

    assert client.post(action_url(item, "explode")).status_code == 404


def test_a_refusal_over_htmx_comes_back_as_a_fragment_with_the_message(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.stakeholder)

    response = client.post(action_url(item, "escalate"), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response["X-Feedback-Refused"] == "403"
    assert "<html" not in body
    assert "Only the current holder escalates" in body


def test_only_the_msm_changes_response_times(cast, client):
    client.force_login(cast.scrum_master)

    response = client.get(reverse("feedback:settings", kwargs={"slug": cast.programme.slug}))

    assert response.status_code == 403


def test_a_stakeholder_cannot_raise_an_item_up(cast):
    with pytest.raises(services.FeedbackError, match="Stakeholders sit at the top"):
        services.feedback_raise(programme=cast.programme, kind="question", title="x",
                                direction="up", raised_by=cast.stakeholder)


def test_a_member_cannot_raise_for_another_team(cast):
    with pytest.raises(services.FeedbackError) as refused:
        services.impediment_raise(programme=cast.programme, team=cast.other_team, title="x",
                                  raised_by=cast.member)
    assert refused.value.status == 403
