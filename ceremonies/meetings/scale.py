"""A year of Scrums of Scrums for the scale data, and one running now (for the live poll)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ceremonies.meetings import state as room
from ceremonies.meetings.agendas import ItemSpec, default_agenda
from ceremonies.meetings.schedule import DEFAULTS, local_start, meeting_create, occurrences
from ceremonies.models import (
    AgendaItem,
    DailyUpdate,
    Dependency,
    Health,
    Kind,
    Meeting,
    MeetingSeries,
)
from programmes.scale import ScaleTree


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
        meetings = _history(series, past, rng)
        created += len(meetings)
        teams = [team for team in tree.teams if team.programme_id == train.pk]
        _updates(meetings, teams, tree, rng)
        _updates([_running_today(series, tree)], teams, tree, rng)
        _next_one(series, today)
    return created


def _history(series: MeetingSeries, days: list[date], rng) -> list[Meeting]:
    meetings = ended_meetings(series, days)
    items = [item for meeting in meetings
             for item in played_agenda(meeting, default_agenda(meeting), rng)]
    AgendaItem.objects.bulk_create(items, batch_size=5000)
    Meeting.objects.bulk_update(meetings, ["started_at", "ended_at"], batch_size=2000)
    return meetings


def ended_meetings(series: MeetingSeries, days: list[date]) -> list[Meeting]:
    """The series' meetings on `days`, ended (their timings come from `played_agenda`)."""
    return Meeting.objects.bulk_create(
        Meeting(programme=series.programme, series=series, kind=series.kind,
                title=series.title, occurrence=day, scheduled_start=local_start(series, day),
                timebox_minutes=series.duration_minutes, state=Meeting.State.ENDED,
                version=2)
        for day in days)


def played_agenda(meeting: Meeting, specs: list[ItemSpec], rng) -> list[AgendaItem]:
    """Unsaved agenda items with actual timings, each item a little over or under its
    timebox; sets the meeting's started_at and ended_at (the caller saves both)."""
    clock = meeting.scheduled_start + timedelta(seconds=rng.randint(0, 120))
    meeting.started_at = clock
    items = []
    for n, spec in enumerate(specs, start=1):
        actual = max(30, int(spec.timebox_seconds * rng.uniform(0.6, 1.5)))
        items.append(AgendaItem(meeting=meeting, position=n, title=spec.title[:160],
                                kind=spec.kind,
                                timebox_seconds=spec.timebox_seconds, team=spec.team,
                                child_programme=spec.child_programme, person=spec.person,
                                topic=spec.topic[:300], started_at=clock,
                                ended_at=clock + timedelta(seconds=actual),
                                actual_seconds=actual))
        clock += timedelta(seconds=actual)
    meeting.ended_at = clock
    return items


HEALTH_ODDS = [Health.GREEN] * 7 + [Health.AMBER] * 2 + [Health.RED]


def _updates(meetings: list[Meeting], teams: list, tree: ScaleTree, rng) -> None:
    """Most teams post before each meeting; now and then one needs another team."""
    updates, needs = [], []
    for meeting in meetings:
        posted = meeting.scheduled_start - timedelta(minutes=rng.randint(20, 180))
        for team in teams:
            if rng.random() < 0.05:
                continue  # the team that forgot: flagged in the room
            health = rng.choice(HEALTH_ODDS)
            update = DailyUpdate(
                team=team, meeting=meeting, author=tree.scrum_masters[team.pk],
                done=f"Finished story {rng.randint(100, 999)}",
                next=f"Start story {rng.randint(100, 999)}",
                blockers="Waiting for the staging database" if health == Health.RED else "",
                health=health, health_reason="" if health == Health.GREEN else "Scope grew",
                posted_at=posted, updated_at=posted)
            updates.append(update)
            if len(teams) > 1 and rng.random() < 0.02:
                provider = rng.choice([t for t in teams if t != team])
                needs.append((update, provider))
    DailyUpdate.objects.bulk_create(updates, batch_size=5000)
    Dependency.objects.bulk_create([
        _dependency(update, provider, rng.choice(list(Dependency.Status)), rng)
        for update, provider in needs], batch_size=5000)


def _dependency(update: DailyUpdate, provider, status: str, rng) -> Dependency:
    """A year of promises: answered within a day or two, committed near the date needed,
    delivered on time or a few days late."""
    needed_by = update.meeting.occurrence + timedelta(days=10)
    answered = status != Dependency.Status.REQUESTED
    answered_at = update.posted_at + timedelta(hours=rng.randint(1, 48))
    committed = (needed_by + timedelta(days=rng.randint(-2, 3))
                 if status in (Dependency.Status.ACCEPTED, Dependency.Status.COUNTERED,
                               Dependency.Status.DELIVERED) else None)
    delivered = (timezone.make_aware(datetime.combine(committed, time(15)))
                 + timedelta(days=rng.choice((0, 0, 0, 2)))
                 if status == Dependency.Status.DELIVERED else None)
    return Dependency(
        programme_id=update.team.programme_id, needing_team=update.team,
        providing_team=provider, what="An API contract for the next release",
        needed_by=needed_by, status=status, committed_date=committed,
        answer="Not this quarter" if status == Dependency.Status.DECLINED else "",
        answered_at=answered_at if answered else None, delivered_at=delivered,
        update=update, raised_by=update.author, created_at=update.posted_at,
        updated_at=update.posted_at)


def _running_today(series: MeetingSeries, tree: ScaleTree) -> Meeting:
    meeting = meeting_create(series=series, day=timezone.localdate())
    room.meeting_start(meeting=meeting, by=tree.msm)
    return meeting


def _next_one(series: MeetingSeries, today: date) -> None:
    """The next Scrum of Scrums, for which teams are posting their updates now."""
    upcoming = occurrences(series, today + timedelta(days=1), today + timedelta(days=7))
    meeting_create(series=series, day=upcoming[0])
