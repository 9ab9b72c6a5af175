"""Reminder rules for meetings (see programmes/reminders.py for the contract)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from programmes.models import Notification
from programmes.reminders import Reminder, reminder_rule

from .minutes import minutes_render
from .models import Meeting
from .permissions import invitees

BEFORE = timedelta(minutes=10)
LOOKBACK = timedelta(hours=6)


@reminder_rule("meeting_soon", label="A meeting starts in 10 minutes",
               respects_quiet_hours=False)
def meeting_soon(now: datetime) -> Iterable[Reminder]:
    """Ten minutes before a meeting, everyone invited gets its link."""
    meetings = (Meeting.objects.filter(state=Meeting.State.SCHEDULED,
                                       scheduled_start__gt=now - LOOKBACK,
                                       scheduled_start__lte=now + BEFORE)
                .select_related("programme"))
    for meeting in meetings:
        local = meeting.scheduled_start.astimezone(meeting.programme.tzinfo)
        for person in invitees(meeting):
            yield Reminder(
                recipient=person, programme=meeting.programme,
                object_ref=f"meeting:{meeting.pk}",
                occurrence=meeting.scheduled_start.isoformat(),
                due_at=meeting.scheduled_start - BEFORE,
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


# The Brown Bag's rules live in their own module; importing it here registers them.
from . import brownbag_reminders  # noqa: E402, F401
