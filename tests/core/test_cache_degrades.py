"""With Redis unreachable the cache answers as an empty cache would, and leaves Redis alone for a moment."""

from unittest import mock

import pytest

from core.cache import DegradingRedisCache
from tests.stripe_server import free_port


@pytest.fixture
def cache_down():
    return DegradingRedisCache(
        f"redis://127.0.0.1:{free_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )


def test_an_unreachable_redis_answers_misses_and_takes_writes_without_raising(cache_down):
    assert cache_down.get("territory", "default") == "default"
    assert cache_down.get_or_set("count", lambda: 42) == 42
    assert cache_down.add("key", 1) is False
    cache_down.set("key", 1)
    assert cache_down.get_many(["a", "b"]) == {}
    assert cache_down.has_key("key") is False
    assert cache_down.delete("key") is False
    cache_down.set_many({"a": 1})
    cache_down.delete_many(["a"])
    cache_down.clear()
    with pytest.raises(ValueError):
        cache_down.incr("hits")


def test_after_a_failure_redis_is_not_asked_again_at_once(cache_down):
    assert cache_down.get("a") is None
    with mock.patch("django.core.cache.backends.redis.RedisCacheClient.get") as get:
        assert cache_down.get("a", "miss") == "miss"
    get.assert_not_called()


def test_a_reachable_redis_is_a_cache(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (CI sets it)")
    cache = DegradingRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-degrading"})
    cache.set("answer", 42)
    assert cache.get("answer") == 42
    cache.delete("answer")
    assert cache.get("answer") is None
