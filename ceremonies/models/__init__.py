"""The ceremonies app's models, one module per concept."""

from ceremonies.models.brownbag import RegisterEntry, Reuse, Talk, TalkVote
from ceremonies.models.dependency_links import DependencyTrackerLink
from ceremonies.models.meetings import (
    ActionItem,
    ActionReview,
    AgendaItem,
    Attendance,
    CalendarToken,
    Decision,
    ItemKind,
    Kind,
    Meeting,
    MeetingEvent,
    MeetingSeries,
    Note,
)
from ceremonies.models.steering import Milestone, Objective, SteeringChange, SteeringSnapshot
from ceremonies.models.updates import (
    BlockerImpediment,
    DailyUpdate,
    Dependency,
    Health,
    ScrumOfScrumsSettings,
    StopNotice,
    UpdatePolicy,
)

__all__ = [
    "ActionItem", "ActionReview", "AgendaItem", "Attendance", "BlockerImpediment", "CalendarToken",
    "DailyUpdate", "Decision", "Dependency", "DependencyTrackerLink", "Health", "ItemKind",
    "Kind", "Meeting", "MeetingEvent", "MeetingSeries", "Milestone", "Note", "Objective",
    "RegisterEntry", "Reuse",
    "ScrumOfScrumsSettings", "SteeringChange", "SteeringSnapshot", "StopNotice", "Talk",
    "TalkVote", "UpdatePolicy",
]
