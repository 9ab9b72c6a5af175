"""Filters for the posting figure, which pages get as data (ceremonies/meetings/posting.py)."""

from django import template

register = template.Library()


@register.filter
def short(programmes: list[dict]) -> list[dict]:
    """The programmes of a posting figure with teams that have not posted."""
    return [row for row in programmes if row["missing"]]
