"""Filters for the steering pages, whose pack is JSON data (ISO strings for times)."""

from django import template
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ceremonies.steering.pack import SECTIONS, section_for_title

register = template.Library()

HEALTH_LABELS = {"green": _("Green: on track"), "amber": _("Amber: at risk"),
                 "red": _("Red: off track"), None: _("No update"), "": _("No update"),
                 "done": _("Done")}
TREND_LABELS = {"up": _("▲ up"), "down": _("▼ down"), "same": _("= same"),
                "new": pgettext_lazy("trend", "new"), "delivered": _("✓ delivered"),
                "slipped": _("▼ slipped"), "earlier": _("▲ earlier")}
# The pack is stored as data (frozen snapshots too), so its words are put in the reader's
# language here rather than when the pack is assembled.
MILESTONE_STATES = {"delivered": pgettext_lazy("milestone", "Delivered"),
                    "overdue": pgettext_lazy("milestone", "Overdue"),
                    "due": pgettext_lazy("milestone", "Due")}
CHANGE_KINDS = {"objective": _("objective"), "milestone": _("milestone")}
CHANGE_ACTIONS = {"created": _("created"), "changed": _("changed")}
SECTION_TITLES = {"now": _("Where are we now?"), "going": _("Where are we going?"),
                  "stopping": _("What is stopping us?")}
FIELD_LABELS = {"title": _("title"), "description": _("description"), "owner": _("owner"),
                "target_date": _("target date"), "status": _("status"),
                "progress": _("progress"), "objective": _("objective"),
                "due_date": _("due date"), "delivered_on": _("delivered on"),
                "booking": _("release slot")}
SPRINT_LABELS = {"current": pgettext_lazy("sprint", "current"),
                 "last": pgettext_lazy("sprint", "last")}


@register.filter
def iso(value):
    """An ISO date or datetime string from the pack as a date/datetime for |date."""
    if not isinstance(value, str):
        return value
    return parse_datetime(value) if "T" in value else parse_date(value)


@register.filter
def pack_section(title: str) -> str:
    return section_for_title(title or "") or ""


@register.filter
def section_title(key: str) -> str:
    return SECTION_TITLES.get(key, SECTIONS.get(key, ""))


@register.filter
def milestone_state(value: str) -> str:
    return MILESTONE_STATES.get(value, str(value).capitalize())


@register.filter
def change_kind(value: str) -> str:
    return CHANGE_KINDS.get(value, value)


@register.filter
def change_action(value: str) -> str:
    return CHANGE_ACTIONS.get(value, value)


@register.filter
def sprint_label(value: str) -> str:
    return SPRINT_LABELS.get(value, value)


@register.filter
def health_label(value) -> str:
    return HEALTH_LABELS.get(value, str(value))


@register.filter
def trend_label(value) -> str:
    return TREND_LABELS.get(value, str(value))


@register.filter
def field_label(name: str) -> str:
    """A history entry's field name as words: delivered_on → delivered on."""
    return FIELD_LABELS.get(name) or str(name).replace("_", " ")
