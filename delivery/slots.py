"""Delivery slots: what the checkout offers (the next days' windows whose cut-off is ahead and which have places
left), the place held while the resident pays (the payments call ``slot_hold`` and ``slot_release`` through
PAYMENTS_CHECKOUT_HOLD / PAYMENTS_CHECKOUT_RELEASE, inside their own transaction), the order's booking, and the
municipality's edits of templates and exceptions.

A place counts while its booking is not released and its order is placed, or its attempt is still pending within
its hold: an abandoned payment stops counting when its hold runs out, even before the sweep releases it."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from delivery.models import DeliverySlot, SlotBooking, SlotException, SlotTemplate

OFFER_DAYS = 7
FEW_PLACES = 5


class SlotUnavailable(ValidationError):
    """The slot chosen cannot be held (full, past its cut-off, or no longer offered): nothing is written."""


@dataclass(frozen=True)
class SlotOffer:
    day: date
    starts_at: time
    ends_at: time
    capacity: int
    left: int
    cutoff: datetime

    @property
    def key(self) -> str:
        return slot_key(day=self.day, starts_at=self.starts_at)

    @property
    def label(self) -> str:
        return slot_label(day=self.day, starts_at=self.starts_at, ends_at=self.ends_at)

    @property
    def cutoff_label(self) -> str:
        """« mardi 8 décembre à 12 h »: until when the slot can be ordered."""
        moment = timezone.localtime(self.cutoff)
        return _("%(day)s à %(time)s") % {
            "day": date_format(moment.date(), "l j F"),
            "time": _clock(moment.time()),
        }

    @property
    def few_left(self) -> bool:
        return self.left <= FEW_PLACES


def slot_key(*, day: date, starts_at: time) -> str:
    return f"{day.isoformat()}T{starts_at:%H:%M}"


def slot_key_parse(key: str) -> tuple[date, time] | None:
    """(day, start) from « 2026-12-08T14:00 »; None for anything else."""
    try:
        moment = datetime.strptime((key or "").strip(), "%Y-%m-%dT%H:%M")
    except ValueError:
        return None
    return moment.date(), moment.time()


def _clock(moment: time) -> str:
    if not (get_language() or "fr").startswith("fr"):
        return f"{moment:%H:%M}"
    return f"{moment.hour} h" if not moment.minute else f"{moment.hour} h {moment:%M}"


def slot_label(*, day: date, starts_at: time, ends_at: time | None) -> str:
    """« mardi 8 décembre, 14 h – 18 h » (in the active language); « mardi 8 décembre, 14 h » without an end."""
    if ends_at is None:
        return _("%(day)s, %(start)s") % {"day": date_format(day, "l j F"), "start": _clock(starts_at)}
    return _("%(day)s, %(start)s – %(end)s") % {
        "day": date_format(day, "l j F"),
        "start": _clock(starts_at),
        "end": _clock(ends_at),
    }


def _live(now: datetime) -> Q:
    return Q(released_at__isnull=True) & (
        Q(order__isnull=False) | Q(attempt__status="pending", attempt__stock_held_until__gt=now)
    )


def _taken(*, days: list[date], now: datetime, exclude_attempt_id: int | None = None) -> dict:
    bookings = SlotBooking.objects.filter(_live(now), slot__day__in=days)
    if exclude_attempt_id is not None:
        bookings = bookings.exclude(attempt_id=exclude_attempt_id)
    rows = bookings.order_by().values("slot__day", "slot__starts_at").annotate(n=Count("pk"))
    return {(row["slot__day"], row["slot__starts_at"]): row["n"] for row in rows}


def slot_offers(
    *, now: datetime | None = None, days: int = OFFER_DAYS, include_full: bool = False
) -> list[SlotOffer]:
    """The slots of the next ``days`` days whose cut-off is ahead and which have a place left, in order (three
    queries whatever the number of days)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    dates = [today + timedelta(days=offset) for offset in range(days + 1)]
    templates = list(SlotTemplate.objects.all())
    exceptions = {item.day: item for item in SlotException.objects.filter(day__in=dates)}
    taken = _taken(days=dates, now=now)
    offers = []
    for day in dates:
        exception = exceptions.get(day)
        if exception is not None and exception.closed:
            continue
        for template in templates:
            if template.weekday != day.weekday():
                continue
            cutoff = template.cutoff_on(day)
            if cutoff <= now:
                continue
            capacity = (
                exception.capacity
                if exception is not None and exception.capacity is not None
                else template.capacity
            )
            left = capacity - taken.get((day, template.starts_at), 0)
            if left > 0 or include_full:
                offers.append(
                    SlotOffer(day, template.starts_at, template.ends_at, capacity, max(left, 0), cutoff)
                )
    offers.sort(key=lambda offer: (offer.day, offer.starts_at))
    return offers


def slot_offer(*, key: str, now: datetime | None = None) -> SlotOffer | None:
    """The offered slot ``key`` names, or None (unknown, past its cut-off, full)."""
    parsed = slot_key_parse(key)
    if parsed is None:
        return None
    return next((offer for offer in slot_offers(now=now) if (offer.day, offer.starts_at) == parsed), None)


def slot_cutoffs_passed(*, now: datetime, within: timedelta) -> list[tuple[date, datetime]]:
    """(day, cut-off) of the active territory's slots whose cut-off fell in the ``within`` before ``now``, latest
    cut-off per day: the days to plan now that no more orders can come for them."""
    today = timezone.localdate(now)
    closed = set(SlotException.objects.filter(closed=True, day__gte=today).values_list("day", flat=True))
    passed: dict[date, datetime] = {}
    for template in SlotTemplate.objects.all():
        for offset in range(template.cutoff_days_before + 1):
            day = today + timedelta(days=offset)
            if day.weekday() != template.weekday or day in closed:
                continue
            cutoff = template.cutoff_on(day)
            if now - within < cutoff <= now:
                passed[day] = max(cutoff, passed.get(day, cutoff))
    return sorted(passed.items())


def slots_configured() -> bool:
    """Whether the municipality set delivery slots: without any, home delivery is not booked on a slot."""
    return SlotTemplate.objects.exists()


def _slot_row(*, day: date, starts_at: time, ends_at: time) -> DeliverySlot:
    """The day's slot row, created at first use, locked for the rest of the transaction."""
    try:
        with transaction.atomic():
            DeliverySlot.objects.get_or_create(day=day, starts_at=starts_at, defaults={"ends_at": ends_at})
    except IntegrityError:
        pass  # created by a concurrent hold meanwhile: it is there to lock now
    return DeliverySlot.objects.select_for_update().get(day=day, starts_at=starts_at)


def slot_hold(*, attempt) -> SlotBooking | None:
    """Holds a place in the slot the attempt's checkout chose, under the slot row's lock; raises SlotUnavailable
    when it is full or past its cut-off. Called inside the payment's transaction: a refusal writes nothing."""
    key = (attempt.checkout or {}).get("delivery_slot")
    if not key:
        return None
    parsed = slot_key_parse(key)
    now = timezone.now()
    template = None
    if parsed is not None:
        day, starts_at = parsed
        template = SlotTemplate.objects.filter(weekday=day.weekday(), starts_at=starts_at).first()
    if template is None:
        raise SlotUnavailable(_("Ce créneau de livraison n'est plus proposé : choisissez-en un autre."))
    label = slot_label(day=day, starts_at=starts_at, ends_at=template.ends_at)
    exception = SlotException.objects.filter(day=day).first()
    if template.cutoff_on(day) <= now or (exception is not None and exception.closed):
        raise SlotUnavailable(
            _("Les commandes pour le créneau %(slot)s sont closes : choisissez-en un autre.")
            % {"slot": label}
        )
    capacity = (
        exception.capacity if exception is not None and exception.capacity is not None else template.capacity
    )
    slot = _slot_row(day=day, starts_at=starts_at, ends_at=template.ends_at)
    taken = _taken(days=[day], now=now, exclude_attempt_id=attempt.pk).get((day, starts_at), 0)
    if taken >= capacity:
        raise SlotUnavailable(
            _("Le créneau %(slot)s vient d'être complet : choisissez-en un autre.") % {"slot": label}
        )
    booking, _created = SlotBooking.objects.update_or_create(
        attempt=attempt, defaults={"slot": slot, "released_at": None}
    )
    return booking


def slot_release(*, attempt) -> int:
    """Gives back the place a failed or abandoned payment held; returns how many were released."""
    return SlotBooking.objects.filter(
        attempt_id=attempt.pk, order__isnull=True, released_at__isnull=True
    ).update(released_at=timezone.now())


def slot_booking_confirm(*, attempt, order) -> SlotBooking | None:
    """The held place becomes the order's booking. A payment that succeeded after its hold ran out keeps its
    slot even if it filled meanwhile: the resident has paid, the round takes one parcel more."""
    key = (attempt.checkout or {}).get("delivery_slot")
    booking = SlotBooking.objects.filter(attempt_id=attempt.pk).select_related("slot").first()
    if booking is None:
        parsed = slot_key_parse(key) if key else None
        if parsed is None:
            return None
        day, starts_at = parsed
        template = SlotTemplate.objects.filter(weekday=day.weekday(), starts_at=starts_at).first()
        ends_at = (
            template.ends_at if template else (datetime.combine(day, starts_at) + timedelta(hours=3)).time()
        )
        booking = SlotBooking(attempt=attempt, slot=_slot_row(day=day, starts_at=starts_at, ends_at=ends_at))
    booking.order = order
    booking.released_at = None
    booking.save()
    return booking


def order_slot(*, order) -> DeliverySlot | None:
    """The slot an order was booked on, or None (not home delivery, or placed before slots)."""
    try:
        # The reverse one-to-one: no query when the order was loaded with select_related("slot_booking__slot").
        return order.slot_booking.slot
    except SlotBooking.DoesNotExist:
        return None


def order_slot_label(*, order) -> str:
    slot = order_slot(order=order)
    return slot_label(day=slot.day, starts_at=slot.starts_at, ends_at=slot.ends_at) if slot else ""


def slot_template_add(
    *, weekday: int, starts_at: time, ends_at: time, capacity: int, cutoff_days_before: int, cutoff_time: time
) -> SlotTemplate:
    """Adds a weekly window; refuses a window ending before it starts or one that exists that day."""
    if capacity < 0:
        raise ValidationError(_("La capacité ne peut pas être négative."))
    template = SlotTemplate(
        weekday=weekday,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        cutoff_days_before=cutoff_days_before,
        cutoff_time=cutoff_time,
    )
    template.clean()
    if SlotTemplate.objects.filter(weekday=weekday, starts_at=starts_at).exists():
        raise ValidationError(_("Un créneau commence déjà à cette heure ce jour-là."))
    template.save()
    return template


def slot_exception_set(*, day: date, closed: bool, capacity: int | None, label: str) -> SlotException:
    """Sets the exception of one date: closed, or another capacity for each of its windows."""
    if not closed and capacity is None:
        raise ValidationError(_("Indiquez une capacité, ou cochez « pas de livraison ce jour-là »."))
    if capacity is not None and capacity < 0:
        raise ValidationError(_("La capacité ne peut pas être négative."))
    exception, _created = SlotException.objects.update_or_create(
        day=day, defaults={"closed": closed, "capacity": None if closed else capacity, "label": label}
    )
    return exception
