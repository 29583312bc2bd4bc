from celery import shared_task

from counter import notices


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=10)
def mandate_code_send(mandate_id: int) -> bool:
    return notices.mandate_code_send(mandate_id=mandate_id)
