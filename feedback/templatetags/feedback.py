from django import template
from django.utils import timezone

from feedback import selectors

register = template.Library()


@register.inclusion_tag("feedback/_open_loops.html")
def open_loops_panel(programme):
    """The programme home's open-loops panel: three counts."""
    return {"programme": programme,
            "loops": selectors.open_loops_summary(programme, timezone.now())}
