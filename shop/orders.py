"""What one order sets off across domains, orchestrated here, above them: the contact points never import the
merchants' side. Pickup calls these through the settings that name them (PICKUP_PARCEL_COLLECTED,
PICKUP_PARCEL_RETURNED; core.wiring), inside the transaction of the parcel's transition."""

from django.contrib.auth.models import AbstractBaseUser
from oscar.core.loading import get_model

from merchants.payouts import fulfilments_mark_delivered_for_order
from merchants.refunds import order_refund_returned_parcel

Order = get_model("order", "Order")


def order_parcel_collected(*, order: Order, by: AbstractBaseUser | None) -> None:
    """The resident collected the order's parcel at its point: every shop's part of it is delivered, and each
    merchant's payout recorded. A part that never left its shop refuses it all (ValidationError)."""
    fulfilments_mark_delivered_for_order(order=order, by=by)


def order_parcel_returned(*, order: Order, by: AbstractBaseUser | None) -> None:
    """The parcel went back to its merchant uncollected: the resident is refunded what the order's terms say."""
    order_refund_returned_parcel(order=order, by=by)
