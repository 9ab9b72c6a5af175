"""Two web servers (ASGI, own ports) on one database and one Redis: the facilitator acts
through one, a watcher streaming from the other receives the change."""

import contextlib
import os
import queue
import secrets
import subprocess
import sys
import threading
import time
import urllib.request

import httpx
import pytest
from django.conf import settings

from ceremonies.meetings import state as room
from tests.browser.conftest import _session_cookie
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.room.test_pages import url
from tests.clock import environment_for_child
from tests.worker import ROOT, _database_url, redis_url, require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)

SERVE = ("from tests.clock import travel_from_environment; travel_from_environment(); "
         "import uvicorn; uvicorn.main()")
WAIT = 10  # seconds: a bound, not a measure of speed


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_servers(tmp_path):
    require_postgresql("shares its database with two server processes")
    from django.db import connection

    env = {**os.environ, "DATABASE_URL": _database_url(connection.settings_dict),
           "REDIS_URL": redis_url(), "CONN_MAX_AGE": "0",
           "DJANGO_SETTINGS_MODULE": "metascrum.settings", **environment_for_child()}
    servers = []
    for n in range(2):
        port = free_port()
        log = (tmp_path / f"server-{n}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-c", SERVE, "metascrum.asgi:application", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning", "--timeout-graceful-shutdown", "1"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        servers.append((process, f"http://127.0.0.1:{port}"))
    try:
        for process, base in servers:
            wait_until_up(process, base)
        yield [base for _, base in servers]
    finally:
        for process, _ in servers:
            process.terminate()
        for process, _ in servers:
            process.wait(timeout=15)


def wait_until_up(process, base):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server died on start"
        try:
            with urllib.request.urlopen(f"{base}/healthz/", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not start")


def signed_in(person, base) -> httpx.Client:
    csrf = secrets.token_hex(16)  # an unmasked secret: Django takes it in the header
    return httpx.Client(base_url=base, timeout=WAIT, headers={"X-CSRFToken": csrf},
                        cookies={settings.SESSION_COOKIE_NAME: _session_cookie(person),
                                 settings.CSRF_COOKIE_NAME: csrf})


def stream_events(client, path, seen, events: queue.Queue):
    with contextlib.suppress(httpx.HTTPError):  # the test is over and closed the client
        read(client, path, seen, events)


def read(client, path, seen, events: queue.Queue):
    with client.stream("GET", path, params={"v": seen}) as response:
        events.put(("status", response.status_code))
        event = {}
        for line in response.iter_lines():
            if line.startswith("event: "):
                event["event"] = line.removeprefix("event: ")
            elif line.startswith("id: "):
                event["id"] = int(line.removeprefix("id: "))
            elif line.startswith("data: "):
                event["data"] = event.get("data", "") + line.removeprefix("data: ") + "\n"
            elif line == "" and event:
                events.put(("event", event))
                event = {}


@pytest.fixture
def meeting(cast):
    meeting = make_meeting(cast.programme, extra_items=2)
    room.meeting_start(meeting=meeting, by=cast.msm)
    meeting.refresh_from_db()
    return meeting


def test_a_change_made_through_one_server_reaches_a_watcher_of_the_other(
        two_servers, cast, meeting):
    first, second = two_servers
    events: queue.Queue = queue.Queue()
    watcher = signed_in(cast.member, second)
    threading.Thread(target=stream_events, daemon=True,
                     args=(watcher, url(meeting, "live_stream"), meeting.version, events)).start()
    assert events.get(timeout=WAIT) == ("status", 200)
    time.sleep(0.5)  # let the stream subscribe; the change below comes after it
    facilitator = signed_in(cast.msm, first)
    response = facilitator.post(url(meeting, "control", action="next"),
                                data={"version": meeting.version})
    assert response.status_code == 302
    kind, event = events.get(timeout=WAIT)
    watcher.close()
    assert event["event"] == "live" and event["id"] == meeting.version + 1
    meeting.refresh_from_db()
    assert f"<strong id=\"current-item\">{meeting.current_item.title}</strong>" in event["data"]
