"""The demo's home-delivery terms: 4,90 €, free from a 60 € basket, 1,50 € at the social tariff, 1 € more for the
territory's outlying communes; slots Monday to Saturday, mornings 9–12 ordered before 18:00 the day before,
afternoons 14–18 ordered before noon the same day, 30 parcels each; no delivery on Christmas or New Year's Day."""

from datetime import date, time
from decimal import Decimal

from django.utils import timezone

from delivery.models import CommuneSurcharge, FeePolicy, SlotException, SlotTemplate
from territory.models import Commune, Territory

FLAT_FEE = Decimal("4.90")
FREE_ABOVE = Decimal("60.00")
SOCIAL_FEE = Decimal("1.50")
OUTLYING_SURCHARGE = Decimal("1.00")
SLOT_CAPACITY = 30
# (start, end, ordered up to … days before, at)
WINDOWS = [(time(9), time(12), 1, time(18)), (time(14), time(18), 0, time(12))]


def _holidays(today: date) -> list[tuple[date, str]]:
    christmas = date(today.year, 12, 25)
    if christmas < today:
        christmas = date(today.year + 1, 12, 25)
    new_year = date(christmas.year + 1, 1, 1)
    return [(christmas, "Noël"), (new_year, "Jour de l'an")]


def seed_delivery_terms(*, territory: Territory) -> None:
    """Fees and slots of ``territory`` (active): upserted, seeding twice changes nothing."""
    if territory.home_delivery_fee is None:
        territory.home_delivery_fee = FLAT_FEE
        territory.save(update_fields=["home_delivery_fee"])
    FeePolicy.objects.get_or_create(
        territory=territory, defaults={"free_above": FREE_ABOVE, "social_fee": SOCIAL_FEE}
    )
    # The communes farthest from the centre pay a little more.
    communes = [c for c in Commune.objects.filter(territory=territory) if c.latitude is not None]
    if territory.latitude is not None and len(communes) > 1:
        distance = lambda c: (c.latitude - territory.latitude) ** 2 + (c.longitude - territory.longitude) ** 2  # noqa: E731
        for commune in sorted(communes, key=distance)[-max(1, len(communes) // 3) :]:
            CommuneSurcharge.objects.get_or_create(commune=commune, defaults={"amount": OUTLYING_SURCHARGE})
    for weekday in range(6):
        for starts_at, ends_at, days_before, cutoff in WINDOWS:
            SlotTemplate.objects.get_or_create(
                territory=territory,
                weekday=weekday,
                starts_at=starts_at,
                defaults={
                    "ends_at": ends_at,
                    "capacity": SLOT_CAPACITY,
                    "cutoff_days_before": days_before,
                    "cutoff_time": cutoff,
                },
            )
    for day, label in _holidays(timezone.localdate()):
        SlotException.objects.get_or_create(
            territory=territory, day=day, defaults={"closed": True, "label": label}
        )
