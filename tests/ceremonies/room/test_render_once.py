"""The live fragment is rendered once per change and kind of viewer, however many watch."""

import logging
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ceremonies.meetings import state as room
from ceremonies.room.live_poll import still_current
from tests import factories
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.room.test_pages import url

RENDERED = "live fragment rendered"


@pytest.fixture
def meeting(cast):
    meeting = make_meeting(cast.programme)
    room.meeting_start(meeting=meeting, by=cast.msm)
    meeting.refresh_from_db()
    return meeting


def watchers(cast, count, timezone="Europe/London"):
    people = [factories.make_member(cast.team, factories.PersonFactory(timezone=timezone))
              for _ in range(count)]
    return people


def poll_after_a_change(client, meeting, people, seen):
    bodies = []
    for person in people:
        client.force_login(person)
        response = client.get(url(meeting, "live"), {"v": seen})
        assert response.status_code == 200
        bodies.append(response.content.decode())
    return bodies


def renders(caplog) -> int:
    return sum(RENDERED in record.getMessage() for record in caplog.records)


def test_fifty_watchers_cost_the_one_render_one_watcher_costs(client, cast, meeting, caplog):
    caplog.set_level(logging.INFO, logger="ceremonies.room.render_cache")
    seen = meeting.version
    room.meeting_next(meeting=meeting, by=cast.msm, version=seen)
    poll_after_a_change(client, meeting, watchers(cast, 1), seen)
    assert renders(caplog) == 1
    caplog.clear()
    seen = seen + 1
    room.meeting_next(meeting=meeting, by=cast.msm, version=seen)
    bodies = poll_after_a_change(client, meeting, watchers(cast, 50), seen)
    assert renders(caplog) == 1
    assert len(set(bodies)) == 1


def queries_of_poll(client, meeting, person, seen) -> int:
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(meeting, "live"), {"v": seen}).status_code == 200
    return len(queries)


def test_the_fiftieth_watcher_costs_what_the_second_does(client, cast, meeting):
    seen = meeting.version
    room.meeting_next(meeting=meeting, by=cast.msm, version=seen)
    first, second, *others = watchers(cast, 50)
    rendering = queries_of_poll(client, meeting, first, seen)
    costs = {queries_of_poll(client, meeting, person, seen) for person in [second, *others]}
    assert len(costs) == 1
    assert costs.pop() < rendering  # the agenda and who has posted are read once


def test_a_watcher_in_another_time_zone_is_another_kind(client, cast, meeting, caplog):
    caplog.set_level(logging.INFO, logger="ceremonies.room.render_cache")
    seen = meeting.version
    room.meeting_next(meeting=meeting, by=cast.msm, version=seen)
    poll_after_a_change(client, meeting, watchers(cast, 2, "Europe/London"), seen)
    poll_after_a_change(client, meeting, watchers(cast, 2, "Asia/Tokyo"), seen)
    assert renders(caplog) == 2


def test_the_shared_fragment_holds_no_controls_and_no_csrf_token(client, cast, meeting):
    seen = meeting.version
    room.meeting_next(meeting=meeting, by=cast.msm, version=seen)
    html = poll_after_a_change(client, meeting, watchers(cast, 1), seen)[0]
    assert "Facilitator controls" not in html and "csrfmiddlewaretoken" not in html


def test_the_facilitator_still_gets_their_controls(client, cast, meeting):
    seen = meeting.version
    room.meeting_next(meeting=meeting, by=cast.msm, version=seen)
    html = poll_after_a_change(client, meeting, [cast.msm], seen)[0]
    assert "Facilitator controls" in html and "csrfmiddlewaretoken" in html


def test_the_shared_fragment_polls_on_the_cheap_path(client, rf, cast, meeting):
    seen = meeting.version
    room.meeting_next(meeting=meeting, by=cast.msm, version=seen)
    html = poll_after_a_change(client, meeting, watchers(cast, 1), seen)[0]
    query = re.search(r'hx-get="[^"?]+\?([^"]+)"', html).group(1).replace("&amp;", "&")
    assert still_current(rf.get(f"/?{query}"), meeting.pk)
