"""The ceremonies app's models, one module per concept."""

from .brownbag import RegisterEntry, Reuse, Talk, TalkVote
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
from .updates import DailyUpdate, Dependency, Health

__all__ = [
    "ActionItem", "AgendaItem", "Attendance", "CalendarToken", "DailyUpdate", "Decision",
    "Dependency", "Health", "Kind", "Meeting", "MeetingEvent", "MeetingSeries", "Note",
    "RegisterEntry", "Reuse", "Talk", "TalkVote",
]
