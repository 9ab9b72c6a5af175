"""A real Celery worker on a real Redis, and a local webhook receiver, shared by the outbox
tests (tests/notifications) and the fault tests (tests/faults).

Conftests import the fixtures from here; tests mark themselves `celery_worker`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from programmes.models import ChatWebhook
from tests.clock import environment_for_child

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


# --- a local webhook receiver ------------------------------------------------------------------

class WebhookServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _WebhookHandler)
        self.received: list[tuple[str, dict]] = []
        self.headers: list[tuple[str, dict]] = []  # (path, headers) of each accepted post
        self.arrivals: list[tuple[str, float]] = []  # (path, time.monotonic()) of each one
        self.statuses: dict[str, list[int]] = {}  # path -> statuses to answer, in turn
        self.delays: dict[str, float] = {}
        self.lock = threading.Lock()

    def url(self, path="/hook") -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def handle_error(self, request, client_address):
        """A client that timed out and hung up is part of the tests, not an error to print."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def bodies(self, path="/hook") -> list[dict]:
        with self.lock:
            return [body for p, body in self.received if p == path]

    def header_values(self, name: str, path="/hook") -> list[str]:
        """One header of every accepted post to `path`, in arrival order."""
        with self.lock:
            return [h.get(name, "") for p, h in self.headers if p == path]

    def last_arrival(self, path="/hook") -> float:
        """time.monotonic() when the last post to `path` was accepted."""
        with self.lock:
            return max(at for p, at in self.arrivals if p == path)

    def clear(self):
        with self.lock:
            self.received.clear()
            self.headers.clear()
            self.arrivals.clear()
            self.statuses.clear()
            self.delays.clear()


class _WebhookHandler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        server: WebhookServer = self.server  # type: ignore[assignment]
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(server.delays.get(self.path, 0))
        with server.lock:
            queue = server.statuses.get(self.path) or []
            status = queue.pop(0) if queue else 200
            if status == 200:
                server.received.append((self.path, json.loads(body)))
                server.headers.append((self.path, dict(self.headers.items())))
                server.arrivals.append((self.path, time.monotonic()))
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"ok" if status == 200 else b"no")

    def log_message(self, *args):
        pass


def _quiet(self, request, client_address):
    """A sender killed mid-request leaves a broken pipe: expected in the fault tests."""


WebhookServer.handle_error = _quiet


@pytest.fixture
def only_test_rules(monkeypatch):
    """No real reminder rule: they fire by the calendar (a Monday digest, a meeting in ten
    minutes), and tests against a real worker count exactly what they cause themselves."""
    from programmes.notifications import registry

    registry.rules()  # discover first, so a later discovery does not bring them back
    monkeypatch.setattr(registry, "_rules", {})


@pytest.fixture(scope="session")
def webhook_server():
    server = WebhookServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def hook_server(webhook_server):
    """The webhook server, emptied for this test."""
    webhook_server.clear()
    return webhook_server


def make_webhook(programme, url, *, team=None, flavour=ChatWebhook.Flavour.SLACK):
    return ChatWebhook.objects.create(programme=programme, team=team, name=f"#{programme.slug}",
                                      flavour=flavour, url=url)


# --- a real Redis and a real Celery worker ------------------------------------------------------

def missing_service(message: str) -> None:
    """A service the test needs is not there: a failure in CI (where bin/test-env guarantees
    PostgreSQL and Redis), elsewhere a skip said out loud."""
    if IN_CI:
        pytest.fail(message)
    warnings.warn(message, stacklevel=2)
    print(f"\n*** WARNING: {message} ***", file=sys.stderr)
    pytest.skip(message)


def require_postgresql(why: str) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        missing_service(f"Not on PostgreSQL, so this test is SKIPPED: it {why}. "
                        "Run it through bin/test-env.")


def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "")
    if not url:
        missing_service("TEST_REDIS_URL is not set: the tests against a real Redis and a real "
                        "Celery worker are SKIPPED. Run them through bin/test-env.")
    return own_redis_db(url, os.environ.get("PYTEST_XDIST_WORKER", ""))


def own_redis_db(url: str, xdist_worker: str) -> str:
    """Each parallel test process (pytest-xdist's gw0, gw1, …) flushes a database of its own:
    TEST_REDIS_URL's number for gw0 and a plain run, one lower for each further process."""
    if not xdist_worker:
        return url
    parts = urllib.parse.urlsplit(url)
    number = int(parts.path.strip("/") or 0) - int(xdist_worker.removeprefix("gw"))
    if number < 0:
        raise RuntimeError(f"{url}: too few Redis databases below it for {xdist_worker}")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{number}"))


def point_app_at(url: str, options: dict | None = None) -> None:
    """Point this process's Celery app at another broker, dropping pooled connections; a Redis
    gets the options production uses (settings.REDIS_BROKER_OPTIONS) unless told otherwise."""
    from django.conf import settings
    from kombu import pools

    from metascrum.celery import app
    from programmes.notifications import outbox

    if options is None and url.startswith("redis"):
        options = settings.REDIS_BROKER_OPTIONS
    app.conf.broker_url = url
    app.conf.broker_transport_options = options or {}
    pools.reset()  # kombu keeps pools per connection, process-wide
    app._pool = None
    app.amqp._producer_pool = None
    outbox._broker_failed_at = None  # another broker: nothing is known to have failed


def point_app_back() -> None:
    from django.conf import settings

    point_app_at(settings.CELERY_BROKER_URL, settings.CELERY_BROKER_TRANSPORT_OPTIONS)


def _database_url(settings_dict) -> str:
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return (f"postgres://{auth}{settings_dict.get('HOST') or '127.0.0.1'}:"
            f"{settings_dict.get('PORT') or 5432}/{settings_dict['NAME']}")


def wait_for(predicate, timeout=30.0, interval=0.1, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}.")


class Worker:
    def __init__(self, process, mail_dir: Path, log: Path, redis_url: str):
        self.process, self.mail_dir, self.log, self.redis_url = process, mail_dir, log, redis_url

    def mails(self, subject: str) -> int:
        """How many messages with `subject` the worker has written out."""
        needle = f"Subject: {subject}\n"
        return sum(path.read_text(errors="replace").count(needle)
                   for path in self.mail_dir.glob("*"))

    def clear_mail(self):
        for path in self.mail_dir.glob("*"):
            path.unlink()

    def stop(self) -> None:
        """Warm shutdown (SIGTERM to the process group), SIGKILL if it hangs."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL the main process and its pool children at once: no goodbye, no ack."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def start_worker(*, redis: str, mail_dir: Path, log: Path, env: dict | None = None,
                 concurrency: int = 2) -> Worker:
    """`celery -A metascrum worker` in its own process group, on `redis` and the test database,
    logging to `log` (a new file per worker); returns once it is ready."""
    from django.db import connection

    environment = {
        **os.environ,
        "REDIS_URL": redis,
        "DATABASE_URL": _database_url(connection.settings_dict),
        "CONN_MAX_AGE": "0",
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "NOTIFICATION_RETRY_BACKOFF": "1",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_SETTINGS_MODULE": "metascrum.settings",
        **environment_for_child(),
        **(env or {}),
    }
    with log.open("w") as out:  # one log per worker: "ready." is this one's
        process = subprocess.Popen(  # `celery …` on this run's clock (tests/clocked.py)
            [sys.executable, "-m", "tests.clocked", "-A", "metascrum", "worker",
             "--loglevel=INFO",
             f"--concurrency={concurrency}", "--pool=prefork", "--without-gossip",
             "--without-mingle", "--without-heartbeat",
             "-n", f"outbox-test-{uuid.uuid4().hex[:8]}@127.0.0.1"],
            cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    worker = Worker(process, mail_dir, log, redis)
    try:
        wait_for(lambda: "ready." in log.read_text() or process.poll() is not None,
                 timeout=60, what="the Celery worker to be ready")
    except BaseException:
        worker.kill()
        raise
    if process.poll() is not None:
        pytest.fail(f"The Celery worker died on start:\n{log.read_text()[-3000:]}")
    return worker


@pytest.fixture
def start_celery_worker(django_db_blocker, tmp_path):
    """start_celery_worker(**env): a new worker each call, on TEST_REDIS_URL and the test
    database, this process's Celery app pointed at it; all stopped after the test."""
    url = redis_url()
    require_postgresql("shares its database with a worker process")
    import redis

    redis.Redis.from_url(url).flushdb()  # our own db number only, never FLUSHALL
    started: list[Worker] = []
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()

    def start(**env) -> Worker:
        worker = start_worker(redis=url, mail_dir=mail_dir, env=env,
                              log=tmp_path / f"worker-{len(started) + 1}.log")
        started.append(worker)
        return worker

    point_app_at(url)
    try:
        yield start
    finally:
        for worker in started:
            worker.stop()
        point_app_back()
        redis.Redis.from_url(url).flushdb()


@pytest.fixture
def play_beat(start_celery_worker):
    """play_beat(name): what `celery beat` does for that entry of settings.CELERY_BEAT_SCHEDULE
    (send its task every `schedule` seconds, the first one interval after the start, with its
    options), from a thread of this process, to the workers start_celery_worker starts. The
    real beat would also send the due-scan, whose reminder rules run by the calendar."""
    from django.conf import settings

    from metascrum.celery import app

    stop = threading.Event()
    threads = []

    def play(name: str) -> None:
        entry = settings.CELERY_BEAT_SCHEDULE[name]

        def beat():
            while not stop.wait(entry["schedule"]):
                app.send_task(entry["task"], **entry.get("options", {}))

        threads.append(threading.Thread(target=beat, name=f"beat {name}", daemon=True))
        threads[-1].start()

    yield play
    stop.set()
    for thread in threads:
        thread.join()


@pytest.fixture(scope="module")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A `celery -A metascrum worker` subprocess on TEST_REDIS_URL and the test database."""
    url = redis_url()
    require_postgresql("shares its database with a worker process (SQLite cannot, reliably)")
    import redis

    redis.Redis.from_url(url).flushdb()  # our own db number only, never FLUSHALL
    worker = start_worker(redis=url, mail_dir=tmp_path_factory.mktemp("worker-mail"),
                          log=tmp_path_factory.mktemp("worker-log") / "worker.log")
    try:
        point_app_at(url)
        yield worker
    finally:
        worker.stop()
        point_app_back()
        redis.Redis.from_url(url).flushdb()
