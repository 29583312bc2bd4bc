"""What the contact points keep of a resident's parcels that is theirs alone: the collection codes."""

from pickup.models import Parcel


def parcels_forget_codes(*, order_ids: list[int]) -> int:
    """Drops the code hashes and masked codes of these orders' parcels (their erasure, or their retention
    period's end); the parcels themselves stay, as the counter's and the payouts' history. Returns the count."""
    return (
        Parcel.objects.filter(order_id__in=order_ids)
        .exclude(code_hash="", pending_code="")
        .update(code_hash="", pending_code="")
    )
