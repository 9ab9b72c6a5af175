"""Outgoing webhooks end to end: a committed change, a real Redis, a real Celery worker, and a
local HTTP receiver that counts what arrived."""

import pytest
from standardwebhooks import Webhook

from programmes.models import Notification
from programmes.notifications import webhooks
from tests.feedback.helpers import raise_impediment
from tests.notifications.conftest import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _subscribe(cast, url):
    return webhooks.subscription_create(programme=cast.programme, by=cast.msm, name="Tracker",
                                        url=url, events=["impediment.raised"])


def test_a_committed_impediment_reaches_the_subscriber_once_signed(celery_worker, cast, server):
    server.reset()
    subscription = _subscribe(cast, server.url("/once"))

    item = raise_impediment(cast)  # commits: the event is handed to the worker on commit

    wait_for(lambda: Notification.objects.filter(state="sent").count() == 1,
             what="the event to be sent")
    [got] = server.accepted("/once")
    assert Webhook(subscription.secret).verify(got.body, got.headers)["data"]["id"] == item.pk
    webhooks.emit(cast.programme, "impediment.raised", {"id": item.pk},
                  ref=f"feedback:{item.pk}")  # the same event again: nothing new
    assert Notification.objects.count() == 1


def test_a_subscriber_that_is_down_gets_the_event_after_a_retry(celery_worker, cast, server):
    server.reset()
    server.statuses["/flaky"] = [503, 503]
    _subscribe(cast, server.url("/flaky"))

    raise_impediment(cast)

    wait_for(lambda: Notification.objects.filter(state="sent").exists(), timeout=40,
             what="the event to get through after the retries")
    row = Notification.objects.get()
    assert row.attempts == 3
    assert len(server.accepted("/flaky")) == 1
