"""Reminder rules for meetings (see programmes/notifications/registry.py for the contract)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.urls import reverse

from ceremonies.meetings import leads
from ceremonies.meetings.minutes import minutes_render
from ceremonies.meetings.permissions import invitees
from ceremonies.models import Kind, Meeting
from programmes.models import Notification, TeamMembership
from programmes.notifications.registry import Reminder, reminder_rule

LOOKBACK = timedelta(hours=6)


@reminder_rule("meeting_soon", label="A meeting is about to start", respects_quiet_hours=False)
def meeting_soon(now: datetime) -> Iterable[Reminder]:
    """Shortly before a meeting (its series' lead, 10 minutes by default), everyone invited
    gets its link."""
    meetings = (Meeting.objects.filter(state=Meeting.State.SCHEDULED,
                                       scheduled_start__gt=now - LOOKBACK,
                                       scheduled_start__lte=now + leads.REMINDER.scan_ahead)
                .select_related("programme", "series"))
    for meeting in meetings:
        due_at = meeting.scheduled_start - leads.REMINDER.delta(meeting.series)
        if now < due_at:
            continue
        local = meeting.scheduled_start.astimezone(meeting.programme.tzinfo)
        for person in invitees(meeting):
            yield Reminder(
                recipient=person, programme=meeting.programme,
                object_ref=f"meeting:{meeting.pk}",
                occurrence=meeting.scheduled_start.isoformat(),
                due_at=due_at,
                subject=f"{meeting.title} starts at {local:%H:%M} ({meeting.programme})",
                text=(f"{meeting.title} of {meeting.programme} starts at {local:%H:%M} "
                      f"({meeting.programme.timezone}) and is timeboxed to "
                      f"{meeting.timebox_minutes} minutes. Join the room:"),
                link=meeting.get_absolute_url())


@reminder_rule("meeting_minutes", label="Minutes after a meeting")
def meeting_minutes(now: datetime) -> Iterable[Reminder]:
    """When a meeting ends, the people who were there get its minutes."""
    ended = (Meeting.objects.filter(state=Meeting.State.ENDED, ended_at__gt=now - LOOKBACK * 4,
                                    ended_at__lte=now)
             .select_related("programme").prefetch_related("attendance__person"))
    # Minutes are rendered once: meetings whose minutes are in the outbox already are skipped.
    sent = set(Notification.objects.filter(kind="meeting_minutes",
                                           created_at__gt=now - LOOKBACK * 5)
               .values_list("object_ref", flat=True))
    for meeting in ended:
        if f"meeting:{meeting.pk}" in sent:
            continue
        minutes = minutes_render(meeting)
        for attendance in meeting.attendance.all():
            yield Reminder(
                recipient=attendance.person, programme=meeting.programme,
                object_ref=f"meeting:{meeting.pk}", occurrence="minutes",
                due_at=meeting.ended_at, subject=f"Minutes: {meeting}",
                text=minutes.text, html=minutes.html, link=meeting.get_absolute_url())


# --- daily updates ----------------------------------------------------------------------------

def _scrum_masters_without_update(now: datetime, lead: leads.Lead):
    """(meeting, membership, due_at) for each Scrum Master whose team has not posted for a
    Scrum of Scrums whose reminder time (its series' lead, else the default) has come."""
    meetings = (Meeting.objects.filter(kind=Kind.SCRUM_OF_SCRUMS, state=Meeting.State.SCHEDULED,
                                       scheduled_start__gt=now,
                                       scheduled_start__lte=now + lead.scan_ahead)
                .select_related("programme", "series"))
    for meeting in meetings:
        due_at = meeting.scheduled_start - lead.delta(meeting.series)
        if now < due_at:
            continue
        masters = (TeamMembership.objects
                   .filter(team__programme=meeting.programme,
                           role=TeamMembership.Role.SCRUM_MASTER, person__is_active=True)
                   .exclude(team__updates__meeting=meeting)
                   .select_related("person", "team"))
        for membership in masters:
            yield meeting, membership, due_at


def _update_link(meeting: Meeting, team) -> str:
    return reverse("ceremonies:update_form",
                   kwargs={"slug": meeting.programme.slug, "team_id": team.pk})


@reminder_rule("update_call", label="Post your team's update before the Scrum of Scrums",
               respects_quiet_hours=False)
def update_call(now: datetime) -> Iterable[Reminder]:
    """Some time before the Scrum of Scrums (60 minutes by default), each Scrum Master whose
    team has not posted is asked to."""
    for meeting, membership, due_at in _scrum_masters_without_update(now, leads.UPDATE_CALL):
        local = meeting.scheduled_start.astimezone(meeting.programme.tzinfo)
        team = membership.team
        yield Reminder(
            recipient=membership.person, programme=meeting.programme, team=team,
            object_ref=f"team:{team.pk}", occurrence=meeting.scheduled_start.isoformat(),
            due_at=due_at, subject=f"Post {team}'s update before {meeting.title} at "
                                   f"{local:%H:%M}",
            text=(f"{meeting.title} of {meeting.programme} starts at {local:%H:%M} "
                  f"({meeting.programme.timezone}). {team} has not posted its update yet: "
                  f"what it did, what is next, what slows it down. Post it here:"),
            link=_update_link(meeting, team))


@reminder_rule("update_missing", label="Your team's update is missing",
               respects_quiet_hours=False)
def update_missing(now: datetime) -> Iterable[Reminder]:
    """Shortly before the Scrum of Scrums (15 minutes by default), the Scrum Master of each
    team still without an update is told it will be flagged as missing."""
    for meeting, membership, due_at in _scrum_masters_without_update(now,
                                                                     leads.UPDATE_MISSING):
        local = meeting.scheduled_start.astimezone(meeting.programme.tzinfo)
        team = membership.team
        yield Reminder(
            recipient=membership.person, programme=meeting.programme, team=team,
            object_ref=f"team:{team.pk}", occurrence=meeting.scheduled_start.isoformat(),
            due_at=due_at, subject=f"{team}'s update is missing for {meeting.title} at "
                                   f"{local:%H:%M}",
            text=(f"{team} has no update for {meeting.title} of {meeting.programme} at "
                  f"{local:%H:%M}; the meeting will show it as missing. There is still time:"),
            link=_update_link(meeting, team))


# The Brown Bag's and the steering pack's rules live next to their code; importing them here
# registers them whenever the registry autodiscovers this module.
from ceremonies.brownbag import reminders as brownbag_reminders  # noqa: E402, F401
from ceremonies.steering import reminders as steering_reminders  # noqa: E402, F401
