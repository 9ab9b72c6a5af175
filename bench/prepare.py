"""Prepare one scale for the HTTP benchmark; prints JSON for bench/run.py.

Run under the benchmark's environment (its own PostgreSQL database): generates the data, signs
the people in that the endpoints need, and counts the queries each endpoint makes.
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
from programmes.models import Programme  # noqa: E402


def session_for(person) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.save()
    return session.session_key


def count_queries(path: str, session_key: str | None, method: str, body: str | None) -> int:
    client = Client(HTTP_HOST="127.0.0.1")
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    with CaptureQueriesContext(connection) as queries:
        if method == "POST":
            response = client.post(path, body, content_type="application/x-www-form-urlencoded")
        else:
            response = client.get(path)
    if response.status_code >= 400:
        raise SystemExit(f"{method} {path} answered {response.status_code}")
    return len(queries)


def main(teams: int) -> None:
    if not Programme.objects.filter(slug="scale").exists():
        call_command("generate_scale", teams=teams, seed=42, slug="scale", stdout=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would soon after a bulk load
    result = []
    for endpoint in endpoints_for():
        key = session_for(endpoint.person) if endpoint.person else None
        result.append({
            "name": endpoint.name, "path": endpoint.path, "method": endpoint.method,
            "body": endpoint.body, "session": key,
            "queries": count_queries(endpoint.path, key, endpoint.method, endpoint.body),
        })
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(int(sys.argv[1]))
