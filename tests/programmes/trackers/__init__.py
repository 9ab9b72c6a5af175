"""Helpers for the tracker tests: connections, and items shaped as each tracker's REST API and
webhooks document them (GitHub issues/pulls, GitLab issues/merge requests, Jira issues)."""

from __future__ import annotations

import hashlib
import hmac
import json

from programmes.models import TrackerConnection, TrackerMapping

SECRET = "It's a Secret to Everybody"


def connect(programme, kind, base_url, *, team=None, source="", token="tok-123",
            secret=SECRET, username="") -> TrackerConnection:
    connection = TrackerConnection.objects.create(
        programme=programme, kind=kind, name=f"{kind} {source or 'tracker'}",
        base_url=base_url, token=token, webhook_secret=secret, username=username)
    if team is not None:
        TrackerMapping.objects.create(connection=connection, team=team, source=source)
    return connection


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def body_of(payload: dict) -> bytes:
    return json.dumps(payload).encode()


# --- GitHub ----------------------------------------------------------------------------------

def github_issue(number, title, *, state="open", updated="2026-11-20T10:00:00Z",
                 created="2026-11-01T09:00:00Z", closed=None, labels=(), assignee=None,
                 pull=False, merged=None, repo="acme/ledger"):
    issue = {
        "id": 1000 + number, "node_id": f"I_{number}", "number": number, "title": title,
        "state": state, "html_url": f"https://github.com/{repo}/issues/{number}",
        "url": f"https://api.github.com/repos/{repo}/issues/{number}",
        "labels": [{"id": i, "name": name, "color": "d73a4a"} for i, name in enumerate(labels)],
        "assignee": {"login": assignee} if assignee else None,
        "assignees": [{"login": assignee}] if assignee else [],
        "created_at": created, "updated_at": updated, "closed_at": closed,
    }
    if pull:
        issue["html_url"] = f"https://github.com/{repo}/pull/{number}"
        issue["pull_request"] = {"url": f"https://api.github.com/repos/{repo}/pulls/{number}",
                                 "html_url": issue["html_url"], "merged_at": merged}
    return issue


def github_delivery(issue, *, action="closed", repo="acme/ledger", event="issues"):
    member = "pull_request" if event == "pull_request" else "issue"
    return {"action": action, member: issue,
            "repository": {"id": 1, "name": repo.split("/")[1], "full_name": repo},
            "sender": {"login": "octocat"}}


# --- GitLab ----------------------------------------------------------------------------------

def gitlab_issue(iid, title, *, state="opened", updated="2026-11-20T10:00:00.000Z",
                 created="2026-11-01T09:00:00.000Z", closed=None, labels=(), assignee=None,
                 project="acme/ledger", merge_request=False, merged=None):
    kind = "merge_requests" if merge_request else "issues"
    item = {
        "id": (5000 if merge_request else 4000) + iid, "iid": iid, "project_id": 7,
        "title": title, "state": state, "labels": list(labels),
        "assignees": [{"username": assignee}] if assignee else [],
        "assignee": {"username": assignee} if assignee else None,
        "created_at": created, "updated_at": updated, "closed_at": closed,
        "web_url": f"https://gitlab.com/{project}/-/{kind}/{iid}",
    }
    if merge_request:
        item.update({"merged_at": merged, "draft": False})
    return item


def gitlab_delivery(iid, title, *, state="closed", action="close", project="acme/ledger",
                    updated="2026-11-21 10:00:00 UTC", labels=(), merge_request=False):
    kind = "merge_requests" if merge_request else "issues"
    return {
        "object_kind": "merge_request" if merge_request else "issue",
        "event_type": "merge_request" if merge_request else "issue",
        "project": {"id": 7, "path_with_namespace": project},
        "object_attributes": {
            "id": (5000 if merge_request else 4000) + iid, "iid": iid, "title": title,
            "state": state, "action": action, "created_at": "2026-11-01 09:00:00 UTC",
            "updated_at": updated, "closed_at": updated if state != "opened" else None,
            "url": f"https://gitlab.com/{project}/-/{kind}/{iid}", "assignee_ids": []},
        "labels": [{"id": i, "title": name} for i, name in enumerate(labels)],
    }


# --- Jira ------------------------------------------------------------------------------------

def jira_issue(number, summary, *, category="new", project="PAY", points=None, sprint=None,
               labels=(), flagged=False, updated="2026-11-20T10:00:00.000+0000",
               created="2026-11-01T09:00:00.000+0000", resolved=None):
    names = {"new": "To Do", "indeterminate": "In Progress", "done": "Done"}
    fields = {
        "summary": summary, "labels": list(labels), "created": created, "updated": updated,
        "resolutiondate": resolved,
        "status": {"name": names[category],
                   "statusCategory": {"key": category, "name": names[category]}},
        "project": {"key": project, "name": "Payments"},
        "customfield_10016": points,
        "customfield_10020": ([{"id": 1, "name": sprint, "state": "active", "boardId": 3}]
                              if sprint else None),
        "customfield_10021": [{"value": "Impediment", "id": "10019"}] if flagged else None,
    }
    return {"id": str(10000 + number), "key": f"{project}-{number}",
            "self": f"https://acme.atlassian.net/rest/api/3/issue/{10000 + number}",
            "fields": fields}


def jira_delivery(issue, *, event="jira:issue_updated"):
    return {"timestamp": 1764669600000, "webhookEvent": event,
            "issue_event_type_name": "issue_generic", "issue": issue}
