import re

from django import template
from django.utils.safestring import mark_safe

from core.text import html_sanitise

register = template.Library()

# Sanitised HTML has every literal "<" escaped: this matches tags only.
_BLOCK_TAG = re.compile(r"<(p|ul|ol|li|blockquote|br)\b")


@register.filter
def can_be_cancelled(order) -> bool:
    """Whether the resident may still cancel: no merchant has started preparing it."""
    fulfilments = [f for f in order.fulfilments.all() if f.status != "cancelled"]
    return bool(fulfilments) and all(f.status == "new" for f in fulfilments)


@register.filter(is_safe=True)
def rich_text(value) -> str:
    """Stored rich text as HTML, through the allowlist once more on the way out (a row written before the
    sanitiser stays harmless); plain text keeps its line breaks."""
    html = html_sanitise(str(value or ""))
    if not _BLOCK_TAG.search(html):
        # Text typed in a plain textarea, maybe with a <b> or a link: its lines are the layout. An editor's
        # HTML has paragraphs or lists, and line breaks between them that mean nothing.
        html = html.replace("\r\n", "\n").replace("\n", "<br>")
    return mark_safe(html)


@register.simple_tag
def home_delivery_refusal(shipping_address) -> str:
    """Why the checkout does not offer home delivery to this address ("" when it does)."""
    from shop.apps.shipping.repository import home_delivery_refusal as refusal

    return refusal(shipping_addr=shipping_address)


@register.simple_tag
def order_slot_text(order) -> str:
    """The delivery slot an order was booked on, « mardi 8 décembre, 14 h – 18 h » ("" when none)."""
    from delivery.slots import order_slot_label

    return order_slot_label(order=order) if order is not None and order.pk else ""


@register.filter
def by_shop(items) -> list[dict]:
    """Basket forms, basket lines or order lines grouped by the shop that sells them, in the basket's order:
    ``[{"merchant": Merchant or None, "items": [...], "subtotal": Decimal, "currency": str}]``. One query for
    the shops, whatever the number of lines."""
    from merchants.models import Merchant

    items = list(items or [])

    def line_of(item):
        return getattr(item, "instance", item)

    def partner_id(line):
        if getattr(line, "partner_id", None):
            return line.partner_id
        stockrecord = getattr(line, "stockrecord", None)
        return stockrecord.partner_id if stockrecord is not None else None

    ids = {partner_id(line_of(item)) for item in items} - {None}
    merchants = {merchant.partner_id: merchant for merchant in Merchant.objects.filter(partner_id__in=ids)}
    groups: dict = {}
    for item in items:
        line = line_of(item)
        key = partner_id(line)
        group = groups.setdefault(
            key,
            {"merchant": merchants.get(key), "items": [], "subtotal": 0, "currency": None},
        )
        group["items"].append(item)
        price = line.line_price_incl_tax
        if price is not None:
            group["subtotal"] += price
        group["currency"] = (
            group["currency"]
            or getattr(line, "price_currency", None)
            or getattr(getattr(line, "order", None), "currency", None)
        )
    return list(groups.values())


@register.simple_tag
def map_labels() -> dict:
    """The words of the maps, in the page's language: Leaflet's zoom buttons and the resident's own marker."""
    from django.utils.translation import gettext

    return {
        "zoomIn": gettext("Zoom avant"),
        "zoomOut": gettext("Zoom arrière"),
        "origin": gettext("Votre adresse"),
    }


@register.filter
def shipping_label(order) -> str:
    """How the order is received, in the reader's language: Oscar stores the method's name as it read at the
    time of ordering (French), the code says which method it was."""
    from delivery.shipping import HomeDelivery
    from merchants.shipping import ClickAndCollect
    from pickup.shipping import ContactPointPickup

    for method in (HomeDelivery, ClickAndCollect, ContactPointPickup):
        if order.shipping_code == method.code:
            return str(method.name)
    return order.shipping_method
