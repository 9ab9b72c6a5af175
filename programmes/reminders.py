"""Reminder rules that need only programmes data (the contract is in
programmes/notifications/registry.py); meetings and feedback add theirs in their own apps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from programmes.models import (
    Booking,
    Person,
    ProgrammeRole,
    Sprint,
    Team,
    TeamMembership,
)
from programmes.notifications import outbox
from programmes.notifications.registry import Reminder, reminder_rule

SPRINT_START_AT = time(9, 0)  # programme-local time on the sprint's first day
LOOKBACK = timedelta(days=1)


@reminder_rule("sprint_starts", label="A sprint starts: set its goal")
def sprint_starts(now: datetime) -> Iterable[Reminder]:
    """At 09:00 programme time on a sprint's first day, its MSMs and Scrum Masters are asked
    to set the sprint goal."""
    today = now.date()
    sprints = list(Sprint.objects.filter(start__range=(today - timedelta(days=2),
                                                       today + timedelta(days=1)))
                   .select_related("programme"))
    due = {}
    for sprint in sprints:
        at = datetime.combine(sprint.start, SPRINT_START_AT, tzinfo=sprint.programme.tzinfo)
        if at <= now < at + LOOKBACK:
            due[sprint.programme_id] = (sprint, at)
    if not due:
        return
    people: dict[int, list[tuple[Person, Team | None]]] = {pk: [] for pk in due}
    for role in ProgrammeRole.objects.filter(programme_id__in=due,
                                             role=ProgrammeRole.Role.MSM).select_related("person"):
        people[role.programme_id].append((role.person, None))
    for membership in TeamMembership.objects.filter(
        team__programme_id__in=due, role=TeamMembership.Role.SCRUM_MASTER
    ).select_related("person", "team"):
        people[membership.team.programme_id].append((membership.person, membership.team))
    for programme_id, (sprint, at) in due.items():
        programme = sprint.programme
        link = reverse("programmes:sprints", kwargs={"slug": programme.slug})
        for person, team in people[programme_id]:
            yield Reminder(
                recipient=person, programme=programme, team=team,
                object_ref=f"sprint:{sprint.pk}", occurrence="", due_at=at,
                subject=f"{programme}: {sprint} starts today",
                text=(f"{sprint} of {programme} runs from {sprint.start:%a %d %b} to "
                      f"{sprint.end:%a %d %b}. "
                      + (f"Its goal: {sprint.goal}" if sprint.goal
                         else "It has no goal yet — agree one and write it down.")),
                link=link,
            )


@reminder_rule("booking_decided", label="My resource booking was confirmed or declined")
def booking_decided(now: datetime) -> Iterable[Reminder]:
    """Whoever asked for a resource hears when the MSM confirms or declines it."""
    decided = (Booking.objects.filter(decided_at__gt=now - LOOKBACK, decided_at__lte=now,
                                      status__in=[Booking.Status.CONFIRMED,
                                                  Booking.Status.DECLINED],
                                      requested_by__isnull=False)
               .exclude(decided_by=F("requested_by"))
               .select_related("resource__programme", "team", "requested_by"))
    for booking in decided:
        person, programme = booking.requested_by, booking.resource.programme
        tz = outbox.person_tzinfo(person)
        start = timezone.localtime(booking.starts_at, tz)
        end = timezone.localtime(booking.ends_at, tz)
        verdict = booking.get_status_display().lower()
        yield Reminder(
            recipient=person, programme=programme, team=booking.team,
            object_ref=f"booking:{booking.pk}", occurrence=booking.status,
            due_at=booking.decided_at,
            subject=f"{booking.resource} {verdict} for {booking.team}",
            text=(f"The Meta Scrum Master {verdict} {booking.team}'s booking of "
                  f"{booking.resource} from {start:%a %d %b %H:%M} to {end:%a %d %b %H:%M} "
                  f"({tz.key})."
                  + ("" if booking.status == Booking.Status.CONFIRMED
                     else " Ask for another time, or talk it through in the Scrum of Scrums.")),
            link=reverse("programmes:resource_calendar", kwargs={"slug": programme.slug}),
        )
