"""The item page and its actions, with and without htmx."""

from django.urls import reverse

from feedback import services
from feedback.models import FeedbackItem

from .helpers import raise_impediment


def test_the_item_page_shows_the_thread_and_the_holders_actions(cast, client):
    item = raise_impediment(cast, details="Since Monday")
    client.force_login(cast.msm)

    response = client.get(item.get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert "Since Monday" in body
    assert '<option value="parent:northwind" selected>Northwind MSM</option>' in body
    assert '<option value="stakeholders:payments">Payments steering</option>' in body
    assert 'id="item-holder">Payments MSM<' in body
    assert "Send answer" in body
    assert "Close the loop" not in body


def test_the_msm_acknowledges_with_a_plain_post_and_is_redirected(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)

    response = client.post(reverse("feedback:action", kwargs={
        "slug": cast.programme.slug, "pk": item.pk, "action": "acknowledge"}))

    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    item.refresh_from_db()
    assert item.state == FeedbackItem.State.ACKNOWLEDGED


def test_htmx_gets_the_item_fragment_back(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)

    response = client.post(item.get_absolute_url() + "answer/", {"text": "Rebooted"},
                           headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'id="item"' in body
    assert "Rebooted" in body


def test_the_inbox_quick_action_returns_a_row(cast, client):
    item = raise_impediment(cast)
    services.feedback_answer(item=item, by=cast.msm, text="Done")
    client.force_login(cast.scrum_master)

    response = client.post(item.get_absolute_url() + "close/", {"return": "row"},
                           headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.strip().startswith(f'<tr id="row-{item.pk}"')
    assert "Closed" in body


def test_a_plain_post_may_return_to_the_inbox(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)

    response = client.post(item.get_absolute_url() + "acknowledge/", {"next": "/inbox/"})

    assert response["Location"] == "/inbox/"


def test_it_ignores_an_offsite_next(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)

    response = client.post(item.get_absolute_url() + "acknowledge/",
                           {"next": "https://evil.example/"})

    assert response["Location"] == item.get_absolute_url()


def test_anyone_in_the_programme_comments(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.other_scrum_master)

    client.post(item.get_absolute_url() + "comment/", {"comment-text": "Us too"})

    assert item.events.filter(kind="comment", text="Us too").exists()


def test_the_programme_flow_lists_open_items_and_proposals(cast, client):
    raise_impediment(cast, title="Old blocker")
    client.force_login(cast.msm)

    response = client.get(reverse("feedback:programme", kwargs={"slug": cast.programme.slug}))

    body = response.content.decode()
    assert "Old blocker" in body
    assert "proposed for escalation" in body


def test_the_parent_msm_sees_the_childs_flow(cast, client):
    raise_impediment(cast, title="Child blocker")
    client.force_login(cast.parent_msm)

    response = client.get(reverse("feedback:programme", kwargs={"slug": cast.parent.slug}))

    assert "Child blocker" in response.content.decode()


def test_the_msm_saves_response_times(cast, client):
    client.force_login(cast.msm)

    response = client.post(reverse("feedback:settings", kwargs={"slug": cast.programme.slug}), {
        "acknowledge_within_working_days": 2, "answer_within_sprint": "on",
        "stakeholder_answer_within_days": 20, "escalation_after_working_days": 5})

    assert response.status_code == 302
    assert services.settings_for(cast.programme).escalation_after_working_days == 5


def test_the_programme_home_shows_the_open_loops(cast, client):
    raise_impediment(cast)
    client.force_login(cast.msm)

    response = client.get(f"/p/{cast.programme.slug}/")

    assert "<strong>1</strong> open" in response.content.decode()


def test_htmx_get_of_the_item_returns_the_fragment(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.member)

    response = client.get(item.get_absolute_url(), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "<html" not in body and 'id="item"' in body


def test_a_member_acknowledges_a_decision_for_their_team_from_the_inbox(cast, client):
    decision = services.decision_route_down(programme=cast.programme, title="Freeze",
                                            teams=[cast.team, cast.other_team], by=cast.msm)
    client.force_login(cast.member)

    response = client.post(decision.get_absolute_url() + "acknowledge/", {"return": "row"},
                           headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert decision.addressees.get(team=cast.team).acknowledged_by == cast.member
    assert f"{cast.team} ✓" in response.content.decode()
