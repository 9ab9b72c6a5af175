"""Panels other apps add next to the loop metrics (the dependencies' figures).

The metrics page belongs to feedback, which imports no app above it; `data(programme,
period)` gives each panel's template its figures for the same whole days as the loops.
"""

from __future__ import annotations

from collections.abc import Callable

from feedback.metrics import Period
from metascrum.lib.panels import Panels
from programmes.models import Programme

_panels = Panels()


def register(template: str, data: Callable[[Programme, Period], dict]) -> None:
    _panels.register(template, data)


def panels_for(programme: Programme, period: Period) -> list[dict]:
    return _panels.for_page(programme, period)
