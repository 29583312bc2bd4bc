"""What the demo's history is made from, read once for a territory (active): its shops and their catalogues, its
communes, its contact points, its couriers, its market and fee terms. Plain values, so that generating a year of
orders costs no query per order."""

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from oscar.core.loading import get_model

from core import roles, vat
from delivery.fees import FeeRules, fee_rules
from delivery.models import CommuneSurcharge, Courier, Vehicle, VehicleKind
from delivery.planning.problem import CHILLED_SECTORS
from delivery.planning.travel import DEFAULT_SPEEDS_KMH
from delivery.shipping import HomeDelivery
from merchants.models import Merchant
from merchants.refunds import REFUND_EVENT_TYPE
from merchants.shipping import ClickAndCollect
from pickup.models import ContactPoint
from pickup.services.points import retention_by_category
from pickup.shipping import ContactPointPickup
from territory.models import Membership, Territory
from territory.selectors import MarketTerms, market_terms

StockRecord = get_model("partner", "StockRecord")
PaymentEventType = get_model("order", "PaymentEventType")

EARTH_KM = 6371.0088


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle kilometres between two (latitude, longitude)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Item:
    stockrecord_id: int
    product_id: int
    title: str
    sku: str
    upc: str | None
    price: Decimal
    price_excl: Decimal
    chilled: bool


@dataclass
class Shop:
    id: int
    partner_id: int
    name: str
    sector: str
    place: tuple[float, float]
    hours: tuple[tuple[int, time, time], ...]
    open_days: frozenset[int]
    popularity: float
    items: list[Item]
    item_weights: list[float]

    @property
    def chilled(self) -> bool:
        return self.sector in CHILLED_SECTORS


@dataclass(frozen=True)
class Point:
    id: int
    name: str
    type: str
    address: str
    postcode: str
    city: str
    place: tuple[float, float]
    retention_days: int


@dataclass(frozen=True)
class CommunePlace:
    insee: str
    name: str
    postcode: str
    place: tuple[float, float]
    weight: float


@dataclass(frozen=True)
class Seat:
    """A courier's day: who, in what, how many parcels at once, from where, how fast."""

    courier_id: int
    vehicle_id: int
    kind: str
    capacity: int
    refrigerated: bool
    base: tuple[float, float]
    speed_kmh: float


@dataclass
class World:
    territory: Territory
    terms: MarketTerms
    fees: FeeRules
    surcharges: dict[str, Decimal]
    shops: list[Shop]
    points: list[Point]
    communes: list[CommunePlace]
    seats: list[Seat]
    refund_type_id: int
    site_id: int | None
    method_names: dict[str, str] = field(default_factory=dict)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.territory.latitude, self.territory.longitude)


def world_load(*, territory: Territory) -> World:
    """The territory's shops, points, communes, couriers and terms; call it with the territory active."""
    shops = _shops(territory)
    points = _points(territory)
    return World(
        territory=territory,
        terms=market_terms(),
        fees=fee_rules(),
        surcharges=dict(CommuneSurcharge.objects.values_list("commune__insee_code", "amount")),
        shops=shops,
        points=points,
        communes=_communes(territory, shops, points),
        seats=seats_load(territory=territory),
        refund_type_id=PaymentEventType.objects.get_or_create(name=REFUND_EVENT_TYPE)[0].pk,
        site_id=settings.SITE_ID if Site.objects.filter(pk=settings.SITE_ID).exists() else None,
        method_names={
            "home-delivery": str(HomeDelivery.name),
            "contact-point": str(ContactPointPickup.name),
            "click-and-collect": str(ClickAndCollect.name),
        },
    )


def _shops(territory: Territory) -> list[Shop]:
    merchants = list(
        Merchant.objects.filter(status=Merchant.Status.APPROVED, latitude__isnull=False)
        .prefetch_related("opening_hours")
        .order_by("pk")
    )
    items: dict[int, list[Item]] = {}
    records = StockRecord.objects.filter(
        partner_id__in=[merchant.partner_id for merchant in merchants], price__gt=0
    ).values_list(
        "pk",
        "partner_id",
        "product_id",
        "partner_sku",
        "price",
        "product__title",
        "product__upc",
        "product__product_class__vat_rate",
        "product__product_class__chilled",
    )
    for pk, partner_id, product_id, sku, price, title, upc, rate, chilled in records.order_by("pk"):
        excl, _tax = vat.split_inclusive_price(price, rate if rate is not None else vat.STANDARD)
        items.setdefault(partner_id, []).append(
            Item(pk, product_id, title, sku, upc, price, excl, bool(chilled))
        )
    shops = []
    for merchant in merchants:
        stock = items.get(merchant.partner_id)
        if not stock:
            continue
        hours = tuple(
            (hours.weekday, hours.opens_at, hours.closes_at) for hours in merchant.opening_hours.all()
        )
        # Each shop has its best sellers: a few products make most of its sales.
        rng = random.Random(f"shop-{merchant.slug}")
        ranks = list(range(len(stock)))
        rng.shuffle(ranks)
        shops.append(
            Shop(
                id=merchant.pk,
                partner_id=merchant.partner_id,
                name=merchant.partner.name,
                sector=merchant.sector,
                place=(merchant.latitude, merchant.longitude),
                hours=hours,
                open_days=frozenset(day for day, _opens, _closes in hours) or frozenset(range(6)),
                popularity=rng.lognormvariate(0, 0.5),
                items=stock,
                item_weights=[1 / (1 + rank) ** 0.8 for rank in ranks],
            )
        )
    return shops


def _points(territory: Territory) -> list[Point]:
    retention = retention_by_category()
    insee_codes = list(territory.communes.values_list("insee_code", flat=True))
    points = ContactPoint.objects.filter(is_active=True, insee_code__in=insee_codes).order_by("site_id")
    return [
        Point(
            id=point.pk,
            name=point.name,
            type=point.type,
            address=", ".join(
                part for part in [point.address, point.address_complement, point.locality] if part
            ),
            postcode=point.postcode,
            city=point.city,
            place=(point.latitude, point.longitude),
            retention_days=retention[point.category].days,
        )
        for point in points
    ]


def _communes(territory: Territory, shops: list[Shop], points: list[Point]) -> list[CommunePlace]:
    """The communes where residents live, weighted as towns are: the centre most, then where there are shops and
    post offices (no population figures are shipped; these stand for them)."""
    merchants_in = Counter(
        Merchant.objects.filter(pk__in=[shop.id for shop in shops]).values_list("insee_code", flat=True)
    )
    points_in = Counter(
        ContactPoint.objects.filter(pk__in=[point.id for point in points]).values_list(
            "insee_code", flat=True
        )
    )
    communes = []
    for commune in territory.communes.prefetch_related("postcodes").order_by("insee_code"):
        postcode = next(iter(commune.postcodes.all()), None)
        if postcode is None or commune.latitude is None:
            continue
        weight = 1 + 3 * points_in[commune.insee_code] + 2 * min(merchants_in[commune.insee_code], 10)
        communes.append(
            CommunePlace(
                commune.insee_code,
                commune.name,
                postcode.postcode,
                (commune.latitude, commune.longitude),
                weight,
            )
        )
    if communes and territory.latitude is not None:
        centre = min(
            communes, key=lambda item: km_between(item.place, (territory.latitude, territory.longitude))
        )
        others = sum(item.weight for item in communes if item is not centre)
        # The centre is the town: some 45 % of the residents.
        communes = [
            CommunePlace(
                item.insee,
                item.name,
                item.postcode,
                item.place,
                others * 0.8 if item is centre else item.weight,
            )
            for item in communes
        ]
    return communes


def seats_load(*, territory: Territory) -> list[Seat]:
    base = (territory.latitude, territory.longitude)
    couriers = (
        Courier.objects.filter(active=True, vehicle__active=True).select_related("vehicle").order_by("pk")
    )
    return [
        Seat(
            courier_id=courier.pk,
            vehicle_id=courier.vehicle_id,
            kind=courier.vehicle.kind,
            capacity=max(1, courier.vehicle.capacity_parcels),
            refrigerated=courier.vehicle.refrigerated,
            base=(courier.base_latitude, courier.base_longitude)
            if courier.base_latitude is not None
            else base,
            speed_kmh=DEFAULT_SPEEDS_KMH.get(courier.vehicle.kind, DEFAULT_SPEEDS_KMH["car"]),
        )
        for courier in couriers
    ]


# The extra couriers a territory busier than the demo's needs: (vehicle kind, parcels, litres, refrigerated).
REINFORCEMENTS = [
    (VehicleKind.CARGO_BIKE, 30, 400, False),
    (VehicleKind.ELECTRIC_VAN, 80, 3000, True),
    (VehicleKind.CAR, 40, 1500, False),
    (VehicleKind.CARGO_BIKE, 30, 400, False),
]
COURIER_NAMES = [
    ("Yanis", "Lalanne"),
    ("Océane", "Barrère"),
    ("Mathis", "Dupouy"),
    ("Jade", "Lacoste"),
    ("Rayan", "Soubiran"),
    ("Zoé", "Cazenave"),
    ("Enzo", "Darroux"),
    ("Lina", "Pujol"),
]


def fleet_ensure(*, territory: Territory, couriers: int) -> int:
    """Gives the territory (active) at least ``couriers`` couriers on duty, each with a vehicle of their own;
    returns how many were added. Idempotent: the reinforcements are found again by their e-mail."""
    from django.contrib.auth.models import Group

    User = get_user_model()
    missing = couriers - Courier.objects.filter(active=True, vehicle__active=True).count()
    group = Group.objects.filter(name=roles.GROUP_NAMES[roles.COURIER]).first()
    added, index = 0, 0
    while added < missing:
        index += 1
        email = f"renfort{index}@livreurs.{territory.slug}.comptoir.test"
        user = User.objects.filter(email=email).first()
        if user is not None and Courier.objects.filter(user=user).exists():
            continue
        kind, parcels, litres, cold = REINFORCEMENTS[index % len(REINFORCEMENTS)]
        first_name, last_name = COURIER_NAMES[index % len(COURIER_NAMES)]
        if user is None:
            user = User.objects.create_user(
                username=f"renfort-{territory.pk}-{index}",
                email=email,
                first_name=first_name,
                last_name=last_name,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Membership.objects.update_or_create(user=user, defaults={"territory": territory})
        if group is not None:
            user.groups.add(group)
        vehicle = Vehicle.objects.create(
            name=f"{VehicleKind(kind).label} {index + 3}",
            kind=kind,
            capacity_parcels=parcels,
            capacity_litres=litres,
            refrigerated=cold,
        )
        Courier.objects.create(user=user, vehicle=vehicle)
        added += 1
    return added
