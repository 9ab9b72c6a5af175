"""How an API operation says it is going away: every answer it gives (errors included) carries
`Deprecation` (RFC 9745) and `Sunset` (RFC 8594), with a `Link` to the changelog entry, and
the OpenAPI document marks it `deprecated` and says when it goes.

Declared beside the operation, nothing else to change:

    @router.get("/programmes/{slug}/old", response=OldOut)
    @deprecated(since=date(2027, 1, 4), sunset=date(2027, 7, 5), link=CHANGELOG + "#2027-01-04")
    def old(request, slug: str): ...

docs/API.md says how long a deprecated operation lives (and keeps the changelog).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime

from django.http import HttpResponseBase
from django.utils.http import http_date
from ninja.decorators import decorate_view
from ninja.operation import Operation
from ninja.utils import contribute_operation_callback


def _moment(day: date | datetime) -> datetime:
    """A date is its first moment in UTC; a datetime must say its zone."""
    if isinstance(day, datetime):
        if day.tzinfo is None:
            raise ValueError("A deprecation moment needs a time zone.")
        return day
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def deprecation_headers(*, since: date | datetime, sunset: date | datetime,
                        link: str = "") -> dict[str, str]:
    """The headers of an operation deprecated at `since` that stops answering at `sunset`."""
    start, end = _moment(since), _moment(sunset)
    if end <= start:
        raise ValueError("The sunset must come after the deprecation.")
    headers = {"Deprecation": f"@{int(start.timestamp())}",  # an RFC 9651 Date
               "Sunset": http_date(end.timestamp())}
    if link:
        headers["Link"] = f'<{link}>; rel="deprecation"; type="text/html", <{link}>; rel="sunset"'
    return headers


def announce(response: HttpResponseBase, headers: dict[str, str]) -> HttpResponseBase:
    """Add `headers` to a response; a `Link` it already has (a next page) is kept."""
    for name, value in headers.items():
        if name == "Link" and response.has_header("Link"):
            value = f"{response['Link']}, {value}"
        response[name] = value
    return response


def deprecated(*, since: date | datetime, sunset: date | datetime,
               link: str = "") -> Callable[[Callable], Callable]:
    """Mark a django-ninja operation deprecated; use it under (or over) `@router.<method>`."""
    headers = deprecation_headers(since=since, sunset=sunset, link=link)
    note = (f"Deprecated since {_moment(since):%Y-%m-%d}; it stops answering on "
            f"{_moment(sunset):%Y-%m-%d}." + (f" See {link}." if link else ""))

    def with_headers(run: Callable) -> Callable:
        @functools.wraps(run)
        def run_and_announce(request, *args, **kwargs):
            return announce(run(request, *args, **kwargs), headers)
        return run_and_announce

    def in_the_schema(operation: Operation) -> None:
        operation.deprecated = True
        operation.description = "\n\n".join(filter(None, [operation.description, note]))

    def declare(func: Callable) -> Callable:
        func = decorate_view(with_headers)(func)
        operation = getattr(func, "_ninja_operation", None)
        if operation is not None:  # written over @router.<method>: the operation exists
            in_the_schema(operation)
        else:
            contribute_operation_callback(func, in_the_schema)
        return func

    return declare
