"""The room's poll: with the signed token from the page, an unchanged state costs one query."""

import re

import pytest
from django.core import signing

from ceremonies.meetings import state as room
from ceremonies.room.live_poll import poll_token
from programmes.models import TeamMembership
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.room.test_pages import url


@pytest.fixture
def meeting(cast):
    meeting = make_meeting(cast.programme)
    room.meeting_start(meeting=meeting, by=cast.msm)
    meeting.refresh_from_db()
    return meeting


def poll(client, meeting, version, token):
    return client.get(url(meeting, "live"), {"v": version, "t": token})


def test_the_room_page_polls_with_a_token(client, cast, meeting):
    client.force_login(cast.member)
    html = client.get(url(meeting)).content.decode()
    token = re.search(r"live/\?v=\d+&amp;t=([^\"]+)\"", html).group(1)
    assert signing.loads(token, salt="ceremonies.room.live-poll") == [cast.member.pk, meeting.pk]


def test_an_unchanged_state_costs_one_query(client, cast, meeting, django_assert_num_queries):
    client.force_login(cast.member)
    token = poll_token(person=cast.member, meeting=meeting)
    path = url(meeting, "live")
    with django_assert_num_queries(1):
        response = client.get(path, {"v": meeting.version, "t": token})
    assert response.status_code == 204


def test_a_change_goes_through_the_permission_checked_view(client, cast, meeting):
    client.force_login(cast.member)
    token = poll_token(person=cast.member, meeting=meeting)
    seen = meeting.version
    room.meeting_next(meeting=meeting, by=cast.msm, version=seen)
    response = poll(client, meeting, seen, token)
    assert response.status_code == 200 and 'id="live"' in response.content.decode()


def test_someone_removed_from_the_programme_sees_no_new_state(client, cast, meeting):
    client.force_login(cast.member)
    token = poll_token(person=cast.member, meeting=meeting)
    TeamMembership.objects.filter(person=cast.member).delete()
    room.meeting_next(meeting=meeting, by=cast.msm, version=meeting.version)
    assert poll(client, meeting, meeting.version, token).status_code == 404


def test_a_token_for_another_meeting_is_not_a_shortcut(client, cast, meeting):
    elsewhere = make_meeting(cast.other_programme)
    client.force_login(cast.member)
    token = poll_token(person=cast.member, meeting=meeting)
    assert poll(client, elsewhere, elsewhere.version, token).status_code == 404


@pytest.mark.parametrize("token", ["", "garbage", "W1sxLDJdXQ:1abc:forged"])
def test_a_bad_token_falls_back_to_the_checked_view(client, cast, meeting, token):
    client.force_login(cast.outsider)
    assert poll(client, meeting, meeting.version, token).status_code == 404


def test_an_expired_token_falls_back_to_the_checked_view(client, cast, meeting, monkeypatch):
    token = poll_token(person=cast.member, meeting=meeting)
    monkeypatch.setattr("ceremonies.room.live_poll.MAX_AGE", -1)
    response = poll(client, meeting, meeting.version, token)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
