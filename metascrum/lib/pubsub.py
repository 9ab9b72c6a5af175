"""Fan-out of small messages to every web process: Redis pub/sub, or this process alone.

A change is published once, after its transaction commits. Each ASGI process keeps ONE
subscription (started by the first local listener) and hands each message to the local
listeners of its key, each through its own queue. Without REDIS_URL (`make run`) the message
goes straight to this process's listeners, which is all there is on a one-process server.

Channel names carry settings.PUBSUB_PREFIX: pub/sub ignores Redis database numbers, so two
test runs (or two deployments) on one Redis would otherwise hear each other.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

import redis
import redis.asyncio
from django.conf import settings
from django.db import transaction
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

QUEUE_SIZE = 16  # a listener this far behind only needs the latest message
RESUBSCRIBE_AFTER = 1.0  # seconds between attempts while Redis is away


def channel() -> str:
    return f"{settings.PUBSUB_PREFIX}:changes"


def publish_on_commit(key: str, message: dict) -> None:
    """Publish `message` to the listeners of `key` once the current transaction commits."""
    transaction.on_commit(lambda: publish(key, message))


def publish(key: str, message: dict) -> None:
    """Hand `message` to every listener of `key`, in every process; a Redis that is down
    costs the listeners this message (they catch up by polling or reconnecting), not an error."""
    if not settings.REDIS_URL:
        hub.deliver(key, message)
        return
    try:
        _publisher().publish(channel(), json.dumps({"key": key, "message": message}))
    except RedisError as error:
        log.warning("pub/sub publish of %s failed: %s", key, error)


_client: redis.Redis | None = None


def _publisher() -> redis.Redis:
    global _client
    if _client is None:
        _client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5,
                                       socket_timeout=0.5)
    return _client


class Hub:
    """This process's listeners, by key, and its one subscription."""

    def __init__(self):
        self.listeners: dict[str, set[asyncio.Queue]] = defaultdict(set)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.subscription: asyncio.Task | None = None

    @contextmanager
    def listen(self, key: str) -> Iterator[asyncio.Queue]:
        """A queue that receives every message published to `key` while the block runs;
        call from the event loop."""
        self._start()
        queue: asyncio.Queue = asyncio.Queue(QUEUE_SIZE)
        self.listeners[key].add(queue)
        try:
            yield queue
        finally:
            self.listeners[key].discard(queue)
            if not self.listeners[key]:
                del self.listeners[key]

    def deliver(self, key: str, message: dict) -> None:
        """From any thread: put `message` into each local listener's queue."""
        if self.loop is None or self.loop.is_closed():
            return
        if _in_loop(self.loop):
            self._put(key, message)
        else:
            self.loop.call_soon_threadsafe(self._put, key, message)

    def _put(self, key: str, message: dict) -> None:
        for queue in list(self.listeners.get(key, ())):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(message)

    def _start(self) -> None:
        loop = asyncio.get_running_loop()
        if self.loop is not loop:  # a new loop (a test's, a reloaded server): start afresh
            self.loop, self.subscription = loop, None
        if settings.REDIS_URL and (self.subscription is None or self.subscription.done()):
            self.subscription = loop.create_task(self._subscribe())

    async def _subscribe(self) -> None:
        while True:
            try:
                client = redis.asyncio.Redis.from_url(settings.REDIS_URL)
                async with client.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(channel())
                    async for raw in pubsub.listen():
                        self._received(raw)
            except (RedisError, OSError) as error:
                log.warning("pub/sub subscription lost, retrying: %s", error)
                await asyncio.sleep(RESUBSCRIBE_AFTER)

    def _received(self, raw: dict) -> None:
        try:
            envelope = json.loads(raw["data"])
            self._put(envelope["key"], envelope["message"])
        except (ValueError, KeyError, TypeError):
            log.warning("pub/sub: an unreadable message was ignored")


def _in_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


hub = Hub()
