"""GitHub: issues and pull requests of a repository (`owner/name`), by REST and webhooks.

REST: GET /repos/{owner}/{repo}/issues?state=all&since=… lists issues and pull requests
(a pull request has a `pull_request` member), paged by the Link header. Webhooks: `issues` and
`pull_request` events, signed in X-Hub-Signature-256 (`sha256=` and the HMAC-SHA256 hex of
the raw body), each delivery named by X-GitHub-Delivery. An issue `deleted`, or `transferred`
to another repository, is gone from its source.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

import requests

from programmes.models import ItemState, TrackerConnection
from programmes.trackers.http import pages, parse_time
from programmes.trackers.items import Item, is_blocked_label
from programmes.trackers.signatures import hmac_matches

EVENTS = {"issues": "issue", "pull_request": "pull_request"}
GONE = {"deleted", "transferred"}


def session_for(connection: TrackerConnection) -> requests.Session:
    session = requests.Session()
    session.headers.update({"Accept": "application/vnd.github+json",
                            "X-GitHub-Api-Version": "2022-11-28"})
    if connection.token:
        session.headers["Authorization"] = f"Bearer {connection.token}"
    return session


def fetch(connection: TrackerConnection, source: str, since: datetime | None) -> Iterator[Item]:
    params = {"state": "all", "per_page": 100, "sort": "updated", "direction": "asc"}
    if since:
        params["since"] = since.isoformat()
    url = f"{connection.base_url.rstrip('/')}/repos/{source}/issues"
    with session_for(connection) as session:
        for response in pages(session, url, params, _next):
            for raw in response.json():
                yield item(raw, is_change="pull_request" in raw)


def _next(response: requests.Response, params):
    link = response.links.get("next")
    return (link["url"], None) if link else None


def item(raw: dict, *, is_change: bool) -> Item:
    merged_at = (raw.get("pull_request") or {}).get("merged_at") or raw.get("merged_at")
    closed = raw["state"] == "closed"
    in_progress = is_change or bool(raw.get("assignees") or raw.get("assignee"))
    if closed:
        state = ItemState.DONE
    else:
        state = ItemState.IN_PROGRESS if in_progress and not raw.get("draft") else ItemState.TODO
    return Item(
        external_id=str(raw["id"]),
        key=f"#{raw['number']}",
        is_change=is_change,
        title=raw["title"][:500],
        url=raw["html_url"],
        state=state,
        blocked=is_blocked_label(label["name"] for label in raw.get("labels", [])),
        opened_at=parse_time(raw["created_at"]),
        closed_at=parse_time(merged_at or raw.get("closed_at")) if closed else None,
        updated_at=parse_time(raw["updated_at"]),
    )


def verify(connection: TrackerConnection, headers, body: bytes) -> bool:
    signature = headers.get("X-Hub-Signature-256", "")
    return hmac_matches(connection.webhook_secret, body, signature, prefix="sha256=")


def delivery_id(headers) -> str:
    return headers.get("X-GitHub-Delivery", "")


def from_webhook(connection: TrackerConnection, headers, payload: dict) -> tuple[str, Item] | None:
    """(repository, item) of an `issues` or `pull_request` delivery; None for other events."""
    member = EVENTS.get(headers.get("X-GitHub-Event", ""))
    if member is None or member not in payload:
        return None
    found = item(payload[member], is_change=member == "pull_request")
    if payload.get("action") in GONE:
        found = replace(found, gone=True)
    return payload["repository"]["full_name"], found
