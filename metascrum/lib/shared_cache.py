"""`{% cache_shared %}`: Django's `{% cache %}` for a fragment that many viewers share and that
holds forms.

    {% load shared_cache %}
    {% cache_shared 60 backlog programme.pk programme.data_version may_order %}…{% endcache %}

The fragment is kept under its name, the values after it, and the viewer's language and time
zone (every page here is localised, so those always vary it). A form's CSRF token belongs to
each visitor: the fragment is rendered and kept with a placeholder in the token's place, and
each visitor's copy gets their own token. Without a token to hand (a page rendered outside a
request) the fragment is rendered afresh and not kept.
"""

from __future__ import annotations

from django import template
from django.templatetags.cache import CacheNode, do_cache
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

register = template.Library()

TOKEN_PLACEHOLDER = "csrf-token-of-the-viewer-7c1e"


class _Localised:
    """A vary-on value that resolves to the active language and time zone."""

    def resolve(self, context) -> str:
        return f"{translation.get_language()}|{timezone.get_current_timezone_name()}"


class SharedCacheNode(CacheNode):
    def render(self, context) -> str:
        token = context.get("csrf_token")
        if not token or str(token) == "NOTPROVIDED":
            return self.nodelist.render(context)
        with context.push(csrf_token=TOKEN_PLACEHOLDER):
            html = super().render(context)
        return mark_safe(html.replace(TOKEN_PLACEHOLDER, str(token)))


@register.tag("cache_shared")
def do_cache_shared(parser, token) -> SharedCacheNode:
    node = do_cache(parser, token)  # reads up to {% endcache %}
    return SharedCacheNode(node.nodelist, node.expire_time_var, node.fragment_name,
                           [*node.vary_on, _Localised()], node.cache_name)
