from celery import shared_task

from . import applications, services


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=10)
def fulfilment_notify_merchant(self, fulfilment_id: int) -> bool:
    return services.fulfilment_notify_merchant(fulfilment_id=fulfilment_id)


@shared_task(
    bind=True, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=3600, max_retries=12
)
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


# Safe to retry: each merchant gets at most one digest a day.
@shared_task(autoretry_for=(Exception,), retry_backoff=60, retry_backoff_max=1800, max_retries=6)
def merchants_send_daily_digest() -> int:
    return services.merchants_send_daily_digest()


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=10)
def merchant_notify_municipality(self, merchant_id: int) -> bool:
    return applications.merchant_notify_municipality(merchant_id=merchant_id)


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=10)
def merchant_notify_decision(self, merchant_id: int) -> bool:
    return applications.merchant_notify_decision(merchant_id=merchant_id)


@shared_task(bind=True, acks_late=True)
def catalogue_import_run(self, import_id: int) -> int | None:
    from . import catalogue_import

    try:
        result = catalogue_import.catalogue_import_run(import_id=import_id)
    except Exception:
        catalogue_import.catalogue_import_fail(
            import_id=import_id,
            reason="Erreur inattendue pendant l'import : réessayez ou contactez la mairie.",
        )
        raise
    return result.pk if result else None
