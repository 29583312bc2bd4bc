"""How long the shop keeps what is personal in an old order, as each municipality sets it (Territory's
``proof_retention_days`` and ``address_retention_days``): past the first, the order's delivery and collection
codes and its proofs of delivery go; past the second, the name, street and phone of its addresses. The orders
themselves stay for the accounts. Run every night by Celery beat for each territory (shop.tasks)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from delivery.forget import orders_forget_proofs
from pickup.services import parcels_forget_codes
from shop.data_rights import orders_addresses_blank
from territory.models import Territory
from territory.tenancy import territory_active_id


def retention_apply(*, now=None) -> dict[str, int]:
    """Applies the active territory's retention periods to its orders; running it again changes nothing."""
    territory = Territory.objects.get(pk=territory_active_id())  # its periods as they are now
    now = now or timezone.now()
    Order = get_model("order", "Order")
    proofs_before = now - timedelta(days=territory.proof_retention_days)
    addresses_before = now - timedelta(days=territory.address_retention_days)
    with transaction.atomic():
        old_ids = list(Order.objects.filter(date_placed__lt=proofs_before).values_list("pk", flat=True))
        counts = orders_forget_proofs(order_ids=old_ids)
        counts["collection_codes"] = parcels_forget_codes(order_ids=old_ids)
        oldest = Order.objects.filter(date_placed__lt=addresses_before).select_related(
            "shipping_address", "billing_address"
        )
        counts["addresses"] = orders_addresses_blank(oldest.iterator(chunk_size=500))
    return counts
