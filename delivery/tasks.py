from celery import shared_task

from delivery import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=10)
def delivery_notice_send(notice_id: int) -> bool:
    return services.delivery_notice_send(notice_id=notice_id)
