"""Panels that other apps add to a programme's home page.

The home page belongs to programmes, which imports no other app; an app that has something to
show there (feedback's open loops) registers a panel when it is ready, and the view passes each
panel's data to its template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from programmes.models import Programme


@dataclass(frozen=True)
class Panel:
    template: str
    data: Callable[[Programme], dict]


_panels: list[Panel] = []


def register(template: str, data: Callable[[Programme], dict]) -> None:
    if all(panel.template != template for panel in _panels):
        _panels.append(Panel(template, data))


def panels_for(programme: Programme) -> list[dict]:
    """`[{"template": …, "data": {…}}]`, in the order the apps registered them."""
    return [{"template": panel.template, "data": panel.data(programme)} for panel in _panels]
