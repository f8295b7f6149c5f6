"""A Redis cache that treats an unreachable server as a miss.

Pages keep serving and comments keep posting while Redis is away; what weakens
meanwhile is whatever relies on the cache (shared rate limits, cached fragments).
After a failure the server is not asked again for a few seconds, so a dead Redis
costs one short timeout, not one per cache call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache, each public method answering as a miss while Redis is away."""

    _down_until = 0.0

    def _call(self, method, *args, miss=None, **kwargs):
        if time.monotonic() < self._down_until:
            return miss
        try:
            return getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("Redis cache unavailable (%s); treating as a miss", error)
            return miss

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version, miss=default)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version, miss={})

    def has_key(self, key, version=None):
        return self._call("has_key", key, version, miss=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # A write that is lost, like set(): reporting "already there" instead would keep
        # allauth's rate-limit lock (an add) from ever being taken, and refuse every log-in
        # and sign-up with 429 while Redis is away.
        return self._call("add", key, value, timeout, version, miss=True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version, miss=[])

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version, miss=False)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version, miss=delta)

    def delete(self, key, version=None):
        return self._call("delete", key, version, miss=False)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        return self._call("clear", miss=False)
