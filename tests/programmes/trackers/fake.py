"""A local HTTP server speaking the subset of the GitHub, GitLab and Jira REST APIs the
connectors use, shaped as their documentation shows: GitHub's Link header and
X-RateLimit-*, GitLab's X-Next-Page / X-Total-Pages and RateLimit-*, Jira Cloud's
nextPageToken / isLast and Data Center's startAt / maxResults / total, 429 with Retry-After;
Jira's field list (/rest/api/{3,2}/field) and the Agile API's board sprints (`values` paged by
startAt / maxResults / isLast) and a sprint's issues (startAt / maxResults / total).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlencode, urlsplit


class FakeTrackers(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.github: dict[str, list[dict]] = {}  # "owner/repo" -> issues and pulls
        self.gitlab: dict[str, dict[str, list[dict]]] = {}  # path -> issues / merge_requests
        self.jira: dict[str, list[dict]] = {}  # project key -> issues
        self.jira_fields: list[dict] = [  # as GET /rest/api/3/field lists them
            {"id": "summary", "key": "summary", "name": "Summary", "custom": False,
             "schema": {"type": "string", "system": "summary"}},
            {"id": "customfield_10016", "key": "customfield_10016",
             "name": "Story point estimate", "custom": True,
             "schema": {"type": "number", "custom":
                        "com.pyxis.greenhopper.jira:jsw-story-points", "customId": 10016}},
        ]
        self.boards: dict[int, list[dict]] = {}  # board id -> sprints
        self.sprint_issues: dict[tuple[int, int], list[dict]] = {}  # (board, sprint) -> issues
        self.page_size = 2  # small, so every test crosses pages
        self.failing: int | None = None  # answer every request with this status
        self.limited: list[int] = []  # answer 429 with these Retry-After values, in turn
        self.requests: list[tuple[str, dict, dict]] = []  # (path, query, headers)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def _since(items, key, since):
    return [i for i in items if not since or i[key] >= since]


class _Handler(BaseHTTPRequestHandler):
    server: FakeTrackers

    def do_GET(self):  # noqa: N802 (http.server's naming)
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        server = self.server
        with server.lock:
            server.requests.append((parts.path, query, dict(self.headers.items())))
            if server.failing:
                return self._send(server.failing, {"message": "Server Error"})
            if server.limited:
                return self._send(429, {"message": "API rate limit exceeded"},
                                  {"Retry-After": str(server.limited.pop(0))})
            path = unquote(parts.path)
            if path.startswith("/repos/") and path.endswith("/issues"):
                return self._github(path.removeprefix("/repos/").removesuffix("/issues"), query)
            if path.startswith("/api/v4/projects/"):
                project, _, kind = path.removeprefix("/api/v4/projects/").rpartition("/")
                return self._gitlab(project, kind, query)
            if path == "/rest/api/3/search/jql":
                return self._jira_cloud(query)
            if path == "/rest/api/2/search":
                return self._jira_dc(query)
            if path in ("/rest/api/3/field", "/rest/api/2/field"):
                return self._send(200, server.jira_fields)
            if path.startswith("/rest/agile/1.0/board/"):
                return self._agile(path.removeprefix("/rest/agile/1.0/board/").split("/"),
                                   query)
        return self._send(404, {"message": "Not Found"})

    def _github(self, repo, query):
        if repo not in self.server.github:
            return self._send(404, {"message": "Not Found"})
        items = _since(self.server.github[repo], "updated_at", query.get("since", "")
                       .replace("+00:00", "Z"))
        size = min(int(query.get("per_page", 30)), self.server.page_size)
        page = int(query.get("page", 1))
        chunk = items[(page - 1) * size: page * size]
        headers = {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "4999",
                   "X-RateLimit-Reset": "1900000000"}
        if page * size < len(items):
            following = urlencode({**query, "page": page + 1})
            headers["Link"] = (f'<{self.server.url}/repos/{repo}/issues?{following}>; '
                               'rel="next"')
        return self._send(200, chunk, headers)

    def _gitlab(self, project, kind, query):
        if project not in self.server.gitlab:
            return self._send(404, {"message": "404 Project Not Found"})
        items = _since(self.server.gitlab[project].get(kind, []), "updated_at",
                       query.get("updated_after", "").replace("+00:00", "Z"))
        size = min(int(query.get("per_page", 20)), self.server.page_size)
        page = int(query.get("page", 1))
        total_pages = max(1, -(-len(items) // size))
        headers = {"X-Page": str(page), "X-Per-Page": str(size), "X-Total": str(len(items)),
                   "X-Total-Pages": str(total_pages),
                   "X-Next-Page": str(page + 1) if page < total_pages else "",
                   "RateLimit-Limit": "2000", "RateLimit-Remaining": "1999"}
        return self._send(200, items[(page - 1) * size: page * size], headers)

    def _jira_issues(self, query):
        key = query["jql"].split('"')[1]
        issues = self.server.jira.get(key)
        if issues is None:
            return None
        if "updated >=" in query["jql"]:
            since = query["jql"].split('updated >= "')[1].split('"')[0]  # "YYYY-MM-DD HH:MM"
            issues = [i for i in issues if i["fields"]["updated"][:16].replace("T", " ") >= since]
        return issues

    def _jira_cloud(self, query):
        issues = self._jira_issues(query)
        if issues is None:
            return self._send(400, {"errorMessages": ["The value does not exist for the field "
                                                      "'project'."], "errors": {}})
        size = min(int(query.get("maxResults", 50)), self.server.page_size)
        start = int(query.get("nextPageToken", 0))
        body = {"issues": issues[start:start + size], "isLast": start + size >= len(issues)}
        if not body["isLast"]:
            body["nextPageToken"] = str(start + size)
        return self._send(200, body)

    def _jira_dc(self, query):
        issues = self._jira_issues(query)
        if issues is None:
            return self._send(400, {"errorMessages": ["No project"], "errors": {}})
        size = min(int(query.get("maxResults", 50)), self.server.page_size)
        start = int(query.get("startAt", 0))
        return self._send(200, {"startAt": start, "maxResults": size, "total": len(issues),
                                "issues": issues[start:start + size]})

    def _agile(self, parts, query):
        size = min(int(query.get("maxResults", 50)), self.server.page_size)
        start = int(query.get("startAt", 0))
        board = int(parts[0])
        if board not in self.server.boards:
            return self._send(404, {"errorMessages": ["The requested board cannot be viewed "
                                                      "because it either does not exist or "
                                                      "you do not have permission to view it."],
                                    "errors": {}})
        if parts[1:] == ["sprint"]:
            sprints = self.server.boards[board]
            return self._send(200, {"maxResults": size, "startAt": start,
                                    "isLast": start + size >= len(sprints),
                                    "values": sprints[start:start + size]})
        issues = self.server.sprint_issues.get((board, int(parts[2])), [])
        return self._send(200, {"expand": "schema,names", "startAt": start, "maxResults": size,
                                "total": len(issues), "issues": issues[start:start + size]})

    def _send(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def start() -> FakeTrackers:
    server = FakeTrackers()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
