"""Skip is not remove: a skipped item stays on the agenda and in the minutes as skipped,
distinct from an item the meeting never reached."""

from datetime import UTC, datetime, timedelta

import pytest

from ceremonies.meetings import state as room
from ceremonies.meetings.minutes import minutes_render
from ceremonies.models import Meeting, MeetingEvent
from tests.ceremonies.meetings import make_meeting

T0 = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.programme)  # Card Gateway, Ledger (rotated), then the closing


def items(meeting):
    return list(meeting.items.order_by("position"))


def fresh(meeting):
    return Meeting.objects.get(pk=meeting.pk)


def test_skipping_the_running_item_starts_the_next_and_keeps_it_as_skipped(cast, meeting):
    first, second, _ = items(meeting)
    room.meeting_start(meeting=meeting, by=cast.msm, at=T0)
    room.meeting_skip(meeting=fresh(meeting), by=cast.msm, at=T0 + timedelta(seconds=40))
    first.refresh_from_db()
    assert (first.skipped_at, first.actual_seconds) == (T0 + timedelta(seconds=40), 40)
    assert first.outcome == "skipped"
    assert fresh(meeting).current_item == second
    second.refresh_from_db()
    assert second.started_at == T0 + timedelta(seconds=40)


def test_an_item_not_reached_yet_is_skipped_and_next_passes_it_over(cast, meeting):
    first, second, closing = items(meeting)
    room.meeting_start(meeting=meeting, by=cast.msm, at=T0)
    room.agenda_skip(meeting=fresh(meeting), item=second, by=cast.msm, at=T0)
    room.meeting_next(meeting=fresh(meeting), by=cast.msm, at=T0 + timedelta(minutes=5))
    assert fresh(meeting).current_item == closing
    second.refresh_from_db()
    assert second.started_at is None and second.outcome == "skipped"


def test_start_passes_over_an_item_skipped_before_the_meeting(cast, meeting):
    first, second, _ = items(meeting)
    room.agenda_skip(meeting=meeting, item=first, by=cast.msm)
    room.meeting_start(meeting=fresh(meeting), by=cast.msm)
    assert fresh(meeting).current_item == second


def test_a_skip_not_reached_yet_can_be_undone(cast, meeting):
    first, second, _ = items(meeting)
    room.agenda_skip(meeting=meeting, item=second, by=cast.msm)
    room.agenda_unskip(meeting=fresh(meeting), item=second, by=cast.msm)
    second.refresh_from_db()
    assert second.skipped_at is None
    assert list(MeetingEvent.objects.filter(meeting=meeting).values_list("action", "actor")) == [
        ("skip", cast.msm.pk), ("unskip", cast.msm.pk)]


def test_skipping_while_it_ran_cannot_be_undone(cast, meeting):
    first = items(meeting)[0]
    room.meeting_start(meeting=meeting, by=cast.msm)
    room.meeting_skip(meeting=fresh(meeting), by=cast.msm)
    with pytest.raises(room.RoomError, match="skipped while it ran"):
        room.agenda_unskip(meeting=fresh(meeting), item=first, by=cast.msm)


def test_an_item_already_discussed_cannot_be_skipped(cast, meeting):
    first = items(meeting)[0]
    room.meeting_start(meeting=meeting, by=cast.msm)
    room.meeting_next(meeting=fresh(meeting), by=cast.msm)
    with pytest.raises(room.RoomError, match="has been discussed"):
        room.agenda_skip(meeting=fresh(meeting), item=first, by=cast.msm)


def test_the_running_item_is_not_skipped_while_paused(cast, meeting):
    room.meeting_start(meeting=meeting, by=cast.msm)
    room.meeting_pause(meeting=fresh(meeting), by=cast.msm)
    with pytest.raises(room.RoomError, match="Resume"):
        room.meeting_skip(meeting=fresh(meeting), by=cast.msm)


def test_skipping_twice_is_refused(cast, meeting):
    second = items(meeting)[1]
    room.agenda_skip(meeting=meeting, item=second, by=cast.msm)
    with pytest.raises(room.RoomError, match="skipped already"):
        room.agenda_skip(meeting=fresh(meeting), item=second, by=cast.msm)


def test_a_stale_skip_is_refused(cast, meeting):
    seen = meeting.version
    room.meeting_start(meeting=meeting, by=cast.msm)
    with pytest.raises(room.RoomError, match="Someone else changed"):
        room.meeting_skip(meeting=fresh(meeting), by=cast.msm, version=seen)
    assert not fresh(meeting).items.filter(skipped_at__isnull=False).exists()


def test_an_ended_meetings_agenda_is_not_skipped(cast, meeting):
    closing = items(meeting)[-1]
    room.meeting_start(meeting=meeting, by=cast.msm)
    room.meeting_end(meeting=fresh(meeting), by=cast.msm)
    with pytest.raises(room.RoomError, match="cannot skip"):
        room.agenda_skip(meeting=fresh(meeting), item=closing, by=cast.msm)


def test_the_minutes_tell_skipped_from_not_reached(cast, meeting):
    first, second, closing = items(meeting)
    room.meeting_start(meeting=meeting, by=cast.msm, at=T0)
    room.meeting_skip(meeting=fresh(meeting), by=cast.msm, at=T0 + timedelta(seconds=30))
    room.meeting_end(meeting=fresh(meeting), by=cast.msm, at=T0 + timedelta(minutes=4))
    text = minutes_render(fresh(meeting)).text
    assert f"- {first.title}: 6 min 30 s / 30 s / skipped" in text
    assert f"- {second.title}: 6 min 30 s / 3 min 30 s / 3 min under" in text
    assert f"- {closing.title}: 2 min / — / not reached" in text
