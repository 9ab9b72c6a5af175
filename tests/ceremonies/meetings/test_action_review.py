"""Open actions of earlier occurrences are reviewed at the next one: done, still open or
dropped, and the minutes record the answers."""

from datetime import date

import pytest

from ceremonies.meetings import actions
from ceremonies.meetings import state as room
from ceremonies.meetings.carryover import actions_to_review
from ceremonies.meetings.minutes import minutes_render
from ceremonies.meetings.record import action_record
from ceremonies.models import ActionReview, Kind, Meeting
from tests.ceremonies.meetings import make_meeting

MONDAY, TUESDAY, WEDNESDAY = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)


def record(meeting, owner, text):
    return action_record(meeting=meeting, by=owner, text=text, owner=owner,
                         due=date(2026, 11, 27))


@pytest.fixture
def monday(cast):
    return make_meeting(cast.programme, day=MONDAY)


@pytest.fixture
def tuesday(cast):
    return make_meeting(cast.programme, day=TUESDAY)


@pytest.fixture
def open_action(cast, monday):
    return record(monday, cast.scrum_master, "Book the SIT slots")


def test_the_next_occurrence_lists_the_open_actions_of_earlier_ones(cast, monday, tuesday,
                                                                   open_action):
    done = record(monday, cast.member, "Already done")
    actions.action_complete(action=done, by=cast.member)
    record(tuesday, cast.member, "Recorded today")
    record(make_meeting(cast.programme, day=WEDNESDAY), cast.member, "Recorded later")
    record(make_meeting(cast.programme, kind=Kind.STEERING, day=MONDAY), cast.member,
           "Another series")
    assert actions_to_review(tuesday) == [open_action]


def test_done_in_the_review_marks_the_action_done(cast, tuesday, open_action):
    actions.action_review(meeting=tuesday, action=open_action, outcome="done", by=cast.msm)
    open_action.refresh_from_db()
    assert (open_action.state, open_action.done_by) == ("done", cast.msm)
    assert [a.outcome for a in actions_to_review(tuesday)] == ["done"]  # still shown, answered


def test_still_open_keeps_it_open_and_it_comes_up_again_next_time(cast, tuesday, open_action):
    actions.action_review(meeting=tuesday, action=open_action, outcome="open", by=cast.msm)
    open_action.refresh_from_db()
    assert open_action.state == "open"
    assert actions_to_review(make_meeting(cast.programme, day=WEDNESDAY)) == [open_action]


def test_dropped_closes_it_for_good(cast, tuesday, open_action):
    actions.action_review(meeting=tuesday, action=open_action, outcome="dropped", by=cast.msm)
    open_action.refresh_from_db()
    assert (open_action.state, open_action.dropped_by) == ("dropped", cast.msm)
    assert actions_to_review(make_meeting(cast.programme, day=WEDNESDAY)) == []


def test_a_second_answer_replaces_the_first(cast, tuesday, open_action):
    actions.action_review(meeting=tuesday, action=open_action, outcome="done", by=cast.msm)
    actions.action_review(meeting=tuesday, action=open_action, outcome="open", by=cast.msm)
    assert list(ActionReview.objects.values_list("outcome", flat=True)) == ["open"]
    open_action.refresh_from_db()
    assert open_action.state == "open"


def test_an_answer_that_is_none_of_the_three_is_refused(cast, tuesday, open_action):
    with pytest.raises(room.RoomError, match="done, still open or dropped") as refused:
        actions.action_review(meeting=tuesday, action=open_action, outcome="maybe", by=cast.msm)
    assert refused.value.status == 400 and not ActionReview.objects.exists()


@pytest.mark.parametrize("day", [TUESDAY, WEDNESDAY])
def test_only_actions_of_earlier_meetings_are_reviewed(cast, tuesday, day):
    meeting = tuesday if day == TUESDAY else make_meeting(cast.programme, day=day)
    action = record(meeting, cast.member, "Not earlier")
    with pytest.raises(room.RoomError, match="not from an earlier meeting"):
        actions.action_review(meeting=tuesday, action=action, outcome="done", by=cast.msm)


def test_a_meeting_that_ended_keeps_its_review(cast, tuesday, open_action):
    room.meeting_start(meeting=tuesday, by=cast.msm)
    room.meeting_end(meeting=Meeting.objects.get(pk=tuesday.pk), by=cast.msm)
    with pytest.raises(room.RoomError, match="over"):
        actions.action_review(meeting=tuesday, action=open_action, outcome="done", by=cast.msm)


def test_the_minutes_record_the_review_and_each_actions_state(cast, tuesday, open_action):
    dropped = record(Meeting.objects.get(occurrence=MONDAY), cast.member, "Order test cards")
    room.meeting_start(meeting=tuesday, by=cast.msm)
    actions.action_review(meeting=tuesday, action=open_action, outcome="open", by=cast.msm)
    actions.action_review(meeting=tuesday, action=dropped, outcome="dropped", by=cast.msm)
    tuesday = Meeting.objects.get(pk=tuesday.pk)
    record(tuesday, cast.scrum_master, "Rebook SIT")
    room.meeting_end(meeting=tuesday, by=cast.msm)
    minutes = minutes_render(Meeting.objects.get(pk=tuesday.pk))
    assert "- Rebook SIT (Sam SM, due 27 Nov 2026; open)" in minutes.text
    assert ("Open actions reviewed\n"
            "- Book the SIT slots (Sam SM, from 23 Nov 2026): still open\n"
            "- Order test cards (Ana Member, from 23 Nov 2026): dropped\n") in minutes.text
    assert "Order test cards — Ana Member (from 23 Nov 2026): dropped" in minutes.html


def test_a_review_leaves_the_facilitators_controls_current(cast, tuesday, open_action):
    room.meeting_start(meeting=tuesday, by=cast.msm)
    seen = Meeting.objects.get(pk=tuesday.pk).version
    actions.action_review(meeting=tuesday, action=open_action, outcome="open", by=cast.msm)
    room.meeting_next(meeting=Meeting.objects.get(pk=tuesday.pk), by=cast.msm, version=seen)
    assert Meeting.objects.get(pk=tuesday.pk).current_item.position == 2
