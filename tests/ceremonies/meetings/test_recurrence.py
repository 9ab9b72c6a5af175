"""Recurrence: working days, monthly by weekday, once per sprint, and daylight saving."""

from datetime import UTC, date, datetime, time

import pytest
from django.core.exceptions import ValidationError

from ceremonies.meetings.recurrence import Preset, describe, preset_of, rrule_for, validate_rrule
from ceremonies.meetings.schedule import DEFAULTS, occurrences, series_schedule
from ceremonies.models import Kind, MeetingSeries
from tests import factories

# The series are created a month before the 2027 dates asked of them: a series reaches back
# 400 days before its creation (ceremonies.meetings.schedule.occurrences), not forever.
pytestmark = pytest.mark.clock("2026-12-01T09:00:00+00:00")


def make_series(programme, kind=Kind.SCRUM_OF_SCRUMS, rrule=None, sprint_day=None,
                start=time(9, 30)):
    rrule = DEFAULTS[kind]["rrule"] if rrule is None else rrule
    return MeetingSeries.objects.create(
        programme=programme, kind=kind, title=Kind(kind).label, rrule=rrule,
        sprint_day=sprint_day, start_time=start, duration_minutes=15)


@pytest.fixture
def london(db):
    return factories.ProgrammeFactory(name="London", timezone="Europe/London",
                                      first_sprint_start=date(2027, 1, 4),
                                      sprint_length_days=14)


def test_the_scrum_of_scrums_happens_every_working_day(london):
    series = make_series(london)
    week = occurrences(series, date(2027, 1, 4), date(2027, 1, 17))
    assert [d.isoformat() for d in week] == [
        "2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08",
        "2027-01-11", "2027-01-12", "2027-01-13", "2027-01-14", "2027-01-15"]


def test_the_steering_committee_meets_on_the_first_tuesday_of_each_month(london):
    series = make_series(london, Kind.STEERING)
    assert occurrences(series, date(2027, 1, 1), date(2027, 4, 30)) == [
        date(2027, 1, 5), date(2027, 2, 2), date(2027, 3, 2), date(2027, 4, 6)]


def test_a_last_friday_rule_from_the_monthly_preset(london):
    rule = rrule_for(Preset.MONTHLY, weekday="FR", ordinal="-1")
    series = make_series(london, Kind.STEERING, rrule=rule)
    assert occurrences(series, date(2027, 1, 1), date(2027, 2, 28)) == [
        date(2027, 1, 29), date(2027, 2, 26)]


def test_the_brown_bag_happens_once_per_sprint_on_its_sprint_day(london):
    series = make_series(london, Kind.BROWN_BAG, rrule="", sprint_day=9)
    # Sprints start 4 Jan, 18 Jan, 1 Feb, 15 Feb: day 9 is the Tuesday of the second week.
    assert occurrences(series, date(2027, 1, 1), date(2027, 2, 28)) == [
        date(2027, 1, 12), date(2027, 1, 26), date(2027, 2, 9), date(2027, 2, 23)]


def test_the_sprint_day_follows_a_change_of_sprint_length(london):
    london.sprint_length_days = 7
    london.save()
    series = make_series(london, Kind.BROWN_BAG, rrule="", sprint_day=1)
    assert occurrences(series, date(2027, 1, 4), date(2027, 1, 24)) == [
        date(2027, 1, 4), date(2027, 1, 11), date(2027, 1, 18)]


@pytest.mark.parametrize(("before", "after"), [
    # Clocks go forward on Sunday 28 March 2027 and back on Sunday 31 October 2027.
    (date(2027, 3, 26), date(2027, 3, 29)),
    (date(2027, 10, 29), date(2027, 11, 1)),
])
def test_the_local_time_holds_across_a_daylight_saving_change(london, before, after):
    series = make_series(london)
    meetings = {m.occurrence: m for m in series_schedule(series=series, today=before, days=3)}
    assert {before, after} <= set(meetings)
    for day in (before, after):
        local = meetings[day].scheduled_start.astimezone(london.tzinfo)
        assert (local.date(), local.time()) == (day, time(9, 30))
    utc_hours = [meetings[d].scheduled_start.astimezone(UTC).time() for d in (before, after)]
    summer, winter = time(8, 30), time(9, 30)
    assert utc_hours == ([winter, summer] if before.month == 3 else [summer, winter])


def test_a_new_york_programme_keeps_its_own_local_time(db):
    ny = factories.ProgrammeFactory(name="New York", timezone="America/New_York")
    series = make_series(ny, start=time(10, 0))
    # The US changes its clocks on 14 March 2027, two weeks before Europe.
    meetings = series_schedule(series=series, today=date(2027, 3, 12), days=3)
    assert [m.scheduled_start for m in meetings[:2]] == [
        datetime(2027, 3, 12, 15, 0, tzinfo=UTC), datetime(2027, 3, 15, 14, 0, tzinfo=UTC)]


@pytest.mark.parametrize("rule", [
    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "FREQ=MONTHLY;BYDAY=+1TU", "FREQ=WEEKLY;BYDAY=TH",
    "FREQ=MONTHLY;BYDAY=-1FR"])
def test_presets_read_back_what_they_wrote(rule):
    found = preset_of(rule)
    assert found["preset"] != Preset.CUSTOM
    assert rrule_for(found["preset"], weekday=found.get("weekday", ""),
                     ordinal=found.get("ordinal", "")) == rule


def test_a_rule_is_described_in_words():
    assert describe("FREQ=MONTHLY;BYDAY=+1TU", None) == "The first Tuesday of every month"
    assert describe("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", None) == "Every working day"
    assert describe("", 9) == "Once per sprint, on day 9"
    assert describe("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", None).startswith("RRULE ")


def test_a_custom_rule_is_normalised():
    assert validate_rrule(" rrule:freq=weekly;interval=2;byday=th; ") == \
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"
    assert validate_rrule("FREQ=WEEKLY;UNTIL=29990101T000000Z") == \
        "FREQ=WEEKLY;UNTIL=29990101T000000"


@pytest.mark.parametrize(("rule", "message"), [
    ("", "Write a rule"),
    ("every monday", "NAME=VALUE"),
    ("FREQ=HOURLY", "FREQ must be"),
    ("FREQ=WEEKLY;BYDAY=XX", "not a valid RRULE"),
    ("FREQ=WEEKLY;COUNT=3", "COUNT is not supported"),
    ("FREQ=DAILY;BYMONTHDAY=31;BYMONTH=2", "need FREQ=MONTHLY"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "no meeting in the coming year"),
    ("FREQ=WEEKLY;UNTIL=20200101T000000", "no meeting in the coming year"),
    ("DTSTART:20250101T000000\nRRULE:FREQ=DAILY", "one RRULE line"),
    ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL must be"),
    ("FREQ=MONTHLY;BYMONTHDAY=99", "BYMONTHDAY takes numbers"),
    ("FREQ=YEARLY;BYMONTH=13", "BYMONTH takes numbers"),
    ("FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO", "not a valid RRULE"),
])
def test_a_bad_rule_gets_a_clear_message(rule, message):
    with pytest.raises(ValidationError) as refused:
        validate_rrule(rule)
    assert message in refused.value.messages[0]
