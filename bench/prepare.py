"""Prepare one scale for the HTTP benchmark; prints JSON for bench/run.py.

Run under the benchmark's environment (its own PostgreSQL database): generates the data, signs
the people in that the endpoints need (a session, or an API token per scripted client), and
counts the queries each endpoint makes.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metascrum.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.endpoints import endpoints_for  # noqa: E402
from ceremonies.models import DailyUpdate  # noqa: E402
from programmes.access.tokens import token_create  # noqa: E402
from programmes.models import Programme  # noqa: E402


def session_for(person) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.save()
    return session.session_key


def measure(path: str, session_key: str | None, method: str, body: str | None,
            headers: dict[str, str]):
    """(queries, response) of one request through the Django test client."""
    client = Client(HTTP_HOST="127.0.0.1")
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    extra = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    content_type = headers.get("Content-Type", "application/x-www-form-urlencoded")
    with CaptureQueriesContext(connection) as queries:
        response = client.generic(method, path, body or "", content_type=content_type,
                                  headers=extra)
    if response.status_code >= 400:
        raise SystemExit(f"{method} {path} answered {response.status_code}")
    return len(queries), response


def count_queries(path: str, session_key: str | None, method: str, body: str | None,
                  headers: dict[str, str]) -> int | str:
    """A page's queries; for a page served from the cache once built, "cached (built)"."""
    built = measure(path, session_key, method, body, headers)[0]
    if method != "GET":
        return built
    cached = measure(path, session_key, method, body, headers)[0]
    return built if cached == built else f"{cached} ({built} to build)"


def bearer(person) -> str:
    _, raw = token_create(person=person, name="bench")
    return f"Bearer {raw}"


def update_queries(endpoint, headers: dict[str, str]) -> str:
    """The update script's first post and its steady state, an edit; then the update goes
    again, so the pages and a second run see the generated data."""
    slot = measure(endpoint.path, None, "GET", None, headers)[1].json()
    if slot["update"]:  # left by an earlier run on this database
        DailyUpdate.objects.filter(pk=slot["update"]["id"]).delete()
    posted, response = measure(endpoint.path, None, "POST", endpoint.body, headers)
    body = json.dumps({**json.loads(endpoint.body), "version": response.json()["version"]})
    edited = count_queries(endpoint.path, None, "PUT", body, headers)
    DailyUpdate.objects.filter(pk=response.json()["id"]).delete()
    return f"{posted} (PUT {edited})"


def main(teams: int) -> None:
    if not Programme.objects.filter(slug="scale").exists():
        call_command("generate_scale", teams=teams, seed=42, slug="scale", stdout=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would soon after a bulk load
    result = []
    for endpoint in endpoints_for():
        key = session_for(endpoint.person) if endpoint.person else None
        clients = [{"path": c.path, "authorization": bearer(c.person)}
                   for c in endpoint.clients]
        headers = dict(endpoint.headers)
        if clients:
            headers["Authorization"] = clients[0]["authorization"]
        if endpoint.script == "update.lua":
            queries = update_queries(endpoint, headers)
        else:
            queries = count_queries(endpoint.path, key, endpoint.method, endpoint.body, headers)
        result.append({
            "name": endpoint.name, "path": endpoint.path, "method": endpoint.method,
            "body": endpoint.body, "session": key, "headers": endpoint.headers,
            "script": endpoint.script, "clients": clients, "queries": queries,
            "writer": ({"path": endpoint.writer.path,
                        "authorization": bearer(endpoint.writer.person)}
                       if endpoint.writer else None),
            "writes_per_second": endpoint.writes_per_second,
        })
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(int(sys.argv[1]))
