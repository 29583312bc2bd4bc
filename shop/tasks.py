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
