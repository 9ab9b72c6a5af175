"""Redis down: the web app keeps working, what it records waits in the outbox, and once Redis
is back the due-scan hands it to the worker, which delivers each message once.

Redis here is the Celery broker and, in production, the cache: both are pointed at a port
nobody listens on ("down"), or at a socket that accepts connections and never answers
("frozen", a hung or partitioned Redis). Sessions, sign-in lockouts (axes) and the outbox
live in PostgreSQL.
"""

import socket
import time

import pytest
from django.urls import reverse

from ceremonies.models import DailyUpdate
from feedback.models import FeedbackItem
from metascrum.settings import redis_cache
from programmes.models import Notification
from programmes.notifications import outbox, registry, webhooks
from tests.ceremonies.updates import form_data, form_url, upcoming_meeting
from tests.worker import point_app_at, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("only_test_rules")]

EVENTS = ["update.posted", "impediment.raised", "impediment.escalated"]


@pytest.fixture
def down_redis():
    with socket.socket() as probe:  # bound, then closed: nobody listens there
        probe.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{probe.getsockname()[1]}/13"


@pytest.fixture
def frozen_redis():
    listener = socket.socket()  # the kernel completes the handshake; nobody ever answers
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/13"
    listener.close()


@pytest.fixture
def redis_at(settings, celery_worker):
    """redis_at(url): the broker and the cache; the test's real Redis again afterwards."""

    def point(url):
        point_app_at(url)
        settings.CACHES = {"default": redis_cache(url)}  # as in production

    yield point
    point_app_at(celery_worker.redis_url)


@pytest.fixture
def subscriber(cast, hook_server):
    webhooks.subscription_create(programme=cast.programme, by=cast.msm, name="Portfolio",
                                 url=hook_server.url("/events"), events=EVENTS)
    return hook_server


class Timed:
    """The test client, remembering the slowest response and every status."""

    def __init__(self, client):
        self.client, self.statuses, self.slowest = client, [], 0.0

    def __getattr__(self, method):
        def call(*args, **kwargs):
            started = time.monotonic()
            response = getattr(self.client, method)(*args, **kwargs)
            self.slowest = max(self.slowest, time.monotonic() - started)
            self.statuses.append(response.status_code)
            return response
        return call


def _sign_in(web, person):
    web.client.logout()
    response = web.post(reverse("login"), {"username": person.email, "password": "pw"})
    assert response.status_code == 302, "the sign-in form refused"


def _the_day(web, cast):
    """A Scrum Master posts the update and raises an impediment; the MSM acknowledges it and
    escalates it: every step through the real pages, as a browser without JS would."""
    meeting = upcoming_meeting(cast.programme)
    _sign_in(web, cast.scrum_master)
    assert web.get(form_url(cast.team)).status_code == 200
    web.post(form_url(cast.team), form_data(meeting=meeting, done="Ledger export shipped",
                                            blockers="SIT is down"))
    web.post(reverse("feedback:new", args=[cast.programme.slug]), {
        "kind": "impediment", "title": "SIT is down", "details": "Since 08:00",
        "direction": "up", "origin_team": cast.team.pk})
    item = FeedbackItem.objects.get()
    _sign_in(web, cast.msm)
    for action, data in (("acknowledge", {}), ("escalate", {"escalate-comment": "Infra"})):
        web.post(reverse("feedback:action", args=[cast.programme.slug, item.pk, action]), data)
    assert web.get(item.get_absolute_url()).status_code == 200
    return item


def test_with_redis_down_the_day_goes_on_and_its_messages_go_out_once_it_is_back(
        client, cast, subscriber, redis_at, down_redis, celery_worker, caplog):
    web = Timed(client)
    redis_at(down_redis)

    item = _the_day(web, cast)

    assert set(web.statuses) <= {200, 302}
    assert web.slowest < 2.0
    assert DailyUpdate.objects.get().done == "Ledger export shipped"
    item.refresh_from_db()
    assert (item.state, item.level) == ("routed", "parent")  # with the parent's MSM now
    rows = Notification.objects.order_by("pk")
    assert [row.kind for row in rows] == EVENTS
    assert {(row.state, row.enqueued_at) for row in rows} == {("pending", None)}
    assert "Broker unavailable" in caplog.text

    assert registry.due_scan() == (0, 0)  # beat keeps trying while Redis is down
    assert subscriber.bodies("/events") == []

    redis_at(celery_worker.redis_url)
    assert registry.due_scan() == (0, 3)
    wait_for(lambda: set(Notification.objects.values_list("state", flat=True)) == {"sent"},
             what="the waiting events to go out")
    assert sorted(body["event"] for body in subscriber.bodies("/events")) == sorted(EVENTS)


def test_with_redis_frozen_one_request_waits_for_the_timeout_and_the_next_do_not(
        client, cast, subscriber, redis_at, frozen_redis):
    web = Timed(client)
    redis_at(frozen_redis)
    meeting = upcoming_meeting(cast.programme)
    _sign_in(web, cast.scrum_master)

    first = time.monotonic()
    web.post(form_url(cast.team), form_data(meeting=meeting, done="First"))
    first = time.monotonic() - first
    web.slowest = 0.0
    web.post(reverse("feedback:new", args=[cast.programme.slug]), {
        "kind": "impediment", "title": "SIT is down", "direction": "up",
        "origin_team": cast.team.pk})

    assert set(web.statuses) <= {200, 302}
    assert first < 15  # one socket timeout (settings.REDIS_BROKER_OPTIONS), not forever
    assert web.slowest < 2.0  # the broker failed moments ago: nobody waits for it again
    assert outbox.broker_paused()
    assert {(row.kind, row.state) for row in Notification.objects.all()} == {
        ("update.posted", "pending"), ("impediment.raised", "pending")}
