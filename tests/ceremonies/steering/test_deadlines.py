"""An item escalated to the stakeholders is expected answered by the next Steering Committee."""

from datetime import UTC, date, datetime, timedelta

from ceremonies.models import Kind
from feedback import services as feedback
from tests.ceremonies.meetings import make_meeting

RAISED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _to_stakeholders(cast):
    item = feedback.feedback_raise(programme=cast.parent, kind="request", title="Budget",
                                   direction="up", raised_by=cast.parent_msm, at=RAISED)
    assert item.level == "stakeholders"
    return item


def test_the_next_steering_committee_is_the_deadline(cast):
    meeting = make_meeting(cast.parent, kind=Kind.STEERING, minutes=60, day=date(2026, 12, 1))
    assert _to_stakeholders(cast).respond_by == meeting.scheduled_start


def test_without_a_steering_committee_the_settings_days_apply(cast):
    assert _to_stakeholders(cast).respond_by == RAISED + timedelta(days=30)


def test_a_steering_committee_within_a_day_leaves_time_until_the_next(cast):
    make_meeting(cast.parent, kind=Kind.STEERING, minutes=60, day=date(2026, 11, 20))
    later = make_meeting(cast.parent, kind=Kind.STEERING, minutes=60, day=date(2026, 12, 1))
    assert _to_stakeholders(cast).respond_by == later.scheduled_start
