"""The resident's data, theirs to take away (GDPR art. 15 and 20): everything the shop keeps about them, as one
JSON document or as a ZIP of CSV files (one per section, semicolon-separated, UTF-8 with a byte-order mark so
that a spreadsheet reads the accents), built from every domain's own records."""

import csv
import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from oscar.core.loading import get_model

from core.text import csv_cell_neutralise
from counter import selectors as counter_selectors
from merchants.models import Merchant
from shop.templatetags.shop_tags import shipping_label

SECTIONS = (
    "account",
    "addresses",
    "orders",
    "order_lines",
    "mandates",
    "helper_actions",
    "emails",
    "products_viewed",
    "searches",
)


def _value(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None:
        return ""
    return str(value) if not isinstance(value, bool | int) else value


def _rows(records) -> list[dict]:
    return [{key: _value(value) for key, value in record.items()} for record in records]


def resident_export(*, user) -> dict[str, list[dict]]:
    """Every section of the resident's data: their account, addresses, orders and their lines, the mandates they
    gave and what helpers did under them, the e-mails the shop sent them, the products they viewed and the
    searches they made while signed in."""
    Order = get_model("order", "Order")
    orders = list(
        Order.objects.filter(user=user).select_related("shipping_address").prefetch_related("lines")
    )
    membership = getattr(user, "territory_membership", None)
    partner_ids = {line.partner_id for order in orders for line in order.lines.all()}
    shop_names = dict(
        Merchant.objects.filter(partner_id__in=partner_ids).values_list("partner_id", "trade_name")
    )
    data = {
        "account": _rows(
            [
                {
                    "email": user.email,
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                    "date_joined": user.date_joined,
                    "last_login": user.last_login,
                    "territory": membership.territory.name if membership else "",
                }
            ]
        ),
        "addresses": _rows(
            {
                "first_name": address.first_name,
                "last_name": address.last_name,
                "line1": address.line1,
                "line2": address.line2,
                "line3": address.line3,
                "city": address.line4,
                "postcode": address.postcode,
                "country": address.country_id,
                "phone_number": address.phone_number or "",
                "notes": address.notes,
                "default_for_shipping": address.is_default_for_shipping,
                "created": address.date_created,
            }
            for address in get_model("address", "UserAddress").objects.filter(user=user).order_by("pk")
        ),
        "orders": _rows(
            {
                "number": order.number,
                "placed": order.date_placed,
                "total_incl_tax": order.total_incl_tax,
                "shipping_incl_tax": order.shipping_incl_tax,
                "currency": order.currency,
                "received_by": shipping_label(order),
                "shipping_address": order.shipping_address.summary if order.shipping_address else "",
                "email": order.email,
            }
            for order in orders
        ),
        "order_lines": _rows(
            {
                "order": order.number,
                "shop": shop_names.get(line.partner_id, line.partner_name),
                "product": line.title,
                "quantity": line.quantity,
                "unit_price_incl_tax": line.unit_price_incl_tax,
                "line_price_incl_tax": line.line_price_incl_tax,
            }
            for order in orders
            for line in order.lines.all()
        ),
        "mandates": _rows(
            {
                "helper": mandate.helper.get_full_name() or mandate.helper.email,
                "helper_role": mandate.get_helper_role_display(),
                "purpose": mandate.get_purpose_display(),
                "valid_from": mandate.valid_from,
                "valid_until": mandate.valid_until,
                "state": mandate.state_label,
                "agreed_by": mandate.get_consent_display(),
                "agreed_at": mandate.agreed_at,
                "ended_at": mandate.ended_at,
            }
            for mandate in counter_selectors.mandates_given(resident=user)
        ),
        "helper_actions": _rows(
            {
                "at": action.created_at,
                "helper": action.helper.get_full_name() or action.helper.email,
                "action": action.get_kind_display(),
                "detail": action.detail_label,
            }
            for action in counter_selectors.helper_actions(resident=user)
        ),
        "emails": _rows(
            {"sent": email.date_sent, "subject": email.subject}
            for email in get_model("communication", "Email").objects.filter(user=user).order_by("date_sent")
        ),
        # Oscar's analytics keep what a signed-in resident looked at and searched for.
        "products_viewed": _rows(
            {"at": view.date_created, "product": view.product.title}
            for view in get_model("analytics", "UserProductView")
            .objects.filter(user=user)
            .select_related("product")
            .order_by("date_created")
        ),
        "searches": _rows(
            {"at": search.date_created, "query": search.query}
            for search in get_model("analytics", "UserSearch")
            .objects.filter(user=user)
            .order_by("date_created")
        ),
    }
    return data


def export_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def export_csv_zip(data: dict) -> bytes:
    """One CSV per section, with a header row even when the section is empty."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for section in SECTIONS:
            rows = data.get(section, [])
            text = io.StringIO()
            text.write("\ufeff")
            writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
            header = list(rows[0]) if rows else []
            if header:
                writer.writerow(header)
                for row in rows:
                    writer.writerow([csv_cell_neutralise(str(row[key])) for key in header])
            archive.writestr(f"{section}.csv", text.getvalue())
    return buffer.getvalue()


ADDRESS_PERSONAL_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "line1",
    "line2",
    "line3",
    "notes",
    "phone_number",
)


def orders_addresses_blank(orders) -> int:
    """Blanks the person in these orders' shipping and billing addresses (name, street, phone, notes); the postcode,
    the town and the country stay, for the accounts and the statistics. Returns the addresses changed."""
    changed = 0
    for order in orders:
        for address in (order.shipping_address, order.billing_address):
            if address is None:
                continue
            fields = [name for name in ADDRESS_PERSONAL_FIELDS if getattr(address, name, None)]
            if fields:
                for name in fields:
                    setattr(address, name, "")
                address.save(
                    update_fields=[*fields, "search_text"] if hasattr(address, "search_text") else fields
                )
                changed += 1
    return changed


class ErasureRefused(Exception):
    """The account cannot be erased yet: an order of it is still on its way."""


def orders_in_progress(*, user) -> list[str]:
    """The numbers of the resident's orders still being prepared, delivered or waiting at a contact point."""
    from merchants.models import Fulfilment
    from pickup.models import Parcel

    Order = get_model("order", "Order")
    orders = Order.objects.filter(user=user)
    preparing = Fulfilment.objects.filter(
        order__in=orders, status__in=[*Fulfilment.PREPARING, Fulfilment.Status.HANDED_OVER]
    ).values_list("order__number", flat=True)
    waiting = Parcel.objects.filter(
        order__in=orders, status__in=[Parcel.Status.AWAITING, Parcel.Status.READY]
    ).values_list("order__number", flat=True)
    return sorted(set(preparing) | set(waiting))


def resident_erase(*, user) -> dict[str, int]:
    """Erases the resident's account (GDPR art. 17): their orders stay for the accounts, anonymised (the name,
    street, phone and e-mail go; the postcode and town stay for the statistics); their addresses, delivery codes,
    proofs of delivery, collection codes, mandates, baskets, alerts, e-mail history and viewing and search history go; the account can no
    longer sign in and keeps no name. Refused while an order is on its way (ErasureRefused)."""
    from django.db import transaction

    from counter.forget import resident_forget_mandates
    from delivery.forget import orders_forget_proofs
    from pickup.services import parcels_forget_codes

    pending = orders_in_progress(user=user)
    if pending:
        raise ErasureRefused(pending)
    Order = get_model("order", "Order")
    with transaction.atomic():
        orders = list(Order.objects.filter(user=user).select_related("shipping_address", "billing_address"))
        order_ids = [order.pk for order in orders]
        orders_addresses_blank(orders)
        Order.objects.filter(pk__in=order_ids).update(user=None, guest_email="")
        counts = {"orders_anonymised": len(order_ids)}
        counts.update(orders_forget_proofs(order_ids=order_ids))
        counts["collection_codes"] = parcels_forget_codes(order_ids=order_ids)
        counts["mandates"] = resident_forget_mandates(resident_id=user.pk)
        counts["addresses"] = get_model("address", "UserAddress").objects.filter(user=user).delete()[0]
        # The payments stay for the accounts, without the person who made them.
        get_model("payments", "PaymentAttempt").objects.filter(user=user).update(user=None)
        # A basket that was paid for is the payment's record: it stays, without its owner; the others go.
        baskets = get_model("basket", "Basket").objects.filter(owner=user)
        paid = baskets.filter(payment_attempts__isnull=False).distinct()
        paid.update(owner=None)
        counts["baskets"] = baskets.exclude(pk__in=paid.values("pk")).delete()[0]
        for label in (
            ("customer", "ProductAlert"),
            ("communication", "Email"),
            ("communication", "Notification"),
            ("analytics", "UserProductView"),
            ("analytics", "UserSearch"),
            ("analytics", "UserRecord"),
        ):
            model = get_model(*label)
            field = "recipient" if label[1] == "Notification" else "user"
            model.objects.filter(**{field: user}).delete()
        user.first_name = ""
        user.last_name = ""
        user.email = f"efface-{user.pk}@invalid.example"
        user.username = f"efface-{user.pk}"[:150]
        user.is_active = False
        user.set_unusable_password()
        user.save()
    return counts
