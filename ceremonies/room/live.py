"""The live state a room shows: current item, countdowns and what comes next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.formats import date_format, time_format
from django.utils.timezone import now
from django.utils.translation import gettext as _

from ceremonies.meetings.posting import Posting
from ceremonies.meetings.state import deadline
from ceremonies.models import AgendaItem, Meeting

EARLY_START = timedelta(minutes=10)  # starting earlier than this asks first


@dataclass
class LiveState:
    meeting: Meeting
    items: list[AgendaItem]
    server_now: datetime
    current: AgendaItem | None
    coming: list[AgendaItem]
    item_deadline: datetime | None
    meeting_deadline: datetime | None
    planned_seconds: int

    @property
    def over_planned(self) -> bool:
        return self.planned_seconds > self.meeting.timebox_minutes * 60

    @property
    def posting(self) -> Posting:
        """Who of the programme has posted for this meeting (flagged before and during it);
        set on the meeting by `room.selectors.agenda`."""
        return self.meeting.posting

    @property
    def first_up(self) -> AgendaItem | None:
        """The item Start begins with: the first one not skipped."""
        return next((i for i in self.items if i.skipped_at is None), None)

    @property
    def starts_early(self) -> str:
        """The question Start asks when it is pressed more than 10 minutes before the
        scheduled time ("" when it is time, or the meeting has started)."""
        meeting = self.meeting
        if meeting.state != Meeting.State.SCHEDULED:
            return ""
        if meeting.scheduled_start - self.server_now <= EARLY_START:
            return ""
        when = meeting.scheduled_start.astimezone(meeting.programme.tzinfo)
        return _("%(title)s is scheduled for %(time)s on %(weekday)s %(day)s (%(timezone)s). "
                 "Start it now, before its time?") % {
            "title": meeting.title, "time": time_format(when), "weekday": date_format(when, "D"),
            "day": date_format(when, "MONTH_DAY_FORMAT"), "timezone": meeting.programme.timezone}

    @property
    def frozen_at(self) -> datetime | None:
        """While paused the countdowns stand still at the moment of the pause."""
        return self.meeting.paused_at


def live_state(meeting: Meeting, items: list[AgendaItem]) -> LiveState:
    current = next((i for i in items if i.pk == meeting.current_item_id), None)
    upcoming = [i for i in items
                if i.started_at is None and i.skipped_at is None and i is not current]
    started = meeting.started_at
    meeting_deadline = (deadline(started, meeting.timebox_minutes * 60 + meeting.paused_seconds)
                        if started else None)
    return LiveState(
        meeting=meeting, items=items, server_now=now(), current=current,
        coming=upcoming[:3],
        item_deadline=deadline(current.started_at, current.allowed_seconds) if current else None,
        meeting_deadline=meeting_deadline,
        planned_seconds=sum(i.timebox_seconds for i in items),
    )
