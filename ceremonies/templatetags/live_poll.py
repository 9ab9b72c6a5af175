from django import template

from ceremonies.room.live_poll import poll_token

register = template.Library()


@register.simple_tag(takes_context=True)
def live_poll_token(context, meeting) -> str:
    request = context.get("request")  # none in a fragment shared by watchers
    return poll_token(person=request.user if request else None, meeting=meeting)
