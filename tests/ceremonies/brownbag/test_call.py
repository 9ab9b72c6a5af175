"""The call for talks opens with the sprint and closes at noon the day before the Brown Bag."""

from datetime import UTC, datetime, timedelta

from ceremonies.brownbag import services as brownbag
from tests.ceremonies.brownbag import fixed_brown_bag, start_sprints
from tests.ceremonies.meetings import make_meeting


def test_the_call_opens_with_the_sprint_and_closes_at_noon_the_day_before(cast):
    meeting = fixed_brown_bag(cast.programme)
    call = brownbag.call_for(cast.programme.sprints.get(number=1))
    assert call.meeting == meeting
    assert call.opens_at == datetime(2026, 11, 16, 0, 0, tzinfo=UTC)
    assert call.closes_at == datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert call.state(datetime(2026, 11, 15, 23, 59, tzinfo=UTC)) == "upcoming"
    assert call.is_open(datetime(2026, 11, 23, 11, 59, tzinfo=UTC))
    assert call.state(datetime(2026, 11, 23, 12, 0, tzinfo=UTC)) == "closed"


def test_without_a_brown_bag_the_call_stays_open_to_the_sprints_end(cast):
    start_sprints(cast.programme, datetime(2026, 11, 16).date())
    call = brownbag.call_for(cast.programme.sprints.get(number=1))
    assert call.meeting is None
    assert call.closes_at == datetime(2026, 11, 30, 0, 0, tzinfo=UTC)


def test_a_brown_bag_on_the_sprints_first_day_closes_the_call_when_it_starts(cast):
    start_sprints(cast.programme, datetime(2026, 11, 16).date())
    meeting = make_meeting(cast.programme, kind="brown_bag", minutes=60,
                           day=datetime(2026, 11, 16).date())
    call = brownbag.call_for(cast.programme.sprints.get(number=1))
    assert call.closes_at == meeting.scheduled_start


def test_the_current_call_is_the_one_of_the_sprint_running_now(cast):
    fixed_brown_bag(cast.programme)
    at = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    assert brownbag.current_call(cast.programme, at).sprint.number == 2
    assert brownbag.current_call(cast.programme, at - timedelta(days=1)).sprint.number == 1
