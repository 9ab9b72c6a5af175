"""Links that leave the site — in email, chat, webhooks and API bodies — carry the host."""

from django.conf import settings


def absolute(link: str) -> str:
    """`/p/x/` becomes `https://metascrum.example/p/x/`; a full URL is left as it is."""
    if link.startswith("/"):
        return settings.SITE_URL + link
    return link
