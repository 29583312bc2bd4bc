"""The order an attempt paid for, placed from its frozen checkout by our checkout's own placement (market terms,
fulfilments per merchant, the pickup record, the delivery slot's booking and fee), and its confirmation to the
resident. The payments call both through settings (PAYMENTS_ORDER_PLACER, PAYMENTS_ORDER_CONFIRMATION): they sit
below the domains and the shop."""

import logging
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from oscar.core.loading import get_class, get_model

from core import links
from core.mail import email_render
from delivery.fees import order_delivery_fee_record
from delivery.slots import slot_booking_confirm, slot_key_parse
from payments.models import PaymentAttempt
from payments.services.checkout import price_thaw
from pickup.models import ContactPoint
from shop.orders import order_parts_by_shop

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
OrderDispatcher = get_class("order.utils", "OrderDispatcher")
OrderPlacementMixin = get_class("checkout.mixins", "OrderPlacementMixin")
Repository = get_class("shipping.repository", "Repository")
Selector = get_class("partner.strategy", "Selector")
Applicator = get_class("offer.applicator", "Applicator")

SOURCE_TYPE = "Stripe"
PAYMENT_EVENT = "Paiement"


class _Placement(OrderPlacementMixin):
    """Our checkout's order placement (fulfilments, pickup record), used without a view or a session."""

    request = None


def order_place_from_attempt(*, attempt: PaymentAttempt, basket) -> Order:
    """Places the Oscar order the attempt paid for, from its frozen checkout, with its Stripe payment source
    and payment event; the basket is marked submitted."""
    checkout = attempt.checkout
    user = attempt.user or AnonymousUser()
    basket.strategy = Selector().strategy(user=attempt.user)
    Applicator().apply(basket, attempt.user)

    address = None
    if checkout.get("shipping_address"):
        data = dict(checkout["shipping_address"])
        address = ShippingAddress(country_id=data.pop("country"), **data)
    method_data = checkout["shipping_method"]
    methods = {
        method.code: method for method in Repository().get_shipping_methods(basket, shipping_addr=None)
    }
    method = methods.get(method_data["code"]) or SimpleNamespace(
        code=method_data["code"], name=method_data["name"], discount=lambda basket: Decimal("0.00")
    )
    surcharges = [
        SimpleNamespace(
            surcharge=SimpleNamespace(name=item["name"], code=item["code"]), price=price_thaw(item)
        )
        for item in checkout.get("surcharges") or []
    ]
    extra = {}
    pickup = checkout.get("pickup")
    if pickup:
        extra["pickup_point"] = ContactPoint.objects.get(pk=pickup["point_id"])
        extra["pickup_distance_m"] = pickup.get("distance_m")
    slot = slot_key_parse(checkout.get("delivery_slot") or "")
    if slot is not None:
        # The shops prepare for the round of the slot's day, not for the next pass after the order.
        extra["collection_day"] = slot[0]
    if checkout.get("guest_email") and not user.is_authenticated:
        extra["guest_email"] = checkout["guest_email"]

    placement = _Placement()
    source_type, _created = SourceType.objects.get_or_create(name=SOURCE_TYPE)
    placement.add_payment_source(
        Source(
            source_type=source_type,
            currency=attempt.currency,
            amount_allocated=attempt.amount,
            amount_debited=attempt.amount,
            reference=attempt.payment_intent_id,
        )
    )
    placement.add_payment_event(PAYMENT_EVENT, attempt.amount, reference=attempt.payment_intent_id)
    with transaction.atomic():
        order = placement.place_order(
            order_number=attempt.order_number,
            user=user,
            basket=basket,
            shipping_address=address,
            shipping_method=method,
            shipping_charge=price_thaw(checkout["shipping_charge"]),
            order_total=price_thaw(checkout["total"]),
            surcharges=surcharges or None,
            **extra,
        )
        # The place the payment held in the delivery slot becomes the order's booking.
        slot_booking_confirm(attempt=attempt, order=order)
        if checkout.get("delivery_fee"):
            order_delivery_fee_record(order=order, **checkout["delivery_fee"])
        basket.submit()
    return order


def order_confirmation_send(*, order: Order) -> None:
    """E-mails the resident the order's confirmation (Oscar's event, our templates through core.mail): its
    lines shop by shop with where each part goes, and the link to follow the order."""
    context = {"user": order.user, "order": order, "parts": order_parts_by_shop(order=order)}
    try:
        if order.user_id:
            path = reverse("customer:order", kwargs={"order_number": order.number})
        else:
            path = reverse(
                "customer:anon-order",
                kwargs={"order_number": order.number, "hash": order.verification_hash()},
            )
    except NoReverseMatch:
        path = None
    if path:
        context["status_path"] = path
        context["status_url"] = links.absolute_url(path=path)
    parts = email_render(template_prefix="oscar/communication/emails/commtype_order_placed", context=context)
    messages = {"subject": parts.subject, "body": parts.text, "html": parts.html, "sms": ""}
    dispatcher = OrderDispatcher(logger=logger)
    dispatcher.dispatch_order_messages(order, messages, dispatcher.ORDER_PLACED_EVENT_CODE)
