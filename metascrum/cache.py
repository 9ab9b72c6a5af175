"""The cache: Redis, where a Redis that is down or frozen is a cache miss, never an error page.

Only pages that can be rebuilt from the database are cached, so losing the cache costs time,
not data; each failed call waits at most the short socket timeout set in settings.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class ForgivingRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            log.warning("cache get failed, building the page instead: %s", error)
            return default

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            log.warning("cache set failed, the page is not cached: %s", error)
