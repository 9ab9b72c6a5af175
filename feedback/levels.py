"""The ladder an item climbs: its programme's MSM and steering, then each programme above.

A rung is a level at a programme: "Payments Train MSM", "Payments Train steering",
"Northwind Digital MSM", "Northwind Digital steering". Teams sit below the first rung. An item
is escalated to any rung above where it waits; `key` names a rung in forms and the API.
"""

from __future__ import annotations

from dataclasses import dataclass

from feedback.models import FeedbackItem, level_label
from programmes.models import Programme

Level = FeedbackItem.Level


@dataclass(frozen=True)
class Rung:
    level: str
    programme: Programme

    @property
    def key(self) -> str:
        return f"{self.level}:{self.programme.slug}"

    @property
    def label(self) -> str:
        return level_label(self.level, self.programme.name)


def lineage(item: FeedbackItem) -> list[Programme]:
    """The item's programme and every programme above it, nearest first; one query."""
    ids = item.programme.ancestor_ids
    above = Programme.objects.in_bulk(ids)
    return [item.programme, *(above[pk] for pk in reversed(ids) if pk in above)]


def ladder(programmes: list[Programme]) -> list[Rung]:
    """Every rung of a lineage, lowest first."""
    rungs = []
    for depth, programme in enumerate(programmes):
        rungs.append(Rung(Level.PROGRAMME if depth == 0 else Level.PARENT, programme))
        rungs.append(Rung(Level.STAKEHOLDERS, programme))
    return rungs


def _position(item: FeedbackItem, rungs: list[Rung]) -> int:
    """The index of the rung the item waits at; -1 for teams, below every rung (and, for a
    holder outside the lineage, which no service makes, the top: nothing above)."""
    if item.level == Level.TEAM:
        return -1
    return next((i for i, rung in enumerate(rungs)
                 if rung.level == item.level and rung.programme.pk == item.holder_programme_id),
                len(rungs))


def above(item: FeedbackItem, programmes: list[Programme]) -> list[Rung]:
    """The rungs above where the item waits now, lowest first."""
    rungs = ladder(programmes)
    return rungs[_position(item, rungs) + 1:]


def one_step(item: FeedbackItem, programmes: list[Programme]) -> Rung | None:
    """Where "one level up" leads; None at the top (the top programme's steering)."""
    rungs = ladder(programmes)
    step = _position(item, rungs) + 1
    if item.level == Level.PROGRAMME and len(programmes) > 1:
        # A child programme's MSM hands up to the parent's MSM (as raising up from a child
        # programme does); its own steering is one explicit choice away.
        step += 1
    return rungs[step] if step < len(rungs) else None


def rung_named(key: str, programmes: list[Programme]) -> Rung | None:
    """The rung of this lineage that `key` names ("stakeholders:northwind"), if any."""
    return next((rung for rung in ladder(programmes) if rung.key == key), None)
