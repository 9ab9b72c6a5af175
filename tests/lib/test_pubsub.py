"""Fan-out: a change published after commit reaches the listeners of its key, and only them."""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import transaction

from metascrum.lib import pubsub


def listen_while(key, action, *, wait=1.0):
    """What a listener of `key` receives while `action` runs in a thread; the event loop has
    a thread of its own (a browser test may have left one running in this one)."""
    with ThreadPoolExecutor(1) as loop_thread:
        return loop_thread.submit(asyncio.run, _listen(key, action, wait)).result()


async def _listen(key, action, wait):
    received = []
    with pubsub.hub.listen(key) as queue:
        await asyncio.to_thread(action)
        try:
            while True:
                received.append(await asyncio.wait_for(queue.get(), wait))
        except TimeoutError:
            pass
    return received


@pytest.fixture(autouse=True)
def in_process(settings):
    settings.REDIS_URL = ""  # make run's fan-out: no Redis


def test_a_listener_receives_what_is_published_for_its_key():
    received = listen_while("meeting:1", lambda: pubsub.publish("meeting:1", {"version": 4}))
    assert received == [{"version": 4}]


def test_a_listener_hears_nothing_of_another_key():
    received = listen_while("meeting:1", lambda: pubsub.publish("meeting:2", {"version": 4}),
                            wait=0.3)
    assert received == []


@pytest.mark.django_db(transaction=True)
def test_nothing_is_published_for_a_change_rolled_back():
    def rolled_back():
        with pytest.raises(RuntimeError), transaction.atomic():
            pubsub.publish_on_commit("meeting:1", {"version": 5})
            raise RuntimeError("the change failed")

    assert listen_while("meeting:1", rolled_back, wait=0.3) == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_is_published():
    def committed():
        with transaction.atomic():
            pubsub.publish_on_commit("meeting:1", {"version": 6})

    assert listen_while("meeting:1", committed) == [{"version": 6}]


def test_a_redis_that_is_down_costs_the_message_not_the_change(settings, caplog, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    monkeypatch.setattr(pubsub, "_client", None)
    with caplog.at_level(logging.WARNING, logger="metascrum.lib.pubsub"):
        pubsub.publish("meeting:1", {"version": 7})
    monkeypatch.setattr(pubsub, "_client", None)
    assert "publish of meeting:1 failed" in caplog.text


def test_channels_carry_the_prefix(settings):
    settings.PUBSUB_PREFIX = "metascrum:6"
    assert pubsub.channel() == "metascrum:6:changes"
