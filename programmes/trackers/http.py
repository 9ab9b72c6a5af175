"""Calls to a tracker's REST API: timeouts, pages, rate limits and errors, the same for all.

A tracker that is down, slow, or answers 4xx/5xx raises `TrackerError` with a sentence the
Integrations page can show; nothing here ever hangs a request for long.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime

import requests
from django.utils import timezone
from django.utils.translation import gettext as _

TIMEOUT = (3.05, 10)  # connect, read (seconds)
MAX_WAIT = 30  # the longest rate-limit pause we sit out; a longer one fails this sync
MAX_RETRIES = 3
pause: Callable[[float], None] = time.sleep  # tests replace it


class TrackerError(Exception):
    """The tracker could not be read; the message says why, for the Integrations page."""


def get_json(session: requests.Session, url: str, *, params=None, method="GET", json=None
             ) -> requests.Response:
    """One call, with rate-limit pauses sat out (Retry-After, or the reset of a spent quota)."""
    for _attempt in range(MAX_RETRIES + 1):
        try:
            response = session.request(method, url, params=params, json=json, timeout=TIMEOUT)
        except requests.Timeout as exc:
            raise TrackerError(_("The tracker did not answer in time (%(url)s).")
                               % {"url": url}) from exc
        except requests.RequestException as exc:
            raise TrackerError(_("The tracker could not be reached: %(error)s.")
                               % {"error": exc.__class__.__name__}) from exc
        wait = _rate_limit_wait(response)
        if wait is None:
            break
        if wait > MAX_WAIT:
            raise TrackerError(_("Rate limited by the tracker for %(seconds)d more seconds; "
                                 "the next sync will catch up.") % {"seconds": int(wait)})
        pause(wait)
    else:
        raise TrackerError(_("Still rate limited by the tracker after several pauses."))
    if response.status_code >= 400:
        raise TrackerError(_failure(response))
    try:
        response.json()
    except ValueError as exc:
        raise TrackerError(_("The tracker answered something that is not JSON (%(url)s).")
                           % {"url": url}) from exc
    return response


def _rate_limit_wait(response: requests.Response) -> float | None:
    """Seconds to wait before asking again, or None when the answer is not a rate limit.

    429 (all three) and GitHub's 403 with an exhausted quota are rate limits; Retry-After wins,
    then the quota's reset time (GitHub: X-RateLimit-Reset, GitLab: RateLimit-Reset, both
    epoch seconds).
    """
    headers = response.headers
    remaining = headers.get("X-RateLimit-Remaining", headers.get("RateLimit-Remaining"))
    limited = response.status_code == 429 or (response.status_code == 403 and remaining == "0")
    if not limited:
        return None
    retry_after = headers.get("Retry-After")
    if retry_after and retry_after.isdigit():
        return float(retry_after)
    reset = headers.get("X-RateLimit-Reset", headers.get("RateLimit-Reset"))
    if reset and reset.isdigit():
        return max(0.0, int(reset) - timezone.now().timestamp())
    return 60.0


def _failure(response: requests.Response) -> str:
    if response.status_code in (401, 403):
        return (_("The tracker refused the credentials (HTTP %(status)s): replace the token.")
                % {"status": response.status_code})
    if response.status_code == 404:
        return (_("Not found on the tracker (HTTP 404): check the address and the mapping "
                  "(%(url)s).") % {"url": response.url})
    return (_("The tracker answered HTTP %(status)s (%(url)s).")
            % {"status": response.status_code, "url": response.url})


Page = tuple[str, dict | None]


def pages(session: requests.Session, url: str, params: dict | None,
          next_of: Callable[[requests.Response, dict | None], Page | None]
          ) -> Iterator[requests.Response]:
    """Every page: `next_of(response, params)` gives the next page's (url, params), or None."""
    page: Page | None = (url, params)
    while page is not None:
        response = get_json(session, page[0], params=page[1])
        yield response
        page = next_of(response, page[1])


def parse_time(text: str | None) -> datetime | None:
    """ISO 8601 as the trackers write it (`Z`, `+00:00`, Jira's `+0000`)."""
    if not text:
        return None
    text = text.replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":
        text = f"{text[:-2]}:{text[-2:]}"
    return datetime.fromisoformat(text)
