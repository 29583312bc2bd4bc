"""Reads about merchants and their fulfilments."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from core.hours import Range, week_days, week_from_ranges

from .models import CatalogueImport, Fulfilment, Merchant, OpeningHours


def merchants_for_filter() -> QuerySet:
    """Approved merchants, name and slug only: the catalogue's merchant filter."""
    return (
        Merchant.objects.filter(status=Merchant.Status.APPROVED)
        .only("slug", "trade_name")
        .order_by("trade_name")
    )


def merchants_directory(*, sector: str | None = None) -> QuerySet:
    """The public directory: approved merchants with their opening hours."""
    merchants = Merchant.objects.filter(status=Merchant.Status.APPROVED).prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at"))
    )
    if sector:
        merchants = merchants.filter(sector=sector)
    return merchants.order_by("trade_name")


def merchant_public(*, slug: str) -> Merchant | None:
    """An approved merchant by slug, with its opening hours, or None."""
    return merchants_directory().filter(slug=slug).first()


def weekly_hours(*, merchant: Merchant) -> list[tuple[str, list[Range]]]:
    """(weekday label, sorted (opens, closes) ranges) for the seven days, Monday first; a closed day has none."""
    labels = dict(OpeningHours.Weekday.choices)
    week = week_from_ranges(
        (opening.weekday, opening.opens_at, opening.closes_at) for opening in merchant.opening_hours.all()
    )
    return [(labels[weekday], ranges) for weekday, ranges in week_days(week)]


def fulfilments_for_user(*, user) -> QuerySet:
    """The fulfilments of the merchants this user works for, never another merchant's."""
    return (
        Fulfilment.objects.filter(merchant__partner__users=user)
        .select_related("order", "merchant", "order__shipping_address")
        .prefetch_related("lines")
        .order_by("-created_at")
    )


def fulfilments_with_merchant() -> QuerySet:
    """Fulfilments with their merchant, as another domain shows them (a parcel's shops' parts): its prefetch."""
    return Fulfilment.objects.select_related("merchant")


@dataclass(frozen=True)
class Destination:
    """Where a fulfilment goes, holding only what its delivery mode needs to know of the resident."""

    mode: str
    mode_label: str
    name: str
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    point_name: str = ""


def fulfilment_for_user(*, user, pk: int) -> Fulfilment | None:
    """One fulfilment of a merchant this user works for, with what its page needs, or None."""
    return (
        Fulfilment.objects.filter(merchant__partner__users=user, pk=pk)
        .select_related("order__shipping_address", "order__user", "order__pickup", "merchant")
        .prefetch_related("lines")
        .first()
    )


def fulfilment_destination(*, fulfilment: Fulfilment) -> Destination:
    """The resident's name, and their address and phone (home delivery) or the contact point's copy
    (contact point); the name only for click-and-collect."""
    from django.core.exceptions import ObjectDoesNotExist

    order = fulfilment.order
    address = order.shipping_address
    name = ""
    if address is not None:
        name = " ".join(part for part in (address.first_name, address.last_name) if part)
    if not name and order.user is not None:
        name = order.user.get_full_name()
    mode, label = order.shipping_code, order.shipping_method
    if mode == "home-delivery" and address is not None:
        lines = (address.line1, address.line2, address.line3, f"{address.postcode} {address.line4}".strip())
        return Destination(
            mode=mode,
            mode_label=label,
            name=name,
            address_lines=tuple(line for line in lines if line),
            phone=str(address.phone_number or ""),
        )
    if mode == "contact-point":
        try:
            pickup = order.pickup
        except ObjectDoesNotExist:
            pickup = None
        if pickup is not None:
            return Destination(
                mode=mode,
                mode_label=label,
                name=name,
                point_name=pickup.point_name,
                address_lines=(pickup.point_address, f"{pickup.point_postcode} {pickup.point_city}"),
            )
    return Destination(mode=mode, mode_label=label, name=name)


@dataclass(frozen=True)
class Sales:
    """A merchant's sales over a period: totals, and rows by day, by week and by product."""

    start: date
    end: date
    total_incl_tax: Decimal
    quantity: int
    orders: int
    by_day: list[dict]
    by_week: list[dict]
    by_product: list[dict]


def merchant_sales(*, merchant: Merchant, start: date, end: date) -> Sales:
    """The merchant's sales placed from ``start`` to ``end`` (inclusive, Paris days): their lines in
    fulfilments not cancelled, less the lines refunded; aggregated in the database, four queries whatever
    the volume."""
    from datetime import datetime, time, timedelta

    from django.db.models import Count, Exists, OuterRef, Sum
    from django.db.models.functions import TruncDay, TruncWeek
    from django.utils import timezone
    from oscar.core.loading import get_model

    from .refunds import REFUND_EVENT_TYPE

    line_model = get_model("order", "Line")
    quantity_model = get_model("order", "PaymentEventQuantity")
    paris = timezone.get_default_timezone()
    since = datetime.combine(start, time.min, tzinfo=paris)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=paris)
    refunded = quantity_model.objects.filter(line=OuterRef("pk"), event__event_type__name=REFUND_EVENT_TYPE)
    lines = (
        line_model.objects.filter(
            fulfilments__merchant=merchant,
            order__date_placed__gte=since,
            order__date_placed__lt=until,
        )
        .exclude(fulfilments__status=Fulfilment.Status.CANCELLED)
        .exclude(Exists(refunded))
    )
    sums = {
        "total": Sum("line_price_incl_tax"),
        "quantity": Sum("quantity"),
        "orders": Count("order", distinct=True),
    }
    totals = lines.aggregate(**sums)

    def grouped(period):
        rows = (
            lines.annotate(period=period("order__date_placed", tzinfo=paris))
            .values("period")
            .annotate(**sums)
            .order_by("period")
        )
        return [{**row, "period": timezone.localdate(row["period"], paris)} for row in rows]

    by_product = list(
        lines.values("product_id", "title", "partner_sku").annotate(**sums).order_by("-total", "title")
    )
    return Sales(
        start=start,
        end=end,
        total_incl_tax=totals["total"] or Decimal("0.00"),
        quantity=totals["quantity"] or 0,
        orders=totals["orders"] or 0,
        by_day=grouped(TruncDay),
        by_week=grouped(TruncWeek),
        by_product=by_product,
    )


def merchant_application_for_user(*, user) -> Merchant | None:
    """The application this user filed, whatever its status, or None."""
    if not user.is_authenticated:
        return None
    return Merchant.objects.filter(applicant=user).order_by("-created_at").first()


def merchant_notification_recipients(*, merchant: Merchant) -> list[str]:
    """Where the merchant's order e-mails go: the shop's address and its active users' addresses."""
    addresses = {
        email
        for email in merchant.partner.users.filter(is_active=True).values_list("email", flat=True)
        if email
    }
    if merchant.email:
        addresses.add(merchant.email)
    return sorted(addresses)


@dataclass(frozen=True)
class SpaceSummary:
    """What the merchant's dashboard home counts: their own fulfilments by step and their catalogue."""

    merchant: Merchant
    to_accept: int
    to_prepare: int
    ready: int
    next_collection: datetime | None
    products: int
    out_of_stock: int


def merchant_space_summary(*, merchant: Merchant) -> SpaceSummary:
    """The merchant's own figures for their dashboard home, in three queries, never another shop's."""
    from django.db.models import Count, Min, Q
    from django.db.models.functions import Coalesce
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    going = Fulfilment.objects.filter(merchant=merchant).aggregate(
        to_accept=Count("pk", filter=Q(status=Fulfilment.Status.NEW)),
        to_prepare=Count("pk", filter=Q(status=Fulfilment.Status.ACCEPTED)),
        ready=Count("pk", filter=Q(status=Fulfilment.Status.READY)),
        next_collection=Min(
            "collection_at",
            filter=Q(status__in=[Fulfilment.Status.NEW, Fulfilment.Status.ACCEPTED, Fulfilment.Status.READY]),
        ),
    )
    stock = StockRecord.objects.filter(partner_id=merchant.partner_id).aggregate(
        products=Count("pk"),
        # Oscar leaves num_allocated empty until a first order.
        out_of_stock=Count("pk", filter=Q(num_in_stock__lte=Coalesce("num_allocated", 0))),
    )
    return SpaceSummary(merchant=merchant, **going, **stock)


def catalogue_imports_for_merchant(*, merchant: Merchant) -> QuerySet[CatalogueImport]:
    """The merchant's catalogue imports, newest first."""
    return CatalogueImport.objects.filter(merchant=merchant).order_by("-created_at", "-pk")
