import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from ceremonies.meetings import state as room
from ceremonies.models import Meeting
from tests.ceremonies.meetings import make_meeting

T0 = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def at(minutes=0, seconds=0):
    return T0 + timedelta(minutes=minutes, seconds=seconds)


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.programme)


def test_the_sos_agenda_has_a_slot_per_team_and_a_closing_slot(meeting):
    titles = [i.title for i in meeting.items.all()]
    assert sorted(titles[:2]) == ["Card Gateway", "Ledger"]
    assert titles[-1] == "Impediments and resource conflicts"
    assert sum(i.timebox_seconds for i in meeting.items.all()) <= 15 * 60


def test_start_runs_the_first_item(meeting, cast):
    room.meeting_start(meeting=meeting, by=cast.msm, at=at())
    meeting.refresh_from_db()
    assert meeting.state == "running" and meeting.started_at == at()
    assert meeting.current_item == meeting.items.first()
    assert meeting.current_item.started_at == at()


def test_next_records_actual_durations_item_by_item(meeting, cast):
    room.meeting_start(meeting=meeting, by=cast.msm, at=at())
    room.meeting_next(meeting=meeting, by=cast.msm, at=at(7))
    room.meeting_next(meeting=meeting, by=cast.msm, at=at(9, 30))
    first, second, closing = meeting.items.all()
    assert (first.actual_seconds, second.actual_seconds) == (420, 150)
    meeting.refresh_from_db()
    assert meeting.current_item == closing


def test_extend_adds_time_to_the_current_item(meeting, cast):
    room.meeting_start(meeting=meeting, by=cast.msm, at=at())
    room.meeting_extend(meeting=meeting, by=cast.msm, minutes=3, at=at(1))
    meeting.refresh_from_db()
    assert meeting.current_item.extended_seconds == 180


def test_a_pause_does_not_count_as_meeting_or_item_time(meeting, cast):
    room.meeting_start(meeting=meeting, by=cast.msm, at=at())
    room.meeting_pause(meeting=meeting, by=cast.msm, at=at(2))
    room.meeting_resume(meeting=meeting, by=cast.msm, at=at(12))
    room.meeting_next(meeting=meeting, by=cast.msm, at=at(13))
    meeting.refresh_from_db()
    assert meeting.paused_seconds == 600
    assert meeting.items.first().actual_seconds == 180


def test_end_closes_the_running_item_and_the_meeting(meeting, cast):
    room.meeting_start(meeting=meeting, by=cast.msm, at=at())
    room.meeting_end(meeting=meeting, by=cast.msm, at=at(16))
    meeting.refresh_from_db()
    assert meeting.state == "ended" and meeting.current_item is None
    assert meeting.items.first().actual_seconds == 960
    assert meeting.elapsed_seconds() == 960 and meeting.overrun_seconds == 60


def test_ending_while_paused_leaves_the_pause_out(meeting, cast):
    room.meeting_start(meeting=meeting, by=cast.msm, at=at())
    room.meeting_pause(meeting=meeting, by=cast.msm, at=at(5))
    room.meeting_end(meeting=meeting, by=cast.msm, at=at(20))
    meeting.refresh_from_db()
    assert meeting.elapsed_seconds() == 300


def test_every_transition_is_recorded_with_who_and_when(meeting, cast):
    room.meeting_start(meeting=meeting, by=cast.msm, at=at())
    room.meeting_next(meeting=meeting, by=cast.parent_msm, at=at(3))
    room.meeting_end(meeting=meeting, by=cast.msm, at=at(9))
    events = list(meeting.events.values_list("action", "actor", "from_state", "to_state", "at"))
    assert events == [
        ("start", cast.msm.pk, "scheduled", "running", at()),
        ("next", cast.parent_msm.pk, "running", "running", at(3)),
        ("end", cast.msm.pk, "running", "ended", at(9)),
    ]


def test_every_transition_bumps_the_version(meeting, cast):
    first = meeting.version
    room.meeting_start(meeting=meeting, by=cast.msm)
    room.meeting_pause(meeting=meeting, by=cast.msm)
    meeting.refresh_from_db()
    assert meeting.version == first + 2


@pytest.mark.parametrize("action,state", [
    ("next", "scheduled"), ("pause", "scheduled"), ("resume", "scheduled"), ("end", "scheduled"),
    ("extend", "scheduled"), ("start", "running"), ("resume", "running"), ("start", "paused"),
    ("pause", "paused"), ("next", "paused"), ("start", "ended"), ("next", "ended"),
    ("end", "ended"), ("resume", "ended"), ("extend", "ended"), ("start", "cancelled"),
    ("skip", "scheduled"), ("skip", "ended"), ("skip", "cancelled"),
])
def test_forbidden_transitions_are_refused(meeting, cast, action, state):
    Meeting.objects.filter(pk=meeting.pk).update(state=state)
    kwargs = {"minutes": 5} if action == "extend" else {}
    with pytest.raises(room.RoomError) as refused:
        room.CONTROLS[action](meeting=meeting, by=cast.msm, **kwargs)
    assert refused.value.status == 409
    assert Meeting.objects.get(pk=meeting.pk).state == state


def test_a_stale_version_is_refused(meeting, cast):
    room.meeting_start(meeting=meeting, by=cast.msm, version=meeting.version)
    with pytest.raises(room.RoomError, match="Someone else changed the meeting"):
        room.meeting_next(meeting=meeting, by=cast.parent_msm, version=meeting.version)


@pytest.mark.parametrize("minutes", [0, -5, 61])
def test_extend_refuses_silly_amounts(meeting, cast, minutes):
    room.meeting_start(meeting=meeting, by=cast.msm)
    with pytest.raises(room.RoomError) as refused:
        room.meeting_extend(meeting=meeting, by=cast.msm, minutes=minutes)
    assert refused.value.status == 400


def test_next_after_the_last_item_is_refused(meeting, cast):
    room.meeting_start(meeting=meeting, by=cast.msm)
    for _ in range(meeting.items.count()):
        room.meeting_next(meeting=meeting, by=cast.msm)
    with pytest.raises(room.RoomError, match="Every agenda item is done"):
        room.meeting_next(meeting=meeting, by=cast.msm)


@pytest.mark.django_db(transaction=True)
def test_two_facilitators_clicking_next_at_once_advance_it_once(cast):
    meeting = make_meeting(cast.programme)
    room.meeting_start(meeting=meeting, by=cast.msm)
    meeting.refresh_from_db()
    seen = meeting.version
    barrier, results = threading.Barrier(2), []

    def click(person):
        try:
            barrier.wait()
            room.meeting_next(meeting=meeting, by=person, version=seen)
            results.append("advanced")
        except room.RoomError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(p,)) for p in (cast.msm, cast.parent_msm)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["advanced", "refused"]
    meeting.refresh_from_db()
    assert meeting.current_item.position == 2
    assert meeting.events.filter(action="next").count() == 1
