"""Panels that other apps add to a person's inbox (the meetings' "My actions").

The inbox belongs to feedback, which imports no app above it; an app that has something
waiting for a person registers a panel when it is ready: `data(person)` gives the template
its data.
"""

from __future__ import annotations

from collections.abc import Callable

from metascrum.lib.panels import Panels
from programmes.models import Person

_panels = Panels()


def register(template: str, data: Callable[[Person], dict]) -> None:
    _panels.register(template, data)


def panels_for(person: Person) -> list[dict]:
    return _panels.for_page(person)
