"""Each ceremony kind supplies its default agenda; later features refine their own kind.

A builder takes the meeting and returns `ItemSpec`s whose timeboxes fit the meeting's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ceremonies.models import ItemKind, Kind, Meeting
from programmes.models import Person, Programme, Team

CLOSING_SECONDS = 120
CLOSING_TITLE = "Impediments and resource conflicts"


@dataclass
class ItemSpec:
    title: str
    timebox_seconds: int
    team: Team | None = None
    child_programme: Programme | None = None
    topic: str = ""
    person: Person | None = None
    kind: str = ItemKind.TOPIC


Builder = Callable[[Meeting], list[ItemSpec]]
_builders: dict[str, Builder] = {}


def agenda_builder(kind: str):
    def register(builder: Builder) -> Builder:
        _builders[kind] = builder
        return builder

    return register


def default_agenda(meeting: Meeting) -> list[ItemSpec]:
    return _builders[meeting.kind](meeting)


def rotate(seats: list, meeting: Meeting) -> list:
    """A different seat goes first each occurrence, so nobody is always last."""
    if not seats:
        return seats
    shift = meeting.occurrence.toordinal() % len(seats)
    return seats[shift:] + seats[:shift]


@agenda_builder(Kind.SCRUM_OF_SCRUMS)
def scrum_of_scrums(meeting: Meeting) -> list[ItemSpec]:
    """One slot per team (per child programme for a parent), then a closing slot."""
    programme = meeting.programme
    children = list(programme.children.order_by("name"))
    seats = rotate(children or list(programme.teams.order_by("name")), meeting)
    total = meeting.timebox_minutes * 60
    closing = min(CLOSING_SECONDS, total // 4)
    each = max(30, (total - closing) // max(1, len(seats)))
    items = [
        ItemSpec(title=seat.name, timebox_seconds=each,
                 child_programme=seat if children else None,
                 team=None if children else seat)
        for seat in seats
    ]
    items.append(ItemSpec(title=CLOSING_TITLE, timebox_seconds=closing,
                          topic="Blockers to escalate; bookings to settle.",
                          kind=ItemKind.BACKLOG_WALK))
    return items


@agenda_builder(Kind.BROWN_BAG)
def brown_bag(meeting: Meeting) -> list[ItemSpec]:
    total = meeting.timebox_minutes * 60
    return [
        ItemSpec(title="Welcome and what's new", timebox_seconds=total // 12),
        ItemSpec(title="Talks", timebox_seconds=total - 2 * (total // 12),
                 topic="What teams are up to; who solved something first."),
        ItemSpec(title="Questions and follow-ups", timebox_seconds=total // 12),
    ]


@agenda_builder(Kind.STEERING)
def steering(meeting: Meeting) -> list[ItemSpec]:
    third = meeting.timebox_minutes * 60 // 3
    return [
        ItemSpec(title="Where are we now?", timebox_seconds=third,
                 topic="Team health, sprint progress, delivered milestones, feedback loops."),
        ItemSpec(title="Where are we going?", timebox_seconds=third,
                 topic="Objectives and milestones, what changed since last month."),
        ItemSpec(title="What is stopping us?", timebox_seconds=third,
                 topic="Impediments and escalations, risks, decisions requested."),
    ]
