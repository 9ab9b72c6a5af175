"""Jira Cloud and Data Center: the issues of a project (its key), by REST and webhooks.

REST, Cloud: GET /rest/api/3/search/jql (`jql`, `fields`, `maxResults`), paged by
`nextPageToken` until `isLast`; the account's email and API token authenticate (Basic).
Data Center: GET /rest/api/2/search, paged by `startAt`/`maxResults`/`total`; a personal
access token authenticates (Bearer). Webhooks: `jira:issue_created` / `jira:issue_updated`,
signed in X-Hub-Signature (`sha256=` and the HMAC-SHA256 hex of the raw body) when the
webhook has a secret, each delivery named by X-Atlassian-Webhook-Identifier (kept on retries);
`jira:issue_deleted` marks the item gone.

Boards (Agile REST API): GET /rest/agile/1.0/board/{id}/sprint lists a board's sprints
(`values`, paged by `startAt`/`maxResults`/`isLast`) with `state`, `startDate`, `endDate` and
`completeDate`; GET /rest/agile/1.0/board/{id}/sprint/{sprintId}/issue lists a sprint's issues
(`issues`, paged by `startAt`/`total`, or by `nextPageToken`/`isLast` on Cloud).

Story points: the connection's field id when the MSM set one; otherwise the field that
GET /rest/api/{3,2}/field names "Story Points" or "Story point estimate".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from decimal import Decimal, InvalidOperation

import requests

from programmes.models import ItemState, TrackerConnection, TrackerKind
from programmes.trackers.http import get_json, pages, parse_time
from programmes.trackers.items import Item, is_blocked_label
from programmes.trackers.signatures import hmac_matches

PAGE = 100
# Story points when Jira's field list names none: Cloud's usual ids of "Story point estimate"
# (team-managed) and "Story Points" (company-managed), and Data Center's.
POINTS_FIELDS = ("customfield_10016", "customfield_10028", "customfield_10002")
POINTS_NAMES = {"story points", "story point estimate"}
CATEGORY_STATES = {"new": ItemState.TODO, "indeterminate": ItemState.IN_PROGRESS,
                   "done": ItemState.DONE}
EVENTS = {"jira:issue_created", "jira:issue_updated", "jira:issue_deleted"}


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
    fields = points_fields(connection)
    if connection.kind == TrackerKind.JIRA_CLOUD:
        url, next_of = f"{base}/rest/api/3/search/jql", _next_token
    else:
        url, next_of = f"{base}/rest/api/2/search", _next_start
        params["startAt"] = 0
    with session_for(connection) as session:
        for response in pages(session, url, params, next_of):
            for raw in response.json().get("issues", []):
                yield item(raw, base, fields)


def _api(connection: TrackerConnection) -> str:
    version = "3" if connection.kind == TrackerKind.JIRA_CLOUD else "2"
    return f"{connection.base_url.rstrip('/')}/rest/api/{version}"


def points_fields(connection: TrackerConnection, *, look_up: bool = True) -> tuple[str, ...]:
    """The story-points field ids to read: the MSM's choice, else the one Jira's field list
    names (looked up once and kept on the connection), else the usual ids. A webhook never
    looks up (`look_up=False`): it must not wait on a call to the tracker."""
    if connection.points_field:
        return (connection.points_field,)
    if not connection.points_field_found:
        if not look_up:
            return POINTS_FIELDS
        with session_for(connection) as session:
            listed = get_json(session, f"{_api(connection)}/field").json()
        found = next((f["id"] for f in listed if isinstance(f, dict)
                      and str(f.get("name", "")).strip().lower() in POINTS_NAMES), "")
        if not found:
            return POINTS_FIELDS
        connection.points_field_found = found[:100]
        type(connection).objects.filter(pk=connection.pk).update(
            points_field_found=connection.points_field_found)
    return (connection.points_field_found,)


def board_sprints(connection: TrackerConnection, board: int) -> Iterator[dict]:
    """The board's sprints: {id, name, state, startDate, endDate, completeDate, …}."""
    url = f"{connection.base_url.rstrip('/')}/rest/agile/1.0/board/{board}/sprint"
    with session_for(connection) as session:
        for response in pages(session, url, {"startAt": 0, "maxResults": 50}, _next_agile):
            yield from response.json().get("values", [])


def sprint_items(connection: TrackerConnection, board: int, sprint: int | str) -> Iterator[Item]:
    base = connection.base_url.rstrip("/")
    url = f"{base}/rest/agile/1.0/board/{board}/sprint/{sprint}/issue"
    fields = points_fields(connection)
    with session_for(connection) as session:
        for response in pages(session, url, {"startAt": 0, "maxResults": PAGE}, _next_agile):
            for raw in response.json().get("issues", []):
                yield item(raw, base, fields)


def _next_agile(response: requests.Response, params):
    """The Agile API pages by `nextPageToken`, by `isLast`, or by `total`, as it answers."""
    body = response.json()
    rows = len(body.get("values", body.get("issues", [])))
    if body.get("nextPageToken"):
        return (response.url.split("?")[0], {**params, "nextPageToken": body["nextPageToken"]})
    if not rows or body.get("isLast") is True:
        return None
    following = body.get("startAt", 0) + rows
    if "isLast" not in body and following >= body.get("total", 0):
        return None
    return (response.url.split("?")[0], {**params, "startAt": following})


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


def item(raw: dict, base: str, points: tuple[str, ...] = POINTS_FIELDS) -> Item:
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
        points=_points(fields, points),
        sprint=_sprint(fields),
    )


def _flagged(fields: dict) -> bool:
    """Jira's "Flagged" field holds [{"value": "Impediment"}] on a flagged issue."""
    return any(isinstance(value, list) and any(
        isinstance(option, dict) and option.get("value") == "Impediment" for option in value)
        for value in fields.values())


def _points(fields: dict, names: tuple[str, ...]) -> Decimal | None:
    for name in names:
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
    found = item(raw, connection.base_url.rstrip("/"), points_fields(connection, look_up=False))
    if payload["webhookEvent"] == "jira:issue_deleted":
        found = replace(found, gone=True)
    return raw["fields"]["project"]["key"], found
