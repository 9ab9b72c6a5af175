"""Which meetings are still to come, and which ones a person is invited to (for the API)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from ceremonies.models import Kind, Meeting
from feedback.selectors import roles_of
from programmes.models import Person, Programme, ProgrammeRole, Team
from programmes.selectors import under_paths

State = Meeting.State
LIVE = (State.RUNNING, State.PAUSED)
LONGEST = timedelta(minutes=480)  # the longest timebox a meeting may have


def upcoming(meetings: QuerySet[Meeting], now: datetime) -> QuerySet[Meeting]:
    """Live meetings, and scheduled ones whose scheduled end is still ahead, soonest first.

    A meeting that should have started already but never did stays listed until its planned
    end: the MSM may still start it late.
    """
    started_lately = meetings.filter(state=State.SCHEDULED, scheduled_start__lt=now,
                                     scheduled_start__gte=now - LONGEST)
    not_over = [pk for pk, start, minutes in started_lately.values_list(
        "pk", "scheduled_start", "timebox_minutes") if start + timedelta(minutes=minutes) > now]
    return meetings.filter(Q(state__in=LIVE) | Q(state=State.SCHEDULED, scheduled_start__gte=now)
                           | Q(pk__in=not_over)).order_by("scheduled_start", "pk")


def invited_meetings(person: Person) -> QuerySet[Meeting]:
    """Meetings the person is invited to, by the same rules as `permissions.is_invited`."""
    roles = roles_of(person)
    msm_anywhere_above = under_paths(roles.msm_paths)
    stakeholder_above = under_paths(roles.stakeholder_paths)
    sm_programmes = Team.objects.filter(pk__in=roles.sm_team_ids).values("programme_id")
    team_programmes = Team.objects.filter(pk__in=roles.team_ids).values("programme_id")
    # A child programme's MSM has a seat at the parent's Scrum of Scrums.
    seat_above = Programme.objects.filter(roles__person=person,
                                          roles__role=ProgrammeRole.Role.MSM).values("parent_id")
    invited = (
        Q(facilitator=person) | msm_anywhere_above
        | Q(kind=Kind.SCRUM_OF_SCRUMS) & (Q(programme_id__in=sm_programmes)
                                          | Q(programme_id__in=seat_above))
        | Q(kind=Kind.STEERING) & stakeholder_above
        | Q(kind=Kind.BROWN_BAG) & (stakeholder_above | Q(programme_id__in=team_programmes))
    )
    return Meeting.objects.filter(invited)
