"""Who works on an impediment: the holder, the originator or the MSM changes its owner."""

import pytest

from feedback import services
from feedback.models import FeedbackEvent
from tests.feedback.test_forbidden import action_url

from .helpers import raise_impediment


def test_an_impediment_is_owned_by_whoever_raised_it(cast):
    assert raise_impediment(cast).owner == cast.scrum_master


def test_the_msm_hands_it_to_a_team_member(cast):
    item = raise_impediment(cast)
    services.feedback_assign_owner(item=item, by=cast.msm, owner=cast.member)
    item.refresh_from_db()
    assert item.owner == cast.member
    event = item.events.get(kind=FeedbackEvent.Kind.OWNER)
    assert event.actor == cast.msm and event.text == str(cast.member)


def test_the_page_changes_the_owner_with_a_plain_post(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.scrum_master)
    response = client.post(action_url(item, "owner"), {"owner-owner": cast.member.pk},
                           follow=True)
    assert "Owner changed." in response.content.decode()
    item.refresh_from_db()
    assert item.owner == cast.member


def test_the_htmx_answer_is_the_item_fragment(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)
    response = client.post(action_url(item, "owner"), {"owner-owner": cast.member.pk},
                           headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and str(cast.member) in html


def test_a_member_who_neither_holds_nor_raised_it_cannot(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.other_scrum_master)
    response = client.post(action_url(item, "owner"), {"owner-owner": cast.member.pk})
    assert response.status_code == 403
    assert "Only the holder, the originator or the MSM" in response.content.decode()
    item.refresh_from_db()
    assert item.owner == cast.scrum_master


def test_someone_from_another_programme_cannot_be_the_owner(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)
    response = client.post(action_url(item, "owner"), {"owner-owner": cast.outsider.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(services.FeedbackError, match="someone in this programme"):
        services.feedback_assign_owner(item=item, by=cast.msm, owner=cast.outsider)


def test_a_closed_item_keeps_its_owner(cast):
    item = raise_impediment(cast)
    services.feedback_answer(item=item, by=cast.msm, text="Done")
    services.feedback_close(item=item, by=cast.scrum_master)
    with pytest.raises(services.FeedbackError, match="reopen it first"):
        services.feedback_assign_owner(item=item, by=cast.msm, owner=cast.member)
