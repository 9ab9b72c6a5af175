"""The one rule for the text metascrum accepts, from a form or from the API.

PostgreSQL refuses a NUL character in text, and a lone surrogate (a code point in
U+D800–U+DFFF, which JSON's "\\ud800" escape can produce) has no UTF-8 encoding, so either one
turned a save, a query or a page into a server error. The API's text type
(`metascrum.lib.api_types`) and the form text field (`metascrum.lib.forms`) both ask `text_problem`.
"""

import re

from django.utils.translation import gettext_lazy

NUL_MESSAGE = gettext_lazy("Text cannot contain NUL characters.")
SURROGATE_MESSAGE = gettext_lazy(
    "Text cannot contain lone surrogate characters (U+D800 to U+DFFF).")

_SURROGATES = re.compile("[\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored and shown as text, or None when it can."""
    if "\x00" in value:
        return str(NUL_MESSAGE)  # in the active language
    if _SURROGATES.search(value):
        return str(SURROGATE_MESSAGE)
    return None


def showable(value: str) -> str:
    """`value` with each lone surrogate replaced by U+FFFD, so a page can echo what was typed."""
    return _SURROGATES.sub("\ufffd", value)
