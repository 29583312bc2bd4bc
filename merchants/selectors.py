"""Reads about merchants and their fulfilments."""

from django.db.models import Prefetch, QuerySet

from .models import Fulfilment, Merchant, OpeningHours


def merchants_for_filter() -> QuerySet:
    """Approved merchants, name and slug only: the catalogue's merchant filter."""
    return Merchant.objects.filter(status=Merchant.Status.APPROVED).only("slug", "trade_name").order_by("trade_name")


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


def weekly_hours(*, merchant: Merchant) -> list[tuple[str, list[OpeningHours]]]:
    """Opening ranges grouped by weekday, Monday first; a day with no range is closed."""
    by_day: dict[int, list[OpeningHours]] = {day: [] for day, _label in OpeningHours.Weekday.choices}
    for opening in merchant.opening_hours.all():
        by_day[opening.weekday].append(opening)
    return [(label, by_day[day]) for day, label in OpeningHours.Weekday.choices]


def fulfilments_for_user(*, user) -> QuerySet:
    """The fulfilments of the merchants this user works for, never another merchant's."""
    return (
        Fulfilment.objects.filter(merchant__partner__users=user)
        .select_related("order", "merchant", "order__shipping_address")
        .prefetch_related("lines")
        .order_by("-created_at")
    )
