"""The programme's Meetings tab: upcoming in the viewer's time zone, history with overruns."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from ceremonies.meetings import moves
from ceremonies.meetings import state as room
from ceremonies.models import Kind, Meeting
from tests.ceremonies.meetings import make_meeting


def url(cast, query=""):
    return reverse("ceremonies:meetings", kwargs={"slug": cast.programme.slug}) + query


def held(cast, days_ago, *, overrun_minutes=0, kind=Kind.SCRUM_OF_SCRUMS):
    """A meeting of `days_ago` that ran its timebox plus `overrun_minutes`."""
    meeting = make_meeting(cast.programme, kind=kind,
                           day=cast.programme.today() - timedelta(days=days_ago))
    start = meeting.scheduled_start
    room.meeting_start(meeting=meeting, by=cast.msm, at=start)
    room.meeting_end(meeting=meeting, by=cast.msm,
                     at=start + timedelta(minutes=meeting.timebox_minutes + overrun_minutes))
    return meeting


def test_everyone_in_the_programme_sees_the_tab(client, cast):
    for who in ("member", "stakeholder", "scrum_master", "msm"):
        client.force_login(getattr(cast, who))
        assert client.get(url(cast)).status_code == 200


def test_an_outsider_gets_a_404(client, cast):
    client.force_login(cast.outsider)
    assert client.get(url(cast)).status_code == 404


def test_upcoming_meetings_are_shown_in_the_viewers_time_zone(client, cast):
    meeting = make_meeting(cast.programme, day=cast.programme.today() + timedelta(days=2))
    cast.member.timezone = "Asia/Tokyo"
    cast.member.save()
    client.force_login(cast.member)
    html = client.get(url(cast)).content.decode()
    tokyo = meeting.scheduled_start.astimezone(ZoneInfo("Asia/Tokyo"))
    assert f"{tokyo:%H:%M}" in html and "Asia/Tokyo" in html


def test_the_history_shows_planned_actual_and_overrun(client, cast):
    held(cast, 1, overrun_minutes=3)
    client.force_login(cast.member)
    html = client.get(url(cast)).content.decode()
    assert '<td data-label="Planned">15 min</td>' in html
    assert '<td data-label="Actual">18 min</td>' in html
    assert '<td data-label="Overrun">3 min over</td>' in html


def test_cancelled_and_moved_meetings_are_marked(client, cast):
    today = cast.programme.today()
    cancelled = make_meeting(cast.programme, day=today + timedelta(days=2))
    moved = make_meeting(cast.programme, day=today + timedelta(days=3))
    moves.meeting_cancel(meeting=cancelled, by=cast.msm)
    moves.meeting_move(meeting=moved, by=cast.msm,
                       start=moved.scheduled_start + timedelta(hours=1))
    client.force_login(cast.msm)
    html = client.get(url(cast)).content.decode()
    assert 'class="cancelled"' in html and ">moved<" in html
    assert html.count(">Move or cancel<") == 1


def test_the_history_filters_by_kind(client, cast):
    held(cast, 1)
    held(cast, 2, kind=Kind.STEERING)
    client.force_login(cast.msm)
    html = client.get(url(cast, "?kind=steering")).content.decode()
    assert "Steering Committee</a></td>" in html and "Scrum of Scrums</a></td>" not in html
    assert client.get(url(cast, "?kind=<script>")).status_code == 200


def test_the_history_is_paginated(client, cast):
    for n in range(1, 23):
        held(cast, n)
    client.force_login(cast.msm)
    first = client.get(url(cast)).content.decode()
    second = client.get(url(cast, "?page=2")).content.decode()
    assert first.count('<tr class="overrun">') == 0 and "Page 1 of 2" in first
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("count", [3, 30])
def test_the_tab_makes_the_same_queries_whatever_the_history(client, cast, count,
                                                            django_assert_num_queries):
    for n in range(1, count + 1):
        held(cast, n, overrun_minutes=n % 3)
    for n in range(1, 4):
        make_meeting(cast.programme, day=cast.programme.today() + timedelta(days=n))
    assert Meeting.objects.count() == count + 3
    client.force_login(cast.msm)
    client.get(url(cast))  # warm the session
    with django_assert_num_queries(9):
        assert client.get(url(cast)).status_code == 200
