"""The rules follow each programme's own reminder leads (its series), else the site defaults."""

from datetime import UTC, date, datetime, timedelta

from ceremonies.brownbag import reminders as brownbag_reminders
from ceremonies.meetings import reminders as meeting_rules
from ceremonies.models import Kind, Meeting, MeetingSeries
from ceremonies.steering import reminders as steering_reminders
from ceremonies.updates import reminders as update_rules
from tests.ceremonies.brownbag import fixed_brown_bag
from tests.ceremonies.meetings import make_meeting
from tests.factories import make_stakeholder

START = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)  # make_meeting's default: 09:30 London


def _lead(programme, kind=Kind.SCRUM_OF_SCRUMS, **leads):
    MeetingSeries.objects.filter(programme=programme, kind=kind).update(**leads)


def _programmes(reminders):
    return {r.programme for r in reminders}


def test_a_programme_with_a_longer_lead_is_reminded_earlier_than_the_default(cast):
    make_meeting(cast.programme)
    make_meeting(cast.other_programme)
    _lead(cast.programme, reminder_minutes=30)
    assert _programmes(meeting_rules.meeting_soon(START - timedelta(minutes=31))) == set()
    due = list(meeting_rules.meeting_soon(START - timedelta(minutes=29)))
    assert _programmes(due) == {cast.programme}
    assert {r.due_at for r in due} == {START - timedelta(minutes=30)}
    later = meeting_rules.meeting_soon(START - timedelta(minutes=10))
    assert _programmes(later) == {cast.programme, cast.other_programme}


def test_a_shorter_lead_waits_past_the_default(cast):
    make_meeting(cast.programme)
    _lead(cast.programme, reminder_minutes=2)
    assert list(meeting_rules.meeting_soon(START - timedelta(minutes=9))) == []
    assert list(meeting_rules.meeting_soon(START - timedelta(minutes=2))) != []


def test_the_site_default_is_a_setting(cast, settings):
    settings.MEETING_REMINDER_MINUTES = 5
    make_meeting(cast.programme)
    assert list(meeting_rules.meeting_soon(START - timedelta(minutes=6))) == []
    due = list(meeting_rules.meeting_soon(START - timedelta(minutes=5)))
    assert {r.due_at for r in due} == {START - timedelta(minutes=5)}


def test_the_longest_leads_allowed_are_still_seen(cast):
    make_meeting(cast.programme)
    _lead(cast.programme, reminder_minutes=24 * 60, update_call_minutes=24 * 60)
    now = START - timedelta(hours=23, minutes=59)
    assert list(meeting_rules.meeting_soon(now)) != []
    assert list(update_rules.update_call(now)) != []


def test_the_brown_bag_agenda_goes_the_series_hours_before(cast):
    fixed_brown_bag(cast.programme)
    _lead(cast.programme, Kind.BROWN_BAG, agenda_lead_hours=3)
    day_before = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
    assert list(brownbag_reminders.brownbag_agenda(day_before)) == []
    due = list(brownbag_reminders.brownbag_agenda(START - timedelta(hours=3)))
    assert {r.due_at for r in due} == {START - timedelta(hours=3)}
    assert due[0].subject.startswith("Brown Bag today") and " is today, " in due[0].text


def test_the_agenda_never_goes_before_the_call_for_talks_closed(cast):
    meeting = fixed_brown_bag(cast.programme)
    _lead(cast.programme, Kind.BROWN_BAG, agenda_lead_hours=24)
    # Moved to 06:00: 24 hours before is 06:00 the day before, the call is still open.
    Meeting.objects.filter(pk=meeting.pk).update(
        scheduled_start=datetime(2026, 11, 24, 6, 0, tzinfo=UTC), moved=True)
    noon_before = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert list(brownbag_reminders.brownbag_agenda(noon_before - timedelta(minutes=1))) == []
    due = list(brownbag_reminders.brownbag_agenda(noon_before))
    assert {r.due_at for r in due} == {noon_before}


def test_the_steering_pack_goes_the_series_days_before(cast):
    make_stakeholder(cast.other_programme)
    make_meeting(cast.programme, kind=Kind.STEERING, minutes=60, day=date(2026, 12, 1))
    make_meeting(cast.other_programme, kind=Kind.STEERING, minutes=60, day=date(2026, 12, 1))
    _lead(cast.programme, Kind.STEERING, pack_lead_days=7)
    start = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    due = list(steering_reminders.steering_pack(start - timedelta(days=7)))
    assert {r.due_at for r in due} == {start - timedelta(days=7)}
    assert _programmes(due) == {cast.programme}
    assert list(steering_reminders.steering_pack(start - timedelta(days=7, minutes=1))) == []
    later = steering_reminders.steering_pack(start - timedelta(days=3))
    assert _programmes(later) == {cast.programme, cast.other_programme}
