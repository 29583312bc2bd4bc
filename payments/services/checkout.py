"""The checkout frozen into its attempt (everything the order is placed from, without the browser's session),
and the stock it holds while it is paid."""

from decimal import Decimal

from django.utils import timezone
from oscar.core.loading import get_model
from oscar.core.prices import Price

from payments.models import PaymentAttempt
from payments.selectors import units_held

StockRecord = get_model("partner", "StockRecord")

ADDRESS_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "line1",
    "line2",
    "line3",
    "line4",
    "state",
    "postcode",
    "phone_number",
    "notes",
)


def _price_data(price) -> dict:
    return {
        "currency": price.currency,
        "excl_tax": str(price.excl_tax),
        "incl_tax": str(price.incl_tax),
        "tax_code": getattr(price, "tax_code", None),
    }


def price_thaw(data: dict) -> Price:
    """A price of the frozen checkout back as Oscar's Price."""
    return Price(
        currency=data["currency"],
        excl_tax=Decimal(data["excl_tax"]),
        incl_tax=Decimal(data["incl_tax"]),
        tax_code=data.get("tax_code"),
    )


def _address_data(address) -> dict | None:
    if address is None:
        return None
    data = {field: str(getattr(address, field, "") or "") for field in ADDRESS_FIELDS}
    data["country"] = address.country_id
    return data


def _lines_data(basket) -> list[dict]:
    return [
        {
            "line_id": line.pk,
            "stockrecord_id": line.stockrecord_id,
            "product_id": line.product_id,
            "quantity": line.quantity,
            "title": line.product.get_title() if line.product_id else "",
        }
        for line in basket.all_lines()
    ]


def checkout_freeze(*, basket, submission: dict) -> dict:
    """Everything Oscar needs to place the order without the browser's session, as JSON: the shipping address
    and method, the pickup point and delivery slot, the totals and surcharges, the lines."""
    order_kwargs = submission.get("order_kwargs") or {}
    point = order_kwargs.get("pickup_point")
    surcharges = submission.get("surcharges") or []
    return {
        "shipping_address": _address_data(submission.get("shipping_address")),
        "shipping_method": {
            "code": submission["shipping_method"].code,
            "name": str(submission["shipping_method"].name),
        },
        "shipping_charge": _price_data(submission["shipping_charge"]),
        "total": _price_data(submission["order_total"]),
        "surcharges": [
            {"name": str(charge.surcharge.name), "code": charge.surcharge.code, **_price_data(charge.price)}
            for charge in surcharges
        ],
        "pickup": (
            {"point_id": point.pk, "distance_m": order_kwargs.get("pickup_distance_m")}
            if point is not None
            else None
        ),
        "guest_email": order_kwargs.get("guest_email") or "",
        # The delivery slot chosen (« 2026-12-08T14:00 »), which PAYMENTS_CHECKOUT_HOLD holds a place in.
        "delivery_slot": order_kwargs.get("delivery_slot") or None,
        # How the delivery fee was set ({"basis": …, "surcharge": …}), copied onto the order when it is placed.
        "delivery_fee": order_kwargs.get("delivery_fee") or None,
        "lines": _lines_data(basket),
    }


def units_by_stockrecord(lines: list[dict]) -> dict[int, int]:
    """The frozen lines' units, by stock record."""
    units: dict[int, int] = {}
    for line in lines:
        if line["stockrecord_id"] is not None:
            units[line["stockrecord_id"]] = units.get(line["stockrecord_id"], 0) + line["quantity"]
    return units


def stock_short(*, units: dict[int, int], titles: dict[int, str], attempt_id: int | None) -> list[str]:
    """Locks the stock records in a stable order and names the lines they cannot supply, counting the units
    sold and those other checkouts hold."""
    records = list(
        StockRecord.objects.select_for_update(of=("self",))
        .filter(pk__in=list(units))
        .select_related("product__product_class", "product__parent__product_class")
        .order_by("pk")
    )
    held = units_held(stockrecord_ids=list(units), exclude_attempt_id=attempt_id)
    short = []
    for record in records:
        if not record.product.get_product_class().track_stock:
            continue
        if record.net_stock_level - held.get(record.pk, 0) < units[record.pk]:
            short.append(titles.get(record.pk) or record.product.get_title())
    missing = set(units) - {record.pk for record in records}
    short += [titles.get(pk, "?") for pk in sorted(missing)]
    return short


def holds_release(*, attempt: PaymentAttempt) -> int:
    """Gives back the stock the attempt still holds; returns how many holds were released."""
    return attempt.stock_holds.filter(released_at__isnull=True).update(released_at=timezone.now())
