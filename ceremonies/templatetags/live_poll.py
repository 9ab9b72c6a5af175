from django import template

from ceremonies.room.live_poll import poll_token

register = template.Library()


@register.simple_tag(takes_context=True)
def live_poll_token(context, meeting) -> str:
    return poll_token(person=context["request"].user, meeting=meeting)
