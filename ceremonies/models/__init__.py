"""The ceremonies app's models, one module per concept."""

from .meetings import (
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarToken,
    Decision,
    Kind,
    Meeting,
    MeetingEvent,
    MeetingSeries,
    Note,
)

__all__ = [
    "ActionItem", "AgendaItem", "Attendance", "CalendarToken", "Decision", "Kind", "Meeting",
    "MeetingEvent", "MeetingSeries", "Note",
]
