from django import template
from django.utils import timezone

from feedback import selectors
from feedback.badge import inbox_badge

register = template.Library()


@register.inclusion_tag("feedback/_open_loops.html")
def open_loops_panel(programme):
    """The programme home's open-loops panel: three counts."""
    return {"programme": programme,
            "loops": selectors.open_loops_summary(programme, timezone.now())}


@register.simple_tag(takes_context=True)
def inbox_count(context) -> int:
    """How many items wait for the signed-in person, for the navigation: cached until their
    programme trees change (feedback/badge.py). The inbox page has counted them already and
    passes `inbox_badge`.
    """
    if "inbox_badge" in context:
        return context["inbox_badge"]
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return inbox_badge(user)
