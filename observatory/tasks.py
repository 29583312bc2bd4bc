"""The observatory's refresh, by Celery beat (every territory) and on demand (one territory)."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="observatory.tasks.observatory_refresh", acks_late=True)
def observatory_refresh(territory_id: int, full: bool = False) -> dict:
    """One territory's incremental refresh (idempotent: facts are replaced, tables computed again)."""
    from observatory.services import rollups_refresh

    return rollups_refresh(territory_id=territory_id, full=full).__dict__


@shared_task(name="observatory.tasks.observatory_refresh_all", acks_late=True)
def observatory_refresh_all() -> int:
    """Every territory's incremental refresh; one that fails is logged and the others go on."""
    from observatory.services import rollups_refresh
    from territory.models import Territory
    from territory.tenancy import territory_all

    with territory_all():
        territory_ids = list(Territory.objects.order_by("pk").values_list("pk", flat=True))
    refreshed = 0
    for territory_id in territory_ids:
        try:
            rollups_refresh(territory_id=territory_id)
            refreshed += 1
        except Exception:
            logger.exception("Observatory refresh of territory %s failed", territory_id)
    return refreshed
