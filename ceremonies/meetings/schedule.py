"""Series → meetings: recurrence with dateutil in the programme's time zone (DST-safe)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import transaction

from ceremonies.meetings.agendas import default_agenda
from ceremonies.meetings.carryover import carry_into
from ceremonies.models import AgendaItem, Kind, Meeting, MeetingSeries
from programmes.services import sprints_ensure

DEFAULTS = {
    Kind.SCRUM_OF_SCRUMS: {"rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "duration": 15},
    Kind.BROWN_BAG: {"rrule": "", "sprint_day": 9, "duration": 60},
    Kind.STEERING: {"rrule": "FREQ=MONTHLY;BYDAY=+1TU", "duration": 60},
}


AHEAD = 2  # occurrences every series shows beyond today, however far apart they are
LONGEST_GAP = timedelta(days=400)  # no cadence the forms allow is sparser than this


def horizon_days() -> int:
    """The fewest days ahead a series creates its meetings (MEETINGS_SCHEDULE_DAYS)."""
    return settings.MEETINGS_SCHEDULE_DAYS


def horizon_end(series: MeetingSeries, today: date, days: int | None = None) -> date:
    """The last day scheduled ahead: `days` (MEETINGS_SCHEDULE_DAYS) or, when later, the day
    of the series' second occurrence after today, so a monthly Steering Committee is on
    everyone's calendar as soon as the previous one ends, not two weeks before."""
    end = today + timedelta(days=horizon_days() if days is None else days)
    span = timedelta(days=max((end - today).days, 14))
    while span <= LONGEST_GAP:
        ahead = occurrences(series, today + timedelta(days=1), today + span)
        if len(ahead) >= AHEAD:
            return max(end, ahead[AHEAD - 1])
        span *= 2
    return end


def occurrences(series: MeetingSeries, start: date, end: date) -> list[date]:
    """The series' dates from `start` to `end` inclusive."""
    if not series.rrule:
        programme = series.programme
        sprints_ensure(programme=programme, through=end)
        offset = timedelta(days=(series.sprint_day or 1) - 1)
        days = (s.start + offset for s in programme.sprints.filter(end__gte=start, start__lte=end))
        return sorted(d for d in days if start <= d <= end)
    anchor = datetime.combine(series.created_at.date() - timedelta(days=400), datetime.min.time())
    rule = rrulestr(series.rrule, dtstart=anchor)
    window = rule.between(datetime.combine(start, datetime.min.time()),
                          datetime.combine(end, datetime.max.time()), inc=True)
    return [moment.date() for moment in window]


def local_start(series: MeetingSeries, day: date) -> datetime:
    """The start as an aware datetime: the local time holds across daylight-saving changes."""
    return datetime.combine(day, series.start_time, tzinfo=series.programme.tzinfo)


def meeting_create(*, series: MeetingSeries, day: date) -> Meeting:
    meeting = Meeting.objects.create(
        programme=series.programme, series=series, kind=series.kind, title=str(series.title),
        occurrence=day, scheduled_start=local_start(series, day),
        timebox_minutes=series.duration_minutes)
    agenda_reset(meeting=meeting)
    return meeting


def agenda_reset(*, meeting: Meeting) -> None:
    """Replace the agenda with the kind's default one (before the meeting starts), plus
    what the previous occurrence left open."""
    meeting.items.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, title=spec.title, kind=spec.kind,
                   timebox_seconds=spec.timebox_seconds, team=spec.team,
                   child_programme=spec.child_programme, topic=spec.topic)
        for n, spec in enumerate(default_agenda(meeting), start=1))
    carry_into(meeting)


@transaction.atomic
def series_schedule(*, series: MeetingSeries, today: date | None = None,
                    days: int | None = None) -> list[Meeting]:
    """Create the meetings up to the horizon that do not exist yet; safe to run repeatedly.
    A moved or cancelled occurrence keeps its row, so it stays moved or cancelled."""
    series = MeetingSeries.objects.select_for_update().select_related("programme").get(
        pk=series.pk)  # one scheduler at a time per series
    if series.paused:
        return []
    today = today or series.programme.today()
    existing = set(series.meetings.filter(occurrence__gte=today)
                   .values_list("occurrence", flat=True))
    return [meeting_create(series=series, day=day)
            for day in occurrences(series, today, horizon_end(series, today, days))
            if day not in existing]
