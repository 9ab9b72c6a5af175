"""A year of Scrums of Scrums for the scale data, and one running now (for the live poll)."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from django.utils import timezone

from programmes.scale import ScaleTree

from . import room
from .agendas import default_agenda
from .models import AgendaItem, Kind, Meeting, MeetingSeries
from .schedule import DEFAULTS, local_start, occurrences


def build(tree: ScaleTree, *, days: int, seed: int) -> int:
    """Past meetings with actual timings for every train; returns how many meetings."""
    rng = random.Random(seed)
    today = timezone.localdate()
    created = 0
    for train in [tree.parent, *tree.trains]:
        series = MeetingSeries.objects.create(
            programme=train, kind=Kind.SCRUM_OF_SCRUMS, title="Scrum of Scrums",
            rrule=DEFAULTS[Kind.SCRUM_OF_SCRUMS]["rrule"], start_time=time(9, 30),
            duration_minutes=15)
        past = [d for d in occurrences(series, today - timedelta(days=days), today)
                if d < today]
        created += _history(series, past, rng)
        _running_today(series, tree)
    return created


def _history(series: MeetingSeries, days: list[date], rng) -> int:
    meetings = Meeting.objects.bulk_create(
        Meeting(programme=series.programme, series=series, kind=series.kind,
                title=series.title, occurrence=day, scheduled_start=local_start(series, day),
                timebox_minutes=series.duration_minutes, state=Meeting.State.ENDED,
                version=2)
        for day in days)
    items = []
    for meeting in meetings:
        clock = meeting.scheduled_start + timedelta(seconds=rng.randint(0, 120))
        meeting.started_at = clock
        for n, spec in enumerate(default_agenda(meeting), start=1):
            actual = max(30, int(spec.timebox_seconds * rng.uniform(0.6, 1.5)))
            items.append(AgendaItem(meeting=meeting, position=n, title=spec.title,
                                    timebox_seconds=spec.timebox_seconds, team=spec.team,
                                    child_programme=spec.child_programme, started_at=clock,
                                    ended_at=clock + timedelta(seconds=actual),
                                    actual_seconds=actual))
            clock += timedelta(seconds=actual)
        meeting.ended_at = clock
    AgendaItem.objects.bulk_create(items, batch_size=5000)
    Meeting.objects.bulk_update(meetings, ["started_at", "ended_at"], batch_size=2000)
    return len(meetings)


def _running_today(series: MeetingSeries, tree: ScaleTree) -> None:
    from .schedule import meeting_create

    meeting = meeting_create(series=series, day=timezone.localdate())
    room.meeting_start(meeting=meeting, by=tree.msm)
