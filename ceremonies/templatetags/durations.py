"""Lengths of time for people to read: "11 min 45 s", never "11:45", which reads as a time of
day. `clock` (m:ss) is kept for the room's running countdown, which is a clock."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _seconds(value) -> int | None:
    return None if value is None or value == "" else int(value)


@register.filter
def duration(seconds) -> str:
    """`705` → "11 min 45 s", `3900` → "1 h 5 min", `45` → "45 s", `0` → "0 s"."""
    seconds = _seconds(seconds)
    if seconds is None:
        return "—"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [_("%(n)s h") % {"n": hours} if hours else "",
             _("%(n)s min") % {"n": minutes} if minutes else "",
             _("%(n)s s") % {"n": secs} if secs or not (hours or minutes) else ""]
    return " ".join(part for part in parts if part)


@register.filter
def overrun(seconds) -> str:
    """Against a timebox: `155` → "2 min 35 s over", `-30` → "30 s under", `0` → "on time"."""
    seconds = _seconds(seconds)
    if seconds is None:
        return "—"
    if seconds == 0:
        return _("on time")
    if seconds > 0:
        return _("%(duration)s over") % {"duration": duration(seconds)}
    return _("%(duration)s under") % {"duration": duration(seconds)}


@register.filter
def clock(seconds) -> str:
    """Seconds as m:ss (or h:mm:ss), for the countdown only; negative values get a minus."""
    seconds = _seconds(seconds)
    if seconds is None:
        return "—"
    sign, seconds = ("−" if seconds < 0 else ""), abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"
