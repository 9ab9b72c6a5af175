"""Helpers of the tests of pages kept under a data version (programmes/data_version.py)."""

import re

# What a page served from the cache still costs: session, person, programme, roles, team roles,
# and the inbox badge's tree versions.
CACHED_QUERIES = 6


def without_tokens(html: str) -> str:
    """The page less its CSRF tokens, which are masked afresh for every response."""
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")\w+', r"\1…", html)


def form_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
