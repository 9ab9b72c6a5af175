"""The room's live fragment, rendered once per (meeting, version, kind of viewer) and shared.

A watcher's fragment depends only on the state and the watcher's time zone: it carries no
CSRF token, no controls and a poll token bound to the meeting alone (live_poll says why that
reveals nothing more). A facilitator's fragment holds controls with their own CSRF token, so
it is rendered for them each time; there are a few facilitators and hundreds of watchers.
"""

from __future__ import annotations

import logging
import time
import zoneinfo

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from ceremonies.meetings.permissions import may_facilitate
from ceremonies.models import Meeting
from ceremonies.room.live import live_state
from ceremonies.room.selectors import agenda
from programmes.permissions import Access

log = logging.getLogger(__name__)

FACILITATOR = "facilitator"
TIMEOUT = 3600  # seconds: a version is stale long before; only memory is at stake
RENDERING = 1.0  # seconds another process may take to render before this one renders too
WAIT_STEP = 0.01
ROOM_RELATED = ("programme", "current_item", "current_item__team", "facilitator")


def kind_for(access: Access, meeting: Meeting) -> str:
    """The kind of viewer `access` is in this room: the facilitator, or a watcher in a zone."""
    if may_facilitate(access, meeting):
        return FACILITATOR
    return f"watcher:{getattr(access.person, 'timezone', '') or 'UTC'}"


def shared(kind: str) -> bool:
    return kind != FACILITATOR


def watcher_fragment(meeting: Meeting, kind: str) -> str:
    """The #live fragment a watcher of `kind` sees at the meeting's current version."""
    key = f"room:live:{meeting.pk}:{meeting.version}:{kind}"
    html = cache.get(key)
    if html is None and not cache.add(f"{key}:rendering", 1, RENDERING):
        html = _rendered_elsewhere(key)  # another process is at it: share its render
    if html is None:
        html = _render(meeting, kind)
        cache.set(key, html, TIMEOUT)
    return html


def _rendered_elsewhere(key: str) -> str | None:
    deadline = time.monotonic() + RENDERING
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        html = cache.get(key)
        if html is not None:
            return html
    return None


def watcher_fragment_now(pk: int, kind: str) -> tuple[Meeting, str] | None:
    """The meeting as it is now and its fragment for `kind` (None once it is gone)."""
    meeting = Meeting.objects.select_related(*ROOM_RELATED).filter(pk=pk).first()
    if meeting is None:
        return None
    return meeting, watcher_fragment(meeting, kind)


def _render(meeting: Meeting, kind: str) -> str:
    log.info("live fragment rendered: meeting %s version %s %s", meeting.pk, meeting.version,
             kind)
    context = {"programme": meeting.programme, "meeting": meeting,
               "live": live_state(meeting, agenda(meeting)), "facilitate": False,
               "fragment": True}
    with timezone.override(_zone(kind)):
        return render_to_string("ceremonies/room.html#live", context)


def _zone(kind: str):
    try:
        return zoneinfo.ZoneInfo(kind.removeprefix("watcher:"))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
