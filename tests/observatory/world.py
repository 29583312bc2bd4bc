"""A small territory's day whose every indicator was computed by hand (the figures are in test_indicators.py).

Day D (Tuesday 10 November 2026): 24 residents, one order each. Resident i buys one item of shop A (3.30 €);
i even: also one of B (2.00 €); i multiple of 3: also one of C (5.00 €); i = 0: also one of the butcher D
(10.00 €). A, B, C are bakeries. i < 12: home delivery, at 10:30; 12 ≤ i < 22: contact point, at 18:15; i = 22, 23:
collected at shop A (A's item only), at 18:15. i % 4 = 3 lives in Tonneins, i = 5 in Agen (outside the area),
the others in Marmande. Resident 2's B item is refunded (unavailable); resident 4's order is cancelled. Every part
of the home orders is delivered and paid out; the round (a cargo bike, 12.5 km) delivered them on time but those
of resident 1 (late) and resident 3 (failed). On D + 1 resident 0 orders again (A). A year before D, an
earlier resident bought one item of A."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from delivery.models import Courier, Round, Stop, Vehicle, VehicleKind
from merchants.models import Fulfilment, Payout, Sector
from merchants.payouts import fulfilments_mark_delivered_for_order
from merchants.refunds import fulfilment_lines_mark_unavailable, order_cancel
from observatory.services import rollups_refresh
from territory.models import Commune, CommunePostcode
from tests.factories import MerchantFactory, UserFactory, home_territory, make_product
from tests.merchants.factories import hand_to_the_round, make_order
from tests.pickup.factories import ContactPointFactory

D = date(2026, 11, 10)
RESIDENTS = 24


@dataclass
class World:
    territory: object
    merchants: dict
    residents: list
    orders: list
    communes: dict
    point: object
    round: object = None
    extra: dict = field(default_factory=dict)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def build_world(*, refresh: bool = True) -> World:
    territory = home_territory()
    marmande = Commune.objects.get_or_create(
        territory=territory, insee_code="47157", defaults={"name": "Marmande"}
    )[0]
    CommunePostcode.objects.get_or_create(commune=marmande, postcode="47200")
    tonneins = Commune.objects.create(
        territory=territory, insee_code="47310", name="Tonneins", latitude=44.39, longitude=0.31
    )
    CommunePostcode.objects.create(commune=tonneins, postcode="47400")
    Commune.objects.filter(pk=marmande.pk).update(latitude=44.5, longitude=0.165)
    shops = {
        "A": MerchantFactory(partner__name="Fournil A", sector=Sector.BAKERY),
        "B": MerchantFactory(partner__name="Fournil B", sector=Sector.BAKERY),
        "C": MerchantFactory(partner__name="Fournil C", sector=Sector.BAKERY),
        "D": MerchantFactory(partner__name="Boucherie D", sector=Sector.BUTCHER),
    }
    prices = {"A": "3.30", "B": "2.00", "C": "5.00", "D": "10.00"}
    products = {
        key: make_product(merchant=shop, price=Decimal(prices[key]), stock=500) for key, shop in shops.items()
    }
    point = ContactPointFactory(name="MARMANDE AGENCE POSTALE", address="3 RUE DES ÉCOLES")
    residents = [
        UserFactory(first_name=f"Habitant{i}", last_name=f"Nom{i}", email=f"habitant{i}@example.test")
        for i in range(RESIDENTS)
    ]
    orders = []
    for i, resident in enumerate(residents):
        mode = "home-delivery" if i < 12 else ("contact-point" if i < 22 else "click-and-collect")
        keys = ["A"]
        if mode != "click-and-collect":
            keys += ["B"] * (i % 2 == 0) + ["C"] * (i % 3 == 0) + ["D"] * (i == 0)
        placed = at(D, 10, 30) if i < 12 else at(D, 18, 15)
        order = make_order(
            [(products[key], 1) for key in keys],
            user=resident,
            shipping_code=mode,
            placed=placed,
            point=point if mode == "contact-point" else None,
        )
        town, postcode = (
            ("Tonneins", "47400") if i % 4 == 3 else ("Agen", "47000") if i == 5 else ("Marmande", "47200")
        )
        order.shipping_address.line4, order.shipping_address.postcode = town, postcode
        order.shipping_address.save()
        orders.append(order)
    part_b = Fulfilment.objects.get(order=orders[2], merchant=shops["B"])
    fulfilment_lines_mark_unavailable(fulfilment=part_b, lines=list(part_b.lines.all()), by=None)
    order_cancel(order=orders[4], by=None)
    world = World(territory, shops, residents, orders, {"Marmande": marmande, "Tonneins": tonneins}, point)
    _deliver_home_orders(world)
    again = make_order([(products["A"], 1)], user=residents[0], placed=at(D + timedelta(days=1), 9))
    earlier = make_order(
        [(products["A"], 1)], user=UserFactory(first_name="Ancien"), placed=at(D.replace(year=2025), 11)
    )
    world.extra.update(again=again, earlier=earlier)
    if refresh:
        rollups_refresh(territory_id=territory.pk, full=True)
    return world


def _deliver_home_orders(world: World) -> None:
    vehicle = Vehicle.objects.create(
        territory=world.territory,
        name="Vélo",
        kind=VehicleKind.CARGO_BIKE,
        capacity_parcels=40,
        capacity_litres=400,
    )
    courier = Courier.objects.create(
        territory=world.territory, user=UserFactory(first_name="Karim"), vehicle=vehicle
    )
    tour = Round.objects.create(
        territory=world.territory,
        day=D,
        courier=courier,
        vehicle=vehicle,
        status=Round.Status.DONE,
        planned_start=at(D, 13),
        planned_end=at(D, 17),
        planned_km=12.5,
    )
    sequence = 0
    for i, order in enumerate(world.orders[:12]):
        if i == 4:
            continue
        parts = list(Fulfilment.objects.filter(order=order).exclude(status=Fulfilment.Status.CANCELLED))
        hand_to_the_round(*parts)
        for part in parts:
            sequence += 1
            planned = at(D, 14) + timedelta(minutes=5 * sequence)
            status = Stop.Status.FAILED if i == 3 else Stop.Status.DONE
            done = planned + (timedelta(minutes=45) if i == 1 else timedelta(minutes=10))
            Stop.objects.create(
                round=tour,
                sequence=sequence,
                kind=Stop.Kind.HOME,
                fulfilment=part,
                planned_arrival=planned,
                planned_service_start=planned,
                status=status,
                done_at=done,
                failure_reason="absent" if i == 3 else "",
            )
        if i != 3:
            fulfilments_mark_delivered_for_order(order=order, by=None)
    Payout.objects.update(status=Payout.Status.SENT, sent_at=at(D + timedelta(days=2), 9))
    world.round = tour
