"""Reminder rules of every meeting: its link shortly before, its minutes after (the contract
is in programmes/notifications/registry.py; loaded by ceremonies/reminders.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceremonies.meetings import leads
from ceremonies.meetings.minutes import minutes_recipients, minutes_render
from ceremonies.meetings.permissions import invitees
from ceremonies.models import Meeting, MeetingEvent
from programmes.models import Notification
from programmes.notifications.registry import Reminder, reminder_rule

LOOKBACK = timedelta(hours=6)


@reminder_rule("meeting_soon", label=gettext_lazy("A meeting is about to start"),
               respects_quiet_hours=False)
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
                subject=_("%(title)s starts at %(time)s (%(programme)s)") % {
                    "title": meeting.title, "time": time_format(local),
                    "programme": meeting.programme},
                text=_("%(title)s of %(programme)s starts at %(time)s (%(timezone)s) and is "
                       "timeboxed to %(minutes)s minutes. Join the room:") % {
                    "title": meeting.title, "programme": meeting.programme,
                    "time": time_format(local), "timezone": meeting.programme.timezone,
                    "minutes": meeting.timebox_minutes},
                link=meeting.get_absolute_url())


@reminder_rule("meeting_minutes", label=gettext_lazy("Minutes after a meeting"))
def meeting_minutes(now: datetime) -> Iterable[Reminder]:
    """When a meeting ends its minutes go, by email, to everyone invited (there or not), to
    whoever came, to the people the facilitator added, and once to the programme's chat
    channel when it has one."""
    ended = (Meeting.objects.filter(state=Meeting.State.ENDED, ended_at__gt=now - LOOKBACK * 4,
                                    ended_at__lte=now)
             .select_related("programme"))
    # Minutes are rendered once: meetings whose minutes are in the outbox already are skipped.
    sent = set(Notification.objects.filter(kind="meeting_minutes",
                                           created_at__gt=now - LOOKBACK * 5)
               .values_list("object_ref", flat=True))
    for meeting in ended:
        if f"meeting:{meeting.pk}" in sent:
            continue
        minutes = minutes_render(meeting)
        message = dict(programme=meeting.programme, object_ref=f"meeting:{meeting.pk}",
                       occurrence="minutes", due_at=meeting.ended_at,
                       subject=_("Minutes: %(meeting)s")
                           % {"meeting": meeting}, text=minutes.text, html=minutes.html,
                       link=meeting.get_absolute_url())
        for person in minutes_recipients(meeting):
            yield Reminder(recipient=person, chat=False, **message)
        ender = _ended_by(meeting)
        if ender is not None:
            yield Reminder(recipient=ender, to_channel=True, **message)


def _ended_by(meeting: Meeting):
    event = (MeetingEvent.objects.filter(meeting=meeting, action="end", actor__isnull=False)
             .select_related("actor").order_by("-at").first())
    return event.actor if event else None
