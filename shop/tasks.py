from celery import shared_task

from . import payments


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=3600, max_retries=20)
def refund_send(refund_id: int) -> bool:
    return payments.refund_send(refund_id=refund_id)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=10)
def payment_attempt_notify_resident(attempt_id: int) -> bool:
    return payments.payment_attempt_notify_resident(attempt_id=attempt_id)


@shared_task
def stock_holds_release_expired() -> int:
    return payments.stock_holds_release_expired()
