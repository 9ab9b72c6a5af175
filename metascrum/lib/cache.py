"""The cache: Redis, where a Redis that is down or frozen is a cache miss, never an error page.

Only pages that can be rebuilt from the database are cached, so losing the cache costs time,
not data. After a failure this process leaves Redis alone for a while: a frozen Redis costs one
page the short socket timeout set in settings, not every page.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

RETRY_AFTER = 30  # seconds without trying Redis again after a failure
_failed_at: float | None = None


def forget_failure() -> None:
    global _failed_at
    _failed_at = None


def _resting() -> bool:
    return _failed_at is not None and time.monotonic() - _failed_at < RETRY_AFTER


def _failed(what: str, error: RedisError) -> None:
    global _failed_at
    _failed_at = time.monotonic()
    log.warning("cache %s failed; pages are built without it for %d s: %s", what,
                RETRY_AFTER, error)


class ForgivingRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        if _resting():
            return default
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _failed("get", error)
            return default

    def set(self, key, value, timeout=None, version=None):
        if _resting():
            return
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            _failed("set", error)
