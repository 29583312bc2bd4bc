"""Writes about contact points and their parcels."""

from django.db.models import F

from pickup.models import IndexState


def index_bump() -> None:
    """Records that the set of points changed; every process rebuilds its nearest index on next use."""
    state, _created = IndexState.objects.get_or_create(pk=1)
    IndexState.objects.filter(pk=state.pk).update(version=F("version") + 1)
