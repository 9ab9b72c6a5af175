"""Reminder rules of daily updates: the call to post before the Scrum of Scrums, and the
warning that one is missing (the contract is in programmes/notifications/registry.py; loaded
by ceremonies/reminders.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.urls import reverse
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceremonies.meetings import leads
from ceremonies.meetings.posting import posted_for
from ceremonies.models import Kind, Meeting
from programmes.models import TeamMembership
from programmes.notifications.chat_app import Button
from programmes.notifications.registry import Reminder, reminder_rule


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
                   .exclude(posted_for(meeting, "team__"))
                   .select_related("person", "team"))
        for membership in masters:
            yield meeting, membership, due_at


def _update_link(meeting: Meeting, team) -> str:
    return reverse("ceremonies:update_form",
                   kwargs={"slug": meeting.programme.slug, "team_id": team.pk})


def _post_button(team) -> Button:
    """In the chat app (a linked Scrum Master), the reminder opens the update's form."""
    return Button(_("Post the update"), "update.open", f"team:{team.pk}", "primary")


@reminder_rule("update_call",
               label=gettext_lazy("Post your team's update before the Scrum of Scrums"),
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
            due_at=due_at,
            subject=_("Post %(team)s's update before %(meeting)s at %(time)s") % {
                "team": team, "meeting": meeting.title, "time": time_format(local)},
            text=_("%(meeting)s of %(programme)s starts at %(time)s (%(timezone)s). %(team)s "
                   "has not posted its update yet: what it did, what is next, what slows it "
                   "down. Post it here:") % {
                "meeting": meeting.title, "programme": meeting.programme,
                "time": time_format(local), "timezone": meeting.programme.timezone,
                "team": team},
            link=_update_link(meeting, team), buttons=(_post_button(team),))


@reminder_rule("update_missing", label=gettext_lazy("Your team's update is missing"),
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
            due_at=due_at,
            subject=_("%(team)s's update is missing for %(meeting)s at %(time)s") % {
                "team": team, "meeting": meeting.title, "time": time_format(local)},
            text=_("%(team)s has no update for %(meeting)s of %(programme)s at %(time)s; the "
                   "meeting will show it as missing. There is still time:") % {
                "team": team, "meeting": meeting.title, "programme": meeting.programme,
                "time": time_format(local)},
            link=_update_link(meeting, team), buttons=(_post_button(team),))
