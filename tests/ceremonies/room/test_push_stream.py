"""Who may open a room's event stream: the room's own rule."""

import pytest

from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.room.test_pages import url


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.programme)


def test_an_outsider_gets_no_stream(client, cast, meeting):
    client.force_login(cast.outsider)
    assert client.get(url(meeting, "live_stream")).status_code == 404


def test_someone_signed_out_is_sent_to_sign_in(client, meeting):
    response = client.get(url(meeting, "live_stream"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_meeting_of_another_programme_is_not_found(client, cast):
    elsewhere = make_meeting(cast.other_programme)
    client.force_login(cast.member)
    path = url(elsewhere, "live_stream").replace(cast.other_programme.slug,
                                                 cast.programme.slug)
    assert client.get(path).status_code == 404


def test_the_stream_only_answers_get(client, cast, meeting):
    client.force_login(cast.member)
    assert client.post(url(meeting, "live_stream")).status_code == 405
