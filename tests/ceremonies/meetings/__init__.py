"""Build meetings for tests: a series, one meeting, and its default agenda."""

from datetime import date, time

from ceremonies.meetings.schedule import meeting_create
from ceremonies.models import DailyUpdate, Kind, MeetingSeries
from ceremonies.updates.services import blocker_to_impediment
from feedback.services import impediment_raise
from tests import factories


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


def trains_below(parent, count, *, day):
    """`count` programmes under `parent`, each with two teams (one posted, with a blocker
    raised as an impediment), a Scrum of Scrums on `day` and an open feedback loop."""
    msm = factories.make_msm(parent)
    for n in range(count):
        train = factories.ProgrammeFactory(name=f"Train {n:02}", parent=parent)
        posted = factories.TeamFactory(programme=train, name=f"Posted {n:02}")
        factories.TeamFactory(programme=train, name=f"Silent {n:02}")
        meeting = make_meeting(train, day=day)
        update = DailyUpdate.objects.create(team=posted, meeting=meeting, health="amber",
                                            health_reason="Late", done="Shipped",
                                            blockers="No test data")
        blocker_to_impediment(update=update, line=0, by=msm)
        impediment_raise(programme=train, team=posted, title=f"Flaky build {n}", raised_by=msm)
    return msm
