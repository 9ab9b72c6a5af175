"""The size warning on a programme's home: Scrum@Scale recommends about five teams per Scrum of
Scrums; past the programme's number of seats (9 unless set) the page suggests splitting."""

from __future__ import annotations

from ceremonies.models import ScrumOfScrumsSettings
from programmes.models import Programme


def seats(programme: Programme) -> tuple[int, bool]:
    """The Scrum of Scrums' seats, as its agenda builds them: one per child programme, or one
    per team when there is none; and whether they are child programmes."""
    children = programme.children.count()
    return (children, True) if children else (programme.teams.count(), False)


def split_above(programme: Programme) -> int:
    found = ScrumOfScrumsSettings.objects.filter(programme=programme).values_list(
        "split_above_seats", flat=True).first()
    return found if found is not None else ScrumOfScrumsSettings._meta.get_field(
        "split_above_seats").default


def size_warning(programme: Programme) -> dict:
    """A programme with child programmes is split already: nothing more is read for it."""
    count, of_children = seats(programme)
    if of_children:
        return {"programme": programme, "seats": count, "too_big": False}
    limit = split_above(programme)
    return {"programme": programme, "seats": count, "limit": limit, "too_big": count > limit}
