"""What a meeting leaves open comes back at the next occurrence of its series, whether that
meeting exists when this one ends or is scheduled later, and only once."""

from datetime import date, timedelta

import pytest

from ceremonies.meetings import agenda_edit, carryover
from ceremonies.meetings import state as room
from ceremonies.meetings.schedule import agenda_reset, series_schedule
from ceremonies.models import AgendaItem, Meeting
from tests.ceremonies.meetings import make_meeting

TUESDAY, WEDNESDAY, THURSDAY = date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)
# The series' recurrence is anchored in the year before it was created: create it then.
pytestmark = pytest.mark.clock("2026-11-24T12:00:00+00:00")


def fresh(meeting):
    return Meeting.objects.get(pk=meeting.pk)


def hold(meeting, by, *, skip=(), reach=None):
    """Run the meeting and end it: items titled in `skip` are skipped when they come up; with
    `reach`, it ends while its `reach`th item runs (the rest not reached)."""
    room.meeting_start(meeting=meeting, by=by)
    started = 1
    while (current := fresh(meeting).current_item) is not None:
        if current.title in skip:
            room.meeting_skip(meeting=fresh(meeting), by=by)
        elif reach is not None and started >= reach:
            break
        else:
            room.meeting_next(meeting=fresh(meeting), by=by)
        started += 1
    return room.meeting_end(meeting=fresh(meeting), by=by)


@pytest.fixture
def tuesday(cast):
    return make_meeting(cast.programme, day=TUESDAY)


def test_a_skipped_slot_marks_the_next_meetings_slot_as_carried_over(cast, tuesday):
    wednesday = make_meeting(cast.programme, day=WEDNESDAY)
    slot = tuesday.items.get(team=cast.team)
    hold(tuesday, cast.msm, skip={"Ledger"})
    carried = wednesday.items.get(team=cast.team)
    assert (carried.carried_from, carried.carried_label) == (slot, "carried over (2nd time)")
    assert wednesday.items.filter(team=cast.team).count() == 1  # the slot, not a second one
    assert not carried.added_by_carryover


def test_what_was_not_reached_comes_back_when_the_next_meeting_is_scheduled_later(cast,
                                                                                 tuesday):
    hold(tuesday, cast.msm, reach=1)  # the first slot only; the others were not reached
    series_schedule(series=tuesday.series, today=WEDNESDAY, days=1)
    wednesday = Meeting.objects.get(series=tuesday.series, occurrence=WEDNESDAY)
    first, *rest = tuesday.items.order_by("position")
    assert {i.carried_from for i in wednesday.items.exclude(carried_from=None)} == set(rest)
    later = Meeting.objects.get(series=tuesday.series, occurrence=THURSDAY)
    assert not later.items.exclude(carried_from=None).exists()  # the next occurrence only


def test_scheduling_twice_carries_nothing_twice(cast, tuesday):
    hold(tuesday, cast.msm, skip={"Ledger"})
    series_schedule(series=tuesday.series, today=WEDNESDAY, days=1)
    series_schedule(series=tuesday.series, today=WEDNESDAY, days=1)
    assert carryover.carry_over(source=fresh(tuesday)) == []
    assert AgendaItem.objects.exclude(carried_from=None).count() == 1


def test_an_item_left_open_again_comes_back_a_third_time(cast, tuesday):
    wednesday = make_meeting(cast.programme, day=WEDNESDAY)
    thursday = make_meeting(cast.programme, day=THURSDAY)
    hold(tuesday, cast.msm, skip={"Ledger"})
    hold(wednesday, cast.msm, skip={"Ledger"})
    assert thursday.items.get(team=cast.team).carried_label == "carried over (3rd time)"


def test_an_item_added_by_hand_and_not_reached_is_added_to_the_next_agenda(cast, tuesday):
    agenda_edit.agenda_add(meeting=tuesday, title="Release readiness", timebox_seconds=180)
    wednesday = make_meeting(cast.programme, day=WEDNESDAY)
    hold(tuesday, cast.msm, reach=3)
    added = wednesday.items.get(title="Release readiness")
    assert added.added_by_carryover and added.timebox_seconds == 180
    assert added.position == wednesday.items.count()  # at the end
    assert fresh(wednesday).version > wednesday.version  # live viewers see it


def test_a_meeting_still_running_or_cancelled_is_passed_over(cast, tuesday):
    wednesday = make_meeting(cast.programme, day=WEDNESDAY)
    thursday = make_meeting(cast.programme, day=THURSDAY)
    Meeting.objects.filter(pk=wednesday.pk).update(state=Meeting.State.CANCELLED)
    hold(tuesday, cast.msm, skip={"Ledger"})
    assert thursday.items.get(team=cast.team).carried_times == 1
    assert not wednesday.items.exclude(carried_from=None).exists()


def test_dropping_an_added_item_takes_it_off_and_it_comes_back_no_more(cast, tuesday):
    agenda_edit.agenda_add(meeting=tuesday, title="Release readiness", timebox_seconds=180)
    wednesday = make_meeting(cast.programme, day=WEDNESDAY)
    hold(tuesday, cast.msm, reach=3)
    agenda_edit.agenda_drop_carried(item=wednesday.items.get(title="Release readiness"))
    assert not wednesday.items.filter(title="Release readiness").exists()
    agenda_reset(meeting=fresh(wednesday))  # rebuilding the agenda does not bring it back
    assert not wednesday.items.filter(title="Release readiness").exists()


def test_dropping_a_slot_the_agenda_has_anyway_keeps_the_slot_unmarked(cast, tuesday):
    wednesday = make_meeting(cast.programme, day=WEDNESDAY)
    hold(tuesday, cast.msm, skip={"Ledger"})
    agenda_edit.agenda_drop_carried(item=wednesday.items.get(team=cast.team))
    slot = wednesday.items.get(team=cast.team)
    assert (slot.carried_from, slot.carried_times) == (None, 0)
    agenda_reset(meeting=fresh(wednesday))
    assert wednesday.items.get(team=cast.team).carried_times == 0


def test_only_a_carried_item_is_dropped(cast, tuesday):
    with pytest.raises(room.RoomError, match="was not carried over"):
        agenda_edit.agenda_drop_carried(item=tuesday.items.first())


def test_removing_a_carried_item_stops_it_coming_back(cast, tuesday):
    wednesday = make_meeting(cast.programme, day=WEDNESDAY)
    hold(tuesday, cast.msm, skip={"Ledger"})
    agenda_edit.agenda_remove(item=wednesday.items.get(team=cast.team))
    agenda_reset(meeting=fresh(wednesday))
    assert wednesday.items.get(team=cast.team).carried_times == 0


def test_a_rebuilt_agenda_keeps_what_was_carried(cast, tuesday):
    wednesday = make_meeting(cast.programme, day=WEDNESDAY)
    hold(tuesday, cast.msm, skip={"Ledger"})
    agenda_reset(meeting=fresh(wednesday))  # e.g. the series' timebox changed
    assert wednesday.items.get(team=cast.team).carried_times == 1


def test_another_series_gets_nothing(cast, tuesday):
    other = make_meeting(cast.other_programme, day=WEDNESDAY)
    hold(tuesday, cast.msm, skip={"Ledger"})
    assert not other.items.exclude(carried_from=None).exists()


def test_a_meeting_ended_days_ago_carries_into_the_next_scheduled(cast, tuesday):
    hold(tuesday, cast.msm, skip={"Ledger"})
    series_schedule(series=tuesday.series, today=TUESDAY + timedelta(days=7), days=1)
    first = Meeting.objects.filter(series=tuesday.series, occurrence__gt=TUESDAY).order_by(
        "occurrence").first()
    assert first.items.get(team=cast.team).carried_times == 1


def test_a_carry_over_that_lost_a_race_adds_nothing_and_ends_nothing(cast, tuesday,
                                                                     monkeypatch):
    wednesday = make_meeting(cast.programme, day=WEDNESDAY)
    hold(tuesday, cast.msm, skip={"Ledger"})  # carried into Wednesday
    # As if another run had read the same items a moment before this one carried them:
    monkeypatch.setattr(carryover, "left_open",
                        lambda meeting: meeting.items.filter(skipped_at__isnull=False))
    assert carryover.carry_over(source=fresh(tuesday)) == []
    assert wednesday.items.exclude(carried_from=None).count() == 1
