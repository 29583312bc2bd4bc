"""Couriers and today's round for the courier's tests: collect two shops' parcels, a break, a home delivery and a
drop at the contact point the second order was placed for."""

from dataclasses import dataclass
from datetime import time, timedelta

from django.utils import timezone

from core import roles
from delivery.models import Courier, Round, Stop, Vehicle, VehicleKind
from merchants import services as merchant_services
from merchants.models import Sector
from pickup.models import ContactPoint, WeeklyOpening
from territory.models import Membership
from tests.factories import MerchantFactory, UserFactory, home_territory, make_product
from tests.merchants.factories import make_order
from tests.pickup.factories import ContactPointFactory
from tests.territory.isolation import _in_group

HOME = (44.5031, 0.1655)


def make_courier(first_name: str, *, territory=None) -> Courier:
    user = _in_group(UserFactory(first_name=first_name, last_name="Benali"), roles.COURIER)
    Membership.objects.update_or_create(user=user, defaults={"territory": territory or home_territory()})
    vehicle = Vehicle.objects.create(
        name=f"Utilitaire {first_name}",
        kind=VehicleKind.ELECTRIC_VAN,
        capacity_parcels=50,
        capacity_litres=2000,
    )
    return Courier.objects.create(user=user, vehicle=vehicle)


def open_all_week(point: ContactPoint, *, opens=time(0, 0), closes=time(23, 59)) -> ContactPoint:
    for weekday in range(7):
        WeeklyOpening.objects.create(contact_point=point, weekday=weekday, opens_at=opens, closes_at=closes)
    return point


def ready(fulfilment):
    """The merchant accepts and packs the parcel: ready for the round to collect."""
    merchant_services.fulfilment_accept(fulfilment=fulfilment, by=None)
    merchant_services.fulfilment_mark_ready(fulfilment=fulfilment, by=None)
    fulfilment.refresh_from_db()
    return fulfilment


@dataclass
class TodaysRound:
    tour: Round
    home_order: object
    point_order: object
    point: ContactPoint
    collect_home: Stop
    collect_point: Stop
    pause: Stop
    home: Stop
    drop: Stop


def make_todays_round(*, courier: Courier | None = None, point: ContactPoint | None = None) -> TodaysRound:
    courier = courier or make_courier("Karim")
    point = point or open_all_week(
        ContactPointFactory(name="MARMANDE AGENCE POSTALE", address="3 RUE DES ÉCOLES", latitude=44.501)
    )
    butcher = MerchantFactory(
        sector=Sector.BUTCHER, partner__name="Boucherie Lafitte", address_line1="4 rue Léopold Faye"
    )
    baker = MerchantFactory(trade_name="Au Fournil de la Bastide", address_line1="18 rue de la Libération")
    home_order = make_order([(make_product(merchant=butcher), 1)])
    point_order = make_order([(make_product(merchant=baker), 1)], shipping_code="contact-point", point=point)
    home_part, point_part = ready(home_order.fulfilments.get()), ready(point_order.fulfilments.get())
    now = timezone.localtime()
    start = now - timedelta(minutes=30)
    tour = Round.objects.create(
        day=timezone.localdate(),
        courier=courier,
        vehicle=courier.vehicle,
        planned_start=start,
        planned_end=start + timedelta(hours=3),
        planned_km=12.4,
    )
    plan = [
        (Stop.Kind.PICKUP, home_part, (44.4995, 0.1702)),
        (Stop.Kind.PICKUP, point_part, (44.4990, 0.1690)),
        (Stop.Kind.BREAK, None, (None, None)),
        (Stop.Kind.HOME, home_part, HOME),
        (Stop.Kind.CONTACT_POINT, point_part, (point.latitude, point.longitude)),
    ]
    stops = []
    for sequence, (kind, fulfilment, (lat, lon)) in enumerate(plan, start=1):
        at = start + timedelta(minutes=20 * sequence)
        stops.append(
            Stop.objects.create(
                round=tour,
                sequence=sequence,
                kind=kind,
                fulfilment=fulfilment,
                latitude=lat,
                longitude=lon,
                planned_arrival=at,
                planned_service_start=at,
            )
        )
    return TodaysRound(tour, home_order, point_order, point, *stops)


def give_proofs(side, *, recipient_name: str = "Habitant"):
    """A territory side's order with what is personal in its delivery (tests.territory.isolation.build_side): a
    home-delivery code, a proof of delivery with a signature file on its round's stop, and a collection code on
    its parcel. MEDIA_ROOT should be a temporary folder."""
    import uuid

    from django.core.files.base import ContentFile

    from delivery.models import CourierAction, DeliveryCode
    from pickup.models import Parcel

    DeliveryCode.objects.create(territory=side.territory, order=side.order, code_hash="h" * 64, sealed="n$1")
    action = CourierAction(
        id=uuid.uuid4(),
        territory=side.territory,
        round=side.round,
        stop=side.round.stops.get(),
        kind=CourierAction.Kind.DELIVER,
        recipient_name=recipient_name,
    )
    action.signature.save("signature.png", ContentFile(b"\x89PNG signature"), save=False)
    action.save()
    Parcel.objects.filter(pk=side.parcel.pk).update(code_hash="hmac-sha256$abc", pending_code="n$123456")
    return side
