"""A year of Steering Committees for the scale data: objectives and milestones that move month
by month, and each month's frozen pack.

It replays the year in order through the real services (`steering.objective_update`,
`milestone_update`, `snapshot_take`), so the history, the trends and the snapshots are what
the app would have recorded. One caveat of a replay: a snapshot reads feedback items in their
state of today, so items closed since then do not count as open in older packs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ceremonies.meetings.agendas import default_agenda
from ceremonies.meetings.scale import ended_meetings, played_agenda
from ceremonies.meetings.schedule import DEFAULTS, occurrences, series_schedule
from ceremonies.models import AgendaItem, Kind, Meeting, MeetingSeries, Milestone, Objective
from ceremonies.steering import services as steering
from programmes.models import Booking, Programme, Resource
from programmes.scale import ScaleTree

STEERING_AT = time(14, 0)
OBJECTIVES = ["Release every week", "Checkout conversion up five per cent",
              "Incidents halved", "Move to the new platform", "Accessible to WCAG 2.2 AA",
              "Pilot customers live", "Mobile app 2.0", "Cost per transaction down a fifth",
              "Partner API generally available", "Data retention compliant"]
MILESTONES = ["Design signed off", "Beta with pilot users", "Load test passed",
              "Security review passed", "General availability"]
STATUS_ODDS = ([Objective.Status.ON_TRACK] * 6 + [Objective.Status.AT_RISK] * 3
               + [Objective.Status.OFF_TRACK])


@dataclass
class Plan:
    """A milestone and when it will be delivered (None: not by today)."""

    milestone: Milestone
    delivered_on: date | None
    slips_by: int = 0


def build(tree: ScaleTree, *, days: int, seed: int) -> int:
    """Objectives, milestones, past Steering Committees with their snapshots for the parent
    and every train, and the next one scheduled; returns how many snapshots."""
    rng = random.Random(seed)
    now = timezone.now()
    start = now - timedelta(days=days)
    programmes = [*tree.trains, tree.parent]
    meetings: dict[int, dict[date, Meeting]] = {}
    for programme in programmes:
        meetings[programme.pk] = _past_meetings(programme, start, now, rng)
    objectives, plans = [], []
    for programme in programmes:
        made, planned = _objectives(programme, tree, start, now, rng)
        objectives += made
        plans += planned
    snapshots = 0
    previous = start
    for day in sorted(meetings[tree.parent.pk]):
        moment = meetings[tree.parent.pk][day].scheduled_start
        _deliver(plans, tree, previous, moment)
        for objective in objectives:
            if objective.created_at < moment - timedelta(days=3):
                _progress(objective, tree, moment - timedelta(days=3), rng)
        for programme in programmes:
            meeting = meetings[programme.pk][day]
            steering.snapshot_take(meeting=meeting, at=meeting.ended_at)
            snapshots += 1
        previous = moment
    _deliver(plans, tree, previous, now)
    for programme in programmes:
        series_schedule(series=programme.series.get(kind=Kind.STEERING),
                        today=timezone.localtime(now, programme.tzinfo).date(), days=40)
    return snapshots


def _past_meetings(programme: Programme, start: datetime, now: datetime,
                   rng) -> dict[date, Meeting]:
    """The monthly Steering Committees that have ended, each run through its agenda."""
    series = MeetingSeries.objects.create(
        programme=programme, kind=Kind.STEERING, title=str(Kind.STEERING.label),
        rrule=DEFAULTS[Kind.STEERING]["rrule"], start_time=STEERING_AT,
        duration_minutes=DEFAULTS[Kind.STEERING]["duration"], created_at=start)
    tz = programme.tzinfo
    days = [d for d in occurrences(series, start.astimezone(tz).date(),
                                   now.astimezone(tz).date())
            if datetime.combine(d, STEERING_AT, tzinfo=tz) + timedelta(hours=2) < now]
    meetings = ended_meetings(series, days)
    items = [i for m in meetings for i in played_agenda(m, default_agenda(m), rng)]
    AgendaItem.objects.bulk_create(items)
    Meeting.objects.bulk_update(meetings, ["started_at", "ended_at"])
    return {m.occurrence: m for m in meetings}


def _objectives(programme: Programme, tree: ScaleTree, start: datetime, now: datetime,
                rng) -> tuple[list[Objective], list[Plan]]:
    """Two or three objectives, each with milestones spread towards its target date."""
    owner = (tree.stakeholders[tree.trains.index(programme)] if programme in tree.trains
             else tree.msm)
    today = timezone.localtime(now, programme.tzinfo).date()
    made, plans = [], []
    for title in rng.sample(OBJECTIVES, rng.randint(2, 3)):
        created = start + timedelta(days=rng.randint(0, 20), hours=10)
        target = (created + timedelta(days=rng.randint(150, 420))).date()
        objective = steering.objective_create(
            programme=programme, by=tree.msm, title=title, owner=owner, target_date=target,
            progress=rng.randint(0, 10), at=created)
        made.append(objective)
        steps = rng.randint(3, 5)
        span = (target - created.date()).days
        for n, name in enumerate(MILESTONES[-steps:], start=1):
            due = created.date() + timedelta(days=span * n // steps)
            slips_by = 14 if rng.random() < 0.15 else 0
            late = rng.choice([-3, 0, 0, 2, 5, 12])
            delivered = due + timedelta(days=slips_by + late)
            final = n == steps
            milestone = steering.milestone_create(
                programme=programme, by=tree.msm, title=name, due_date=due,
                objective=objective, at=created,
                booking=_release_booking(programme, due) if final else None)
            plans.append(Plan(milestone=milestone, slips_by=slips_by,
                              delivered_on=delivered if delivered < today
                              and rng.random() < 0.9 else None))
    return made, plans


def _release_booking(programme: Programme, due: date) -> Booking | None:
    """The train's confirmed release window on or after the due date, for the final step."""
    return (Booking.objects.filter(resource__programme=programme,
                                   resource__kind=Resource.Kind.RELEASE_SLOT,
                                   status=Booking.Status.CONFIRMED, starts_at__date__gte=due)
            .order_by("starts_at").first())


def _deliver(plans: list[Plan], tree: ScaleTree, after: datetime, before: datetime) -> None:
    """Milestones delivered between two Steering Committees; some slipped a fortnight first."""
    for plan in plans:
        milestone = plan.milestone
        slip_at = datetime.combine(milestone.due_date - timedelta(days=7), time(11),
                                   tzinfo=milestone.programme.tzinfo)
        if plan.slips_by and after <= slip_at < before:
            plan.milestone = milestone = steering.milestone_update(
                milestone=milestone, by=tree.msm, at=slip_at,
                due_date=milestone.due_date + timedelta(days=plan.slips_by))
        if plan.delivered_on is None:
            continue
        at = datetime.combine(plan.delivered_on, time(17), tzinfo=milestone.programme.tzinfo)
        if after <= at < before:
            plan.milestone = steering.milestone_update(
                milestone=milestone, by=tree.msm, delivered_on=plan.delivered_on, at=at)


def _progress(objective: Objective, tree: ScaleTree, at: datetime, rng) -> None:
    """The monthly move of an objective: some progress, and now and then a new status."""
    current = Objective.objects.get(pk=objective.pk)
    if current.status == Objective.Status.DONE:
        return
    progress = min(100, current.progress + rng.randint(0, 14))
    status = (Objective.Status.DONE if progress == 100
              else rng.choice(STATUS_ODDS) if rng.random() < 0.3 else current.status)
    steering.objective_update(objective=current, by=tree.msm, progress=progress,
                              status=status, at=at)
