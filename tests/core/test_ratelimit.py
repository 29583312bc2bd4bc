"""The cache-kept rate limit (issue 9, item 6): counts per scope and client, tells how long to wait, and lets
everything through when the cache cannot count."""

import pytest

from core.ratelimit import rate_limit_hit, rate_parse


def test_rates_read_as_requests_per_period():
    assert rate_parse("60/minute") == (60, 60)
    assert rate_parse("5/s") == (5, 1)
    assert rate_parse("100/hour") == (100, 3600)
    assert rate_parse("1000/day") == (1000, 86400)
    assert rate_parse("") is None and rate_parse(None) is None
    with pytest.raises(ValueError):
        rate_parse("soixante par minute")


def test_over_the_rate_the_wait_is_told_per_scope_and_client():
    hits = [rate_limit_hit(scope="test", ident="192.0.2.1", rate="2/minute") for _ in range(3)]

    assert hits[:2] == [None, None]
    assert 1 <= hits[2] <= 60
    assert rate_limit_hit(scope="test", ident="192.0.2.2", rate="2/minute") is None
    assert rate_limit_hit(scope="other", ident="192.0.2.1", rate="2/minute") is None
    assert rate_limit_hit(scope="test", ident="192.0.2.1", rate="") is None


@pytest.mark.parametrize(
    "backend, location",
    [
        ("django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:1/0"),
        ("django.core.cache.backends.dummy.DummyCache", ""),
    ],
    ids=["redis-down", "no-cache"],
)
def test_without_a_working_cache_there_is_no_limit(settings, backend, location):
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": location}}

    assert [rate_limit_hit(scope="test", ident="192.0.2.1", rate="1/minute") for _ in range(3)] == [None] * 3
