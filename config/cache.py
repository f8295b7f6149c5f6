"""A Redis cache that treats an unreachable server as a miss.

Pages keep serving and comments keep posting while Redis is away; what weakens
meanwhile is whatever relies on the cache (shared rate limits, cached fragments).
After a failure the server is not asked again for a few seconds, so a dead Redis
costs one short timeout, not one per cache call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client with one `redis.Redis` per connection pool instead of one per call.

    redis-py's constructor builds its table of about 170 response callbacks every time;
    Django makes a new client for each cache call, and that cost twice the round trip to
    Redis itself. A `redis.Redis` is safe to share between threads: each command takes a
    connection from the pool.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ForgivingRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

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
