"""Programmes' reminder rules: the sprint start here, bookings next to their code (the
contract is in programmes/notifications/registry.py, which discovers this module; meetings and
feedback add theirs in their own apps)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programmes.models import (
    Person,
    ProgrammeRole,
    Sprint,
    Team,
    TeamMembership,
)
from programmes.notifications.registry import Reminder, reminder_rule
from programmes.resources import reminders as resource_reminders  # noqa: F401 (registers)

SPRINT_START_AT = time(9, 0)  # programme-local time on the sprint's first day
LOOKBACK = timedelta(days=1)


@reminder_rule("sprint_starts", label=gettext_lazy("A sprint starts: set its goal"))
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
                subject=_("%(programme)s: %(sprint)s starts today")
                % {"programme": programme, "sprint": sprint},
                text=_sprint_text(sprint, programme),
                link=link,
            )



def _sprint_text(sprint: Sprint, programme) -> str:
    dates = {"sprint": sprint, "programme": programme,
             "start": date_format(sprint.start, "MONTH_DAY_FORMAT"),
             "end": date_format(sprint.end, "MONTH_DAY_FORMAT"), "goal": sprint.goal}
    if sprint.goal:
        return _("%(sprint)s of %(programme)s runs from %(start)s to %(end)s. "
                 "Its goal: %(goal)s") % dates
    return _("%(sprint)s of %(programme)s runs from %(start)s to %(end)s. "
             "It has no goal yet — agree one and write it down.") % dates
