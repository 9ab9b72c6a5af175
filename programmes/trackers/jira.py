"""Jira Cloud and Data Center: the issues of a project (its key), by REST and webhooks.

REST, Cloud: GET /rest/api/3/search/jql (`jql`, `fields`, `maxResults`), paged by
`nextPageToken` until `isLast`; the account's email and API token authenticate (Basic).
Data Center: GET /rest/api/2/search, paged by `startAt`/`maxResults`/`total`; a personal
access token authenticates (Bearer). Webhooks: `jira:issue_created` / `jira:issue_updated`,
signed in X-Hub-Signature (`sha256=` and the HMAC-SHA256 hex of the raw body) when the
webhook has a secret, each delivery named by X-Atlassian-Webhook-Identifier (kept on retries).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal, InvalidOperation

import requests

from programmes.models import ItemState, TrackerConnection, TrackerKind
from programmes.trackers.http import pages, parse_time
from programmes.trackers.items import Item, is_blocked_label
from programmes.trackers.signatures import hmac_matches

PAGE = 100
# Story points: Cloud's team-managed "Story point estimate", company-managed "Story Points".
POINTS_FIELDS = ("customfield_10016", "customfield_10028", "customfield_10002")
CATEGORY_STATES = {"new": ItemState.TODO, "indeterminate": ItemState.IN_PROGRESS,
                   "done": ItemState.DONE}
EVENTS = {"jira:issue_created", "jira:issue_updated"}


def session_for(connection: TrackerConnection) -> requests.Session:
    session = requests.Session()
    session.headers["Accept"] = "application/json"
    if connection.kind == TrackerKind.JIRA_CLOUD:
        session.auth = (connection.username, connection.token)
    elif connection.token:
        session.headers["Authorization"] = f"Bearer {connection.token}"
    return session


def fetch(connection: TrackerConnection, source: str, since: datetime | None) -> Iterator[Item]:
    jql = f'project = "{source}"'
    if since:
        jql += f' AND updated >= "{since:%Y-%m-%d %H:%M}"'
    params = {"jql": jql + " ORDER BY updated ASC", "maxResults": PAGE, "fields": "*all"}
    base = connection.base_url.rstrip("/")
    if connection.kind == TrackerKind.JIRA_CLOUD:
        url, next_of = f"{base}/rest/api/3/search/jql", _next_token
    else:
        url, next_of = f"{base}/rest/api/2/search", _next_start
        params["startAt"] = 0
    with session_for(connection) as session:
        for response in pages(session, url, params, next_of):
            for raw in response.json().get("issues", []):
                yield item(raw, base)


def _next_token(response: requests.Response, params):
    body = response.json()
    token = body.get("nextPageToken")
    if body.get("isLast", True) and not token:
        return None
    return (response.url.split("?")[0], {**params, "nextPageToken": token})


def _next_start(response: requests.Response, params):
    body = response.json()
    following = body["startAt"] + len(body.get("issues", []))
    if not body.get("issues") or following >= body["total"]:
        return None
    return (response.url.split("?")[0], {**params, "startAt": following})


def item(raw: dict, base: str) -> Item:
    fields = raw["fields"]
    category = ((fields.get("status") or {}).get("statusCategory") or {}).get("key", "new")
    state = CATEGORY_STATES.get(category, ItemState.TODO)
    return Item(
        external_id=str(raw["id"]),
        key=raw["key"],
        is_change=False,
        title=(fields.get("summary") or "")[:500],
        url=f"{base}/browse/{raw['key']}",
        state=state,
        blocked=is_blocked_label(fields.get("labels") or []) or _flagged(fields),
        opened_at=parse_time(fields["created"]),
        closed_at=(parse_time(fields.get("resolutiondate") or fields["updated"])
                   if state == ItemState.DONE else None),
        updated_at=parse_time(fields["updated"]),
        points=_points(fields),
        sprint=_sprint(fields),
    )


def _flagged(fields: dict) -> bool:
    """Jira's "Flagged" field holds [{"value": "Impediment"}] on a flagged issue."""
    return any(isinstance(value, list) and any(
        isinstance(option, dict) and option.get("value") == "Impediment" for option in value)
        for value in fields.values())


def _points(fields: dict) -> Decimal | None:
    for name in POINTS_FIELDS:
        value = fields.get(name)
        if isinstance(value, int | float | str) and value != "":
            try:
                return Decimal(str(value))
            except InvalidOperation:
                continue
    return None


def _sprint(fields: dict) -> str:
    """The name of the issue's latest sprint (the sprint field: [{id, name, state, …}])."""
    for value in fields.values():
        if isinstance(value, list) and value and isinstance(value[-1], dict) \
                and {"name", "state", "boardId"} <= value[-1].keys():
            return value[-1]["name"][:200]
    return ""


def verify(connection: TrackerConnection, headers, body: bytes) -> bool:
    return hmac_matches(connection.webhook_secret, body, headers.get("X-Hub-Signature", ""),
                        prefix="sha256=")


def delivery_id(headers) -> str:
    return headers.get("X-Atlassian-Webhook-Identifier", "")


def from_webhook(connection: TrackerConnection, headers, payload: dict) -> tuple[str, Item] | None:
    if payload.get("webhookEvent") not in EVENTS or "issue" not in payload:
        return None
    raw = payload["issue"]
    return raw["fields"]["project"]["key"], item(raw, connection.base_url.rstrip("/"))
