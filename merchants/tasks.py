from celery import shared_task

from . import services


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=10)
def fulfilment_notify_merchant(self, fulfilment_id: int) -> bool:
    return services.fulfilment_notify_merchant(fulfilment_id=fulfilment_id)


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=3600, max_retries=12)
def payout_send(self, payout_id: int) -> bool:
    from . import payouts

    return payouts.payout_send(payout_id=payout_id)


@shared_task
def payouts_retry_pending() -> int:
    from . import payouts

    return payouts.payouts_retry_pending()


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=10)
def refund_notify_resident(self, refund_id: int) -> bool:
    from . import refunds

    return refunds.refund_notify_resident(refund_id=refund_id)


@shared_task
def refund_notices_send_pending() -> int:
    from . import refunds

    return refunds.refund_notices_send_pending()
