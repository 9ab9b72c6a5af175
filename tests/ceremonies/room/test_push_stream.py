"""Who may open a room's event stream: the room's own rule, checked again while it runs."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from ceremonies.room import push
from programmes.models import TeamMembership
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


def events_of(stream) -> list[str]:
    """Everything `stream` yields until it ends, on an event loop of its own thread."""

    async def drain():
        return [event async for event in stream]

    with ThreadPoolExecutor(1) as loop_thread:
        return loop_thread.submit(asyncio.run, asyncio.wait_for(drain(), 10)).result()


def test_a_stream_ends_when_its_viewer_is_no_longer_admitted(meeting, monkeypatch, settings):
    settings.REDIS_URL = ""  # the in-process fan-out
    monkeypatch.setattr(push, "RECHECK_SECONDS", 0)
    checks = []

    async def refused() -> bool:
        checks.append(True)
        return False

    events = events_of(push._events(meeting.pk, "watcher:UTC", meeting.version,
                                    meeting.version, refused))
    assert events == [f"retry: {push.RETRY_MS}\n\n"] and checks == [True]


def test_a_viewer_removed_from_the_programme_is_no_longer_admitted(transactional_db, cast):
    meeting = make_meeting(cast.programme)
    request = RequestFactory().get(url(meeting, "live_stream"))
    request.user = cast.member
    assert push.admitted_now(request, cast.programme.slug, meeting.pk)
    TeamMembership.objects.filter(person=cast.member).delete()
    assert not push.admitted_now(request, cast.programme.slug, meeting.pk)
    request.user = AnonymousUser()
    assert not push.admitted_now(request, cast.programme.slug, meeting.pk)
