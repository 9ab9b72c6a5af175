"""Fixtures for the outbox: reminders built by hand, a local webhook server, and a real
Celery worker on a real Redis for the tests marked `celery_worker` (those two live in
tests/worker.py, shared with tests/faults)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from programmes.notifications import registry
from tests.notifications import receiver
from tests.worker import (  # noqa: F401 (fixtures, and helpers other modules import from here)
    WebhookServer,
    celery_worker,
    hook_server,
    make_webhook,
    only_test_rules,
    point_app_at,
    wait_for,
    webhook_server,
)


@pytest.fixture(scope="module")
def server():
    """A local receiver of outgoing webhooks (tests/notifications/receiver.py)."""
    found, _ = receiver.start()
    yield found
    found.shutdown()
    found.server_close()


@pytest.fixture
def events_server(server):
    """The receiver, with what earlier tests sent forgotten."""
    server.reset()
    return server


def at(text: str) -> datetime:
    """An explicit UTC instant: at("2026-11-24 09:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def reminder(person, programme, *, due_at, ref="thing:1", occurrence="", team=None,
             subject="Post your update", text="The Scrum of Scrums starts at 09:30.",
             link="/p/somewhere/"):
    return registry.Reminder(recipient=person, programme=programme, team=team,
                              object_ref=ref, occurrence=occurrence, due_at=due_at,
                              subject=subject, text=text, link=link)


@pytest.fixture
def enqueued(request, monkeypatch):
    """Ids handed to the broker, without a broker (tests with a real worker opt out)."""
    handed: list[int] = []
    from programmes import tasks

    monkeypatch.setattr(tasks.notification_deliver, "apply_async",
                        lambda args, **kw: handed.append(args[0]))
    monkeypatch.setattr(tasks.notifications_deliver_batch, "apply_async",
                        lambda args, **kw: handed.extend(args[0]))
    return handed


@pytest.fixture(autouse=True)
def _no_broker_in_unit_tests(request):
    if "celery_worker" not in request.keywords:
        request.getfixturevalue("enqueued")


@pytest.fixture
def rule():
    """rule(kind, func, **options): register a test-only reminder rule for one test."""
    kinds = []

    def register(kind, func, **options):
        options.setdefault("label", kind.replace("_", " "))
        registry.reminder_rule(kind, **options)(func)
        kinds.append(kind)
        return func

    registry.rules()  # discover the real rules first, so ours are added to them
    yield register
    for kind in kinds:
        registry.unregister(kind)
