from celery import shared_task

from payments import services

# Also under the names they had in the shop app (shop/tasks.py), for what was queued before the move.
REFUND_SEND_RETRIES = {
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 3600,
    "max_retries": 20,
}
NOTIFY_RETRIES = {"autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 10}


@shared_task(**REFUND_SEND_RETRIES)
def refund_send(refund_id: int) -> bool:
    return services.refund_send(refund_id=refund_id)


@shared_task(**NOTIFY_RETRIES)
def payment_attempt_notify_resident(attempt_id: int) -> bool:
    return services.payment_attempt_notify_resident(attempt_id=attempt_id)


@shared_task
def stock_holds_release_expired() -> int:
    return services.stock_holds_release_expired()
