"""Panels one app adds to a page of another: the page's app keeps a `Panels` registry and
imports no other app; an app with something to show registers a template and a function that
gives its data, from its AppConfig.ready (programmes/home_panels.py is the first of these)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    data: Callable[..., dict]


class Panels:
    def __init__(self) -> None:
        self._panels: list[Panel] = []

    def register(self, template: str, data: Callable[..., dict]) -> None:
        """Add a panel; registering the same template again changes nothing."""
        if all(panel.template != template for panel in self._panels):
            self._panels.append(Panel(template, data))

    def for_page(self, *args) -> list[dict]:
        """`[{"template": …, "data": {…}}]`, in the order the apps registered them; `args` are
        what the page passes to each panel's data function."""
        return [{"template": panel.template, "data": panel.data(*args)}
                for panel in self._panels]
