import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CACHE_SECONDS = 60


class CachedCountPaginator(Paginator):
    """Counting every matching product is the costliest query of a catalogue page; the total may lag a minute."""

    @cached_property
    def count(self) -> int:
        sql, params = self.object_list.query.sql_with_params()
        key = "catalogue:count:" + hashlib.sha1(f"{sql}|{params}".encode()).hexdigest()
        return cache.get_or_set(key, lambda: self.object_list.count(), COUNT_CACHE_SECONDS)
