"""Every series is scheduled far enough ahead: the setting's days, and its next two occurrences."""

from datetime import date, time

import pytest
from django.urls import reverse

from ceremonies.models import Kind, Meeting
from ceremonies.series import services as series
from ceremonies.series.calendar import calendar_token
from ceremonies.tasks import meetings_schedule

WORKING_DAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
FIRST_TUESDAY = "FREQ=MONTHLY;BYDAY=+1TU"


def create(cast, kind, rrule="", sprint_day=None, start=time(14, 0)):
    return series.series_create(programme=cast.programme, by=cast.msm, kind=kind,
                                title=Kind(kind).label, rrule=rrule, sprint_day=sprint_day,
                                start_time=start, duration_minutes=60)


def scheduled(of):
    return [m.occurrence for m in of.meetings.filter(state=Meeting.State.SCHEDULED)
            .order_by("occurrence")]


@pytest.mark.clock("2027-02-03T09:00:00+00:00")
def test_a_monthly_series_shows_its_next_two_meetings_not_only_two_weeks(cast):
    steering = create(cast, Kind.STEERING, FIRST_TUESDAY)
    assert scheduled(steering) == [date(2027, 3, 2), date(2027, 4, 6)]


@pytest.mark.clock("2027-02-02T10:00:00+00:00")
def test_the_next_steering_committee_is_there_as_soon_as_this_one_ends(cast, time_machine):
    steering = create(cast, Kind.STEERING, FIRST_TUESDAY)
    time_machine.move_to("2027-02-02T15:05:00+00:00")  # today's (14:00–15:00) is over
    meetings_schedule()
    assert scheduled(steering)[:3] == [date(2027, 2, 2), date(2027, 3, 2), date(2027, 4, 6)]


@pytest.mark.clock("2027-02-01T09:00:00+00:00")
def test_a_brown_bag_shows_the_next_two_sprints(cast):
    cast.programme.first_sprint_start, cast.programme.sprint_length_days = date(2027, 1, 4), 14
    cast.programme.save()
    brown_bag = create(cast, Kind.BROWN_BAG, sprint_day=9)
    # Sprints start 4 Jan, 18 Jan, 1 Feb, 15 Feb: day 9 is 12 Jan, 26 Jan, 9 Feb, 23 Feb.
    assert scheduled(brown_bag) == [date(2027, 2, 9), date(2027, 2, 23)]


@pytest.mark.clock("2027-02-01T07:00:00+00:00")
def test_a_daily_series_keeps_the_two_weeks_of_the_setting(cast, settings):
    assert settings.MEETINGS_SCHEDULE_DAYS == 14
    sos = create(cast, Kind.SCRUM_OF_SCRUMS, WORKING_DAYS, start=time(9, 30))
    days = scheduled(sos)
    assert days[0] == date(2027, 2, 1) and days[-1] == date(2027, 2, 15)
    assert len(days) == 11  # ten working days and the Monday two weeks on


@pytest.mark.clock("2027-02-05T07:00:00+00:00")
def test_a_short_setting_still_reaches_two_occurrences_past_a_weekend(cast, settings):
    settings.MEETINGS_SCHEDULE_DAYS = 1  # a Friday: Saturday has no meeting
    sos = create(cast, Kind.SCRUM_OF_SCRUMS, WORKING_DAYS, start=time(9, 30))
    assert scheduled(sos) == [date(2027, 2, 5), date(2027, 2, 8), date(2027, 2, 9)]


@pytest.mark.clock("2027-02-03T09:00:00+00:00")
def test_the_calendar_feed_carries_the_next_two_steering_committees(cast, client):
    create(cast, Kind.STEERING, FIRST_TUESDAY)
    token = calendar_token(person=cast.stakeholder)
    feed = client.get(reverse("ceremonies:calendar_feed", args=[token.token])).content.decode()
    # 14:00 in London: GMT in March, BST (UTC+1) in April.
    assert "DTSTART:20270302T140000Z" in feed
    assert "DTSTART:20270406T130000Z" in feed
