from celery import shared_task

from . import services


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=10)
def fulfilment_notify_merchant(self, fulfilment_id: int) -> bool:
    return services.fulfilment_notify_merchant(fulfilment_id=fulfilment_id)
