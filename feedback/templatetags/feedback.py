from django import template

from feedback.badge import inbox_badge

register = template.Library()


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
