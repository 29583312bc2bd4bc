from celery import shared_task


@shared_task
def outbox_relay() -> int:
    from . import outbox

    return outbox.outbox_relay()
