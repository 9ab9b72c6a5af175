"""Panels that other apps add to a team's page (the meetings' action items of its people).

The team page belongs to programmes, which imports no other app; an app registers a panel
when it is ready: `data(team, access)` gives the template its data, `access` being the
viewer's to the team's programme (what they may do there).
"""

from __future__ import annotations

from collections.abc import Callable

from metascrum.lib.panels import Panels
from programmes.models import Team
from programmes.permissions import Access

_panels = Panels()


def register(template: str, data: Callable[[Team, Access], dict]) -> None:
    _panels.register(template, data)


def panels_for(team: Team, access: Access) -> list[dict]:
    return _panels.for_page(team, access)
