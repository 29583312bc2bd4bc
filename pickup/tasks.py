from celery import shared_task

from . import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=10)
def parcel_notify_ready(parcel_id: int) -> bool:
    return services.parcel_notify_ready(parcel_id=parcel_id)


@shared_task
def parcels_notify_ready_pending() -> int:
    return services.parcels_notify_ready_pending()


@shared_task
def parcels_send_reminders() -> int:
    return services.parcels_send_reminders()


@shared_task
def parcels_expire_overdue() -> int:
    return services.parcels_expire_overdue()
