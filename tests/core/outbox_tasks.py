"""Tasks for the outbox tests: they record their runs, and fail while told to."""

from celery import shared_task

runs: list[int] = []
failing = {"value": False}


@shared_task(autoretry_for=(RuntimeError,), max_retries=2, retry_backoff=False, default_retry_delay=0)
def record(number: int) -> int:
    if failing["value"]:
        raise RuntimeError("the mail server is down")
    runs.append(number)
    return number
