"""What one order sets off across domains, orchestrated here, above them: the contact points never import the
merchants' side. Pickup calls these through the settings that name them (PICKUP_PARCEL_COLLECTED,
PICKUP_PARCEL_RETURNED; core.wiring), inside the transaction of the parcel's transition."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from oscar.core.loading import get_model

from core.links import absolute_url
from merchants.payouts import fulfilments_mark_delivered_for_order
from merchants.refunds import order_refund_returned_parcel

Order = get_model("order", "Order")

# Where a shop's part of an order goes, from the order's shipping method.
PART_DESTINATIONS = {"home-delivery": "home", "contact-point": "contact_point", "click-and-collect": "shop"}


@dataclass(frozen=True)
class OrderShopPart:
    """One shop's part of an order as the resident reads it: the shop, its lines, their subtotal, where the
    part goes ("home", "contact_point", "shop" or "") and, collected at the shop, from when."""

    shop_name: str
    shop_address: str
    lines: tuple
    subtotal: Decimal
    destination: str
    collection_at: datetime | None
    shop_logo_url: str = ""  # absolute (e-mails are read away from the shop), or empty


def order_parcel_collected(*, order: Order, by: AbstractBaseUser | None) -> None:
    """The resident collected the order's parcel at its point: every shop's part of it is delivered, and each
    merchant's payout recorded. A part that never left its shop refuses it all (ValidationError)."""
    fulfilments_mark_delivered_for_order(order=order, by=by)


def order_parcel_returned(*, order: Order, by: AbstractBaseUser | None) -> None:
    """The parcel went back to its merchant uncollected: the resident is refunded what the order's terms say."""
    order_refund_returned_parcel(order=order, by=by)


def order_parts_by_shop(*, order: Order) -> list[OrderShopPart]:
    """The order's lines grouped by the shop that prepares them (its fulfilments), by shop name; lines no
    fulfilment holds come last, unnamed. Two queries."""
    destination = PART_DESTINATIONS.get(order.shipping_code, "")
    fulfilments = sorted(
        order.fulfilments.select_related("merchant").prefetch_related("lines"),
        key=lambda fulfilment: fulfilment.merchant.trade_name.casefold(),
    )
    parts, held = [], set()
    for fulfilment in fulfilments:
        lines = tuple(sorted(fulfilment.lines.all(), key=lambda line: line.pk))
        held.update(line.pk for line in lines)
        parts.append(
            OrderShopPart(
                shop_name=fulfilment.merchant.trade_name,
                shop_address=fulfilment.merchant.full_address,
                lines=lines,
                subtotal=sum((line.line_price_incl_tax for line in lines), Decimal("0.00")),
                destination=destination,
                collection_at=fulfilment.collection_at if destination == "shop" else None,
                shop_logo_url=absolute_url(path=fulfilment.merchant.logo.url)
                if fulfilment.merchant.logo
                else "",
            )
        )
    others = tuple(line for line in order.lines.all() if line.pk not in held)
    if others:
        parts.append(
            OrderShopPart(
                shop_name="",
                shop_address="",
                lines=others,
                subtotal=sum((line.line_price_incl_tax for line in others), Decimal("0.00")),
                destination=destination,
                collection_at=None,
            )
        )
    return parts
