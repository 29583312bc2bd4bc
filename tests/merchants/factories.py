"""Orders as checkout leaves them, for the merchant tests: placed, stock allocated, split into fulfilments,
and paid."""

from decimal import Decimal

from django.utils import timezone
from oscar.core.loading import get_model

from merchants import services
from merchants.services import fulfilments_create_for_order
from payments.models import PaymentAttempt
from pickup.models import OrderPickup
from territory.services import order_terms_freeze
from tests.factories import UserFactory, france, home_territory
from tests.pickup.factories import ContactPointFactory

Order = get_model("order", "Order")
Line = get_model("order", "Line")
ShippingAddress = get_model("order", "ShippingAddress")
Basket = get_model("basket", "Basket")

CENT = Decimal("0.01")
DELIVERY_VAT = Decimal("1.20")
METHODS = {
    "home-delivery": "Livraison à domicile",
    "contact-point": "Retrait en point de contact",
    "click-and-collect": "Retrait en boutique",
}


def make_order(
    items,
    *,
    user=None,
    shipping: Decimal = Decimal("4.90"),
    shipping_code: str = "home-delivery",
    placed=None,
    point=None,
    intent_id: str | None = None,
    paid: bool = True,
):
    """A placed order of ``items`` ((product, quantity) pairs, each product's stock record belonging to one
    merchant) for Camille Laborde, 8 rue Abel Boyé in Marmande, delivered as ``shipping_code`` says: stock
    allocated, the terms in force copied and fulfilments created as checkout does, and paid through a PaymentAttempt unless ``paid`` is
    False (an order from before online payment)."""
    user = user or UserFactory(first_name="Camille", last_name="Laborde")
    address = ShippingAddress.objects.create(
        first_name="Camille",
        last_name="Laborde",
        line1="8 rue Abel Boyé",
        line4="Marmande",
        postcode="47200",
        country=france(),
        phone_number="+33553930000",
    )
    number = str(300000 + Order.objects.count() + 1)
    rows = []
    for product, quantity in items:
        stockrecord = product.stockrecords.get()
        incl = stockrecord.price * quantity
        excl = (incl / (1 + product.product_class.vat_rate / 100)).quantize(CENT)
        rows.append((product, stockrecord, quantity, incl, excl))
    shipping_excl = (shipping / DELIVERY_VAT).quantize(CENT)
    order = Order.objects.create(
        territory=items[0][0].territory if items else home_territory(),
        number=number,
        user=user,
        currency="EUR",
        total_incl_tax=sum((row[3] for row in rows), Decimal("0.00")) + shipping,
        total_excl_tax=sum((row[4] for row in rows), Decimal("0.00")) + shipping_excl,
        shipping_incl_tax=shipping,
        shipping_excl_tax=shipping_excl,
        shipping_code=shipping_code,
        shipping_method=METHODS[shipping_code],
        shipping_address=address,
        date_placed=placed or timezone.now(),
    )
    for product, stockrecord, quantity, incl, excl in rows:
        Line.objects.create(
            order=order,
            partner=stockrecord.partner,
            partner_name=stockrecord.partner.name,
            partner_sku=stockrecord.partner_sku,
            stockrecord=stockrecord,
            product=product,
            title=product.title,
            quantity=quantity,
            line_price_incl_tax=incl,
            line_price_excl_tax=excl,
            line_price_before_discounts_incl_tax=incl,
            line_price_before_discounts_excl_tax=excl,
            num_allocated=quantity,
        )
        stockrecord.allocate(quantity)
    if shipping_code == "contact-point":
        point = point or ContactPointFactory(name="MARMANDE AGENCE POSTALE", address="3 RUE DES ÉCOLES")
        OrderPickup.objects.create(
            order=order,
            contact_point=point,
            point_name=point.name,
            point_type=point.type,
            point_address=point.address,
            point_postcode=point.postcode,
            point_city=point.city,
        )
    order_terms_freeze(order=order)
    fulfilments_create_for_order(order=order)
    if paid:
        PaymentAttempt.objects.create(
            territory=order.territory,
            basket=Basket.objects.create(owner=user),
            user=user,
            order_number=number,
            payment_intent_id=intent_id or f"pi_test_{number}",
            amount=order.total_incl_tax,
            status=PaymentAttempt.Status.SUCCEEDED,
            order=order,
        )
    return order


def hand_to_the_round(*fulfilments, by=None) -> None:
    """Takes each fulfilment through the merchant's steps (accept, ready, hand over) as the merchant would."""
    for fulfilment in fulfilments:
        for step in (
            services.fulfilment_accept,
            services.fulfilment_mark_ready,
            services.fulfilment_hand_over,
        ):
            step(fulfilment=fulfilment, by=by)
