"""The payment tasks under the names they had before they moved to payments/ (now payments.tasks): outbox rows and
broker messages written before the move name these, and still run. Nothing is sent under them any more."""

from celery import shared_task

from payments import services
from payments.tasks import NOTIFY_RETRIES, REFUND_SEND_RETRIES


@shared_task(name="shop.tasks.refund_send", **REFUND_SEND_RETRIES)
def refund_send(refund_id: int) -> bool:
    return services.refund_send(refund_id=refund_id)


@shared_task(name="shop.tasks.payment_attempt_notify_resident", **NOTIFY_RETRIES)
def payment_attempt_notify_resident(attempt_id: int) -> bool:
    return services.payment_attempt_notify_resident(attempt_id=attempt_id)


@shared_task(name="shop.tasks.stock_holds_release_expired")
def stock_holds_release_expired() -> int:
    return services.stock_holds_release_expired()


@shared_task(name="shop.tasks.rounds_plan_day")
def rounds_plan_day(days_ahead: int = 0) -> int:
    """Plans the rounds of today (or ``days_ahead`` later) after a cut-off: the active territory's when the task
    carries one, else (the fixed beat) each territory's that has no delivery slots, since a territory with slots is
    planned at its own cut-offs (rounds_plan_after_cut_offs). One territory refused does not keep the others
    from being planned. Returns the rounds planned."""
    from datetime import timedelta

    from django.utils import timezone

    from delivery.models import SlotTemplate
    from shop.rounds import rounds_plan
    from territory.models import Territory
    from territory.tenancy import territory_activate, territory_active, territory_all

    day = timezone.localdate() + timedelta(days=days_ahead)
    if territory_active() is not None:
        return rounds_plan(day=day).rounds.count()
    with territory_all():
        territories = list(Territory.objects.order_by("pk"))
    planned = 0
    for territory in territories:
        with territory_activate(territory):
            if territory.latitude is not None and not SlotTemplate.objects.exists():
                planned += _plan_or_log(territory=territory, day=day, now=None)
    return planned


def _plan_or_log(*, territory, day, now) -> int:
    """Plans one territory's day; a plan refused (a territory's data the planner cannot use) is logged for its
    dispatcher and counts no round."""
    import logging

    from shop.rounds import PlanRefused, rounds_plan

    try:
        return rounds_plan(day=day, now=now).rounds.count()
    except PlanRefused as refused:
        logging.getLogger(__name__).error("Rounds of %s for %s not planned: %s", territory.slug, day, refused)
        return 0


@shared_task(name="shop.tasks.rounds_plan_after_cut_offs")
def rounds_plan_after_cut_offs(within_minutes: int = 30) -> int:
    """Plans, in each territory, the days whose slots' cut-off has just passed (beat, every few minutes); a day
    already planned since that cut-off is left as it is, so a repeated or late run plans nothing twice. Returns the
    days planned."""
    from datetime import timedelta

    from django.utils import timezone

    from delivery.models import PlanRun
    from delivery.slots import slot_cutoffs_passed
    from territory.models import Territory
    from territory.tenancy import territory_activate, territory_all

    now = timezone.now()
    with territory_all():
        territories = [
            territory for territory in Territory.objects.order_by("pk") if territory.latitude is not None
        ]
    planned = 0
    for territory in territories:
        with territory_activate(territory):
            for day, cutoff in slot_cutoffs_passed(now=now, within=timedelta(minutes=within_minutes)):
                if not PlanRun.objects.filter(day=day, created_at__gte=cutoff).exists():
                    _plan_or_log(territory=territory, day=day, now=now)
                    planned += 1
    return planned


@shared_task(name="shop.tasks.personal_data_retention")
def personal_data_retention() -> int:
    """Every territory's retention periods applied to its old orders (beat, nightly; shop.retention). Returns
    the proofs, codes and addresses forgotten."""
    from shop.retention import retention_apply
    from territory.models import Territory
    from territory.tenancy import territory_activate, territory_all

    with territory_all():
        territories = list(Territory.objects.order_by("pk"))
    forgotten = 0
    for territory in territories:
        with territory_activate(territory):
            forgotten += sum(retention_apply().values())
    return forgotten
