"""Template tags that let other apps' pages show resource conflicts without new view code."""

from django import template

from programmes.resources.selectors import resource_conflicts

register = template.Library()


@register.simple_tag
def resource_conflicts_for(programme, day):
    """Conflicts from `day` over the next two weeks (one query), for the Scrum of Scrums."""
    return resource_conflicts(programme, day)
