"""A Redis cache that degrades to no cache while Redis is unreachable, so the shop keeps serving.

Django's own RedisCache raises on a lost connection. django-redis's IGNORE_EXCEPTIONS would swallow it but answers
``None`` instead of the caller's default, which breaks ``get_or_set`` (the catalogue's page counts). Here every
operation answers what a cache that has just lost its keys would answer: a miss, an add that did not happen. After a
failure, Redis is left alone for ``DOWN_SECONDS`` so that each request does not pay a connection timeout again."""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DOWN_SECONDS = 2.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class _CacheDown(Exception):
    pass


def _degrading(answer_when_down):
    """Runs the client call unless Redis is known to be down; then, or when the call fails, answers
    ``answer_when_down(*args, **kwargs)``."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                if time.monotonic() < self._down_until:
                    raise _CacheDown
                return method(self, *args, **kwargs)
            except _CacheDown:
                pass
            except UNREACHABLE as error:
                self._down_until = time.monotonic() + DOWN_SECONDS
                logger.warning("Cache Redis injoignable, pages servies sans cache : %s", error)
            return answer_when_down(*args, **kwargs)

        return wrapper

    return decorate


def _miss_incr(key, delta=1):
    raise ValueError(f"Key '{key}' not found.")


class DegradingRedisCacheClient(RedisCacheClient):
    _down_until = 0.0

    def get_client(self, key=None, *, write=False):
        # Django builds a new redis.Redis (some 500 Python calls: its response callbacks) for every operation; one
        # client per pool is enough, since a client borrows a pool connection per command and is thread-safe.
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client

    add = _degrading(lambda key, value, timeout: False)(RedisCacheClient.add)
    get = _degrading(lambda key, default: default)(RedisCacheClient.get)
    set = _degrading(lambda key, value, timeout: None)(RedisCacheClient.set)
    touch = _degrading(lambda key, timeout: False)(RedisCacheClient.touch)
    delete = _degrading(lambda key: False)(RedisCacheClient.delete)
    get_many = _degrading(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _degrading(lambda key: False)(RedisCacheClient.has_key)
    incr = _degrading(_miss_incr)(RedisCacheClient.incr)
    set_many = _degrading(lambda data, timeout: None)(RedisCacheClient.set_many)
    delete_many = _degrading(lambda keys: None)(RedisCacheClient.delete_many)
    clear = _degrading(lambda: False)(RedisCacheClient.clear)


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = DegradingRedisCacheClient
