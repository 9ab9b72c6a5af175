"""GitLab: issues and merge requests of a project (`group/name`), by REST and webhooks.

REST: GET /api/v4/projects/{id}/issues and …/merge_requests (`updated_after`, `per_page`),
paged by X-Next-Page (empty on the last page). Webhooks: `Issue Hook` and `Merge Request Hook`,
authenticated by X-Gitlab-Token (the secret token, compared whole), each delivery named by
X-Gitlab-Event-UUID.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from urllib.parse import quote

import requests

from programmes.models import ItemState, TrackerConnection
from programmes.trackers.http import pages, parse_time
from programmes.trackers.items import Item, is_blocked_label
from programmes.trackers.signatures import token_matches

KINDS = {"issue": False, "merge_request": True}


def session_for(connection: TrackerConnection) -> requests.Session:
    session = requests.Session()
    if connection.token:
        session.headers["PRIVATE-TOKEN"] = connection.token
    return session


def fetch(connection: TrackerConnection, source: str, since: datetime | None) -> Iterator[Item]:
    project = f"{connection.base_url.rstrip('/')}/api/v4/projects/{quote(source, safe='')}"
    with session_for(connection) as session:
        for path, is_change in (("issues", False), ("merge_requests", True)):
            params = {"state": "all", "per_page": 100, "order_by": "updated_at", "sort": "asc"}
            if since:
                params["updated_after"] = since.isoformat()
            for response in pages(session, f"{project}/{path}", params, _next):
                for raw in response.json():
                    yield item(raw, is_change=is_change)


def _next(response: requests.Response, params):
    following = response.headers.get("X-Next-Page", "")
    return (response.url.split("?")[0], {**params, "page": following}) if following else None


def _time(text):
    return parse_time(text.replace(" UTC", "Z").replace(" ", "T", 1) if text else text)


def item(raw: dict, *, is_change: bool, labels=None) -> Item:
    closed = raw["state"] in ("closed", "merged")
    assigned = bool(raw.get("assignees") or raw.get("assignee") or raw.get("assignee_ids"))
    if closed:
        state = ItemState.DONE
    elif (is_change and not raw.get("draft")) or (not is_change and assigned):
        state = ItemState.IN_PROGRESS
    else:
        state = ItemState.TODO
    names = labels if labels is not None else raw.get("labels", [])
    return Item(
        external_id=str(raw["id"]),
        key=f"{'!' if is_change else '#'}{raw['iid']}",
        is_change=is_change,
        title=raw["title"][:500],
        url=raw.get("web_url") or raw["url"],
        state=state,
        blocked=is_blocked_label(names),
        opened_at=_time(raw["created_at"]),
        closed_at=_time(raw.get("merged_at") or raw.get("closed_at")
                        or (raw["updated_at"] if closed else None)) if closed else None,
        updated_at=_time(raw["updated_at"]),
        points=raw.get("weight"),
    )


def verify(connection: TrackerConnection, headers, body: bytes) -> bool:
    return token_matches(connection.webhook_secret, headers.get("X-Gitlab-Token", ""))


def delivery_id(headers) -> str:
    return headers.get("X-Gitlab-Event-UUID", "")


def from_webhook(connection: TrackerConnection, headers, payload: dict) -> tuple[str, Item] | None:
    """(project path, item) of an issue or merge request event; None for other events."""
    is_change = KINDS.get(payload.get("object_kind", ""))
    if is_change is None:
        return None
    raw = payload["object_attributes"]
    labels = [label["title"] for label in payload.get("labels") or raw.get("labels") or []]
    raw = {**raw, "assignees": payload.get("assignees") or raw.get("assignee_ids")}
    return payload["project"]["path_with_namespace"], item(raw, is_change=is_change,
                                                           labels=labels)
