"""Filters for the steering pages, whose pack is JSON data (ISO strings for times)."""

from django import template
from django.utils.dateparse import parse_date, parse_datetime

from ceremonies.steering.pack import SECTIONS, section_for_title

register = template.Library()

HEALTH_LABELS = {"green": "Green: on track", "amber": "Amber: at risk", "red": "Red: off track",
                 None: "No update", "": "No update", "done": "Done"}
TREND_LABELS = {"up": "▲ up", "down": "▼ down", "same": "= same", "new": "new",
                "delivered": "✓ delivered", "slipped": "▼ slipped", "earlier": "▲ earlier"}


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
    return SECTIONS.get(key, "")


@register.filter
def health_label(value) -> str:
    return HEALTH_LABELS.get(value, str(value))


@register.filter
def trend_label(value) -> str:
    return TREND_LABELS.get(value, str(value))


@register.filter
def field_label(name: str) -> str:
    """A history entry's field name as words: delivered_on → delivered on."""
    return str(name).replace("_", " ")
