"""Build meetings for tests: a series, one meeting, and its default agenda."""

from datetime import date, time

from ceremonies.meetings.schedule import meeting_create
from ceremonies.models import Kind, MeetingSeries


def make_meeting(programme, *, kind=Kind.SCRUM_OF_SCRUMS, minutes=15, day=None,
                 extra_items=0):
    series, _ = MeetingSeries.objects.get_or_create(
        programme=programme, kind=kind,
        defaults={"title": Kind(kind).label, "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                  "start_time": time(9, 30), "duration_minutes": minutes})
    meeting = meeting_create(series=series, day=day or date(2026, 11, 24))
    for n in range(extra_items):
        meeting.items.create(position=100 + n, title=f"Extra {n}", timebox_seconds=60)
    return meeting
