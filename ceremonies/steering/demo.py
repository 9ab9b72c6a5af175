"""Demo steering data for the Northwind demo: objectives, milestones, two past Steering
Committees with their frozen packs (so trends have points), and the next one scheduled.

`load()` is idempotent (it does nothing once the demo objectives exist) and uses nothing
PostgreSQL-only, so it runs on the development SQLite database too.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from ceremonies.meetings.schedule import (
    DEFAULTS,
    local_start,
    meeting_create,
    occurrences,
    series_schedule,
)
from ceremonies.models import Kind, Meeting, MeetingSeries, Objective
from ceremonies.steering import services as steering
from programmes import data_version
from programmes.demo import PARENT_SLUG
from programmes.models import Booking, Person, Programme, ProgrammeRole, Resource

# title, status, progress a month ago, two months ago, now; target in days; milestones
OBJECTIVES = {
    "Payments Train": [
        ("Card payments live for pilot merchants", "on_track", (30, 45, 65), 120,
         [("Pilot merchant onboarding", -20, -22), ("Card scheme certification", 10, None),
          ("Pilot go-live", 45, None)]),
        ("PSD3 readiness", "at_risk", (20, 30, 35), 240,
         [("Gap analysis signed off", -35, -30), ("Strong customer auth v2", 25, None)]),
        ("Nightly settlement reconciliation", "done", (70, 90, 100), 30,
         [("Reconciliation reports", -10, -12)]),
    ],
    "Customer Experience Train": [
        ("Self-service onboarding in two countries", "on_track", (25, 40, 50), 150,
         [("Germany launch", -5, -3), ("Spain launch", 40, None)]),
        ("Search answers in under 200 ms", "off_track", (30, 25, 20), 90,
         [("Index rebuild", -15, None)]),
    ],
}


def _first(programme: Programme, role: str) -> Person | None:
    found = ProgrammeRole.objects.filter(programme=programme, role=role).select_related(
        "person").first()
    return found.person if found else None


def _release_booking(programme: Programme) -> Booking | None:
    return (Booking.objects.filter(resource__programme=programme,
                                   resource__kind=Resource.Kind.RELEASE_SLOT)
            .exclude(status__in=[Booking.Status.DECLINED, Booking.Status.CANCELLED])
            .order_by("starts_at").first())


def _steering_series(parent: Programme) -> MeetingSeries:
    defaults = DEFAULTS[Kind.STEERING]
    series, _ = MeetingSeries.objects.get_or_create(
        programme=parent, kind=Kind.STEERING,
        defaults={"title": str(Kind.STEERING.label), "rrule": defaults["rrule"],
                  "start_time": time(14, 0),
                  "duration_minutes": defaults["duration"],
                  "created_at": timezone.now() - timedelta(days=90)})
    return series


def _past_meetings(series: MeetingSeries, today) -> list[Meeting]:
    """The last two Steering Committees, ended on time."""
    days = occurrences(series, today - timedelta(days=70), today - timedelta(days=1))[-2:]
    meetings = []
    for day in days:
        meeting = (Meeting.objects.filter(series=series, occurrence=day).first()
                   or meeting_create(series=series, day=day))
        start = local_start(series, day)
        Meeting.objects.filter(pk=meeting.pk).update(
            state=Meeting.State.ENDED, started_at=start,
            ended_at=start + timedelta(minutes=series.duration_minutes))
        data_version.changed(programmes=[series.programme_id])
        meeting.refresh_from_db()
        meetings.append(meeting)
    return meetings


def is_loaded(parent: Programme) -> bool:
    return Objective.objects.filter(programme__path__startswith=parent.path).exists()


@transaction.atomic
def load(demo=None) -> None:
    """Add the steering demo to the Northwind programme tree (loaded by programmes.demo)."""
    parent = demo.parent if demo is not None else Programme.objects.filter(
        slug=PARENT_SLUG).first()
    if parent is None or is_loaded(parent):
        return
    msm = _first(parent, ProgrammeRole.Role.MSM)
    stakeholder = _first(parent, ProgrammeRole.Role.STAKEHOLDER) or msm
    now = timezone.now()
    today = parent.today()
    series = _steering_series(parent)
    past = _past_meetings(series, today)
    # Objectives and milestones as they stood before the first past Steering Committee.
    created_at = (past[0].ended_at if past else now) - timedelta(days=14)
    plans = []
    for train in parent.children.order_by("name"):
        owner = _first(train, ProgrammeRole.Role.STAKEHOLDER) or stakeholder
        booking = _release_booking(train)
        for title, status, progress, target, milestones in OBJECTIVES.get(train.name, []):
            objective = steering.objective_create(
                programme=train, by=msm, title=title, owner=owner, status="on_track",
                progress=progress[0], target_date=today + timedelta(days=target),
                at=created_at)
            for n, (name, due, delivered) in enumerate(milestones):
                milestone = steering.milestone_create(
                    programme=train, by=msm, title=name, objective=objective,
                    due_date=today + timedelta(days=due), at=created_at,
                    booking=booking if booking and n == 0 and delivered is None else None)
                if delivered is not None:
                    plans.append((milestone, today + timedelta(days=delivered)))
            plans.append((objective, (status, progress)))
    # Each past Steering Committee froze the pack of its day; progress moved on in between.
    for step, meeting in enumerate(past, start=1):
        steering.snapshot_take(meeting=meeting, at=meeting.ended_at)
        for thing, change in plans:
            if isinstance(thing, Objective):
                status, progress = change
                steering.objective_update(
                    objective=thing, by=msm, progress=progress[min(step, 2)],
                    status=status if step == len(past) else thing.status,
                    at=min(now, meeting.ended_at + timedelta(days=3)))
    for milestone, delivered in plans:
        if not isinstance(milestone, Objective) and delivered <= today:
            steering.milestone_update(milestone=milestone, by=msm, delivered_on=delivered,
                                      at=now - timedelta(hours=2))
    series_schedule(series=series, today=today)
