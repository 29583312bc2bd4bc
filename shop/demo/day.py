"""The demo's planned day: about fifty orders placed this morning with the demo shops open today, ready for the
round, delivered to homes across the territory's communes (addresses the shipped postcode data geocodes) and a few
to contact points; then the day is planned, so that the courier opens on today's round and the dispatcher on
today's map at first start. Seeding again the same day changes nothing.

The orders are written as the checkout writes them (lines, stock allocated, market terms frozen, one fulfilment per
shop, the contact point's record and parcel), each shop's part taken to « ready » through the merchants' own steps;
payment is left out: these are the demo's, not a resident's."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from delivery.models import Round
from merchants import services as merchant_services
from merchants.models import Fulfilment, Merchant, OpeningHours
from pickup.models import ContactPoint, OrderPickup
from pickup.services import parcel_create_for_order
from shop.rounds import rounds_plan
from territory.models import Membership, Territory
from territory.services import order_terms_freeze

Order = get_model("order", "Order")
Line = get_model("order", "Line")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")

ORDERS = 48
CONTACT_POINT_SHARE = 0.15
TOWN_SHARE = 0.6  # the rest spread over the other communes of the catchment area
HOME_FEE, POINT_FEE = Decimal("4.90"), Decimal("2.90")
DELIVERY_VAT = Decimal("1.20")
STREETS = [
    "rue de la République",
    "avenue Jean Jaurès",
    "rue Victor Hugo",
    "rue des Écoles",
    "place de la Mairie",
    "chemin des Vignes",
    "rue du Moulin",
    "allée des Tilleuls",
]
NEIGHBOURS = [
    ("Lucas", "Martin"),
    ("Emma", "Bernard"),
    ("Hugo", "Dubois"),
    ("Léa", "Moreau"),
    ("Nathan", "Laurent"),
    ("Chloé", "Garcia"),
    ("Louis", "Roux"),
    ("Manon", "Fournier"),
    ("Jules", "Girard"),
    ("Inès", "Mercier"),
]


def number_prefix(day: date) -> str:
    return f"J{day:%Y%m%d}-"


def seed_planned_day(*, territory: Territory, resident, day: date | None = None) -> tuple[int, int]:
    """Places the day's demo orders once and plans the day once; returns (orders, rounds) of the day."""
    day = day or timezone.localdate()
    prefix = number_prefix(day)
    if not Order.objects.filter(number__startswith=prefix).exists():
        with transaction.atomic():
            _orders(territory=territory, resident=resident, day=day, prefix=prefix)
    if not Round.objects.filter(day=day).exists():
        # Planned as in the morning, before the rounds leave: the demo's day is whole whatever the hour it starts.
        rounds_plan(day=day, now=timezone.make_aware(datetime.combine(day, time(0))))
    return Order.objects.filter(number__startswith=prefix).count(), Round.objects.filter(day=day).count()


def _orders(*, territory: Territory, resident, day: date, prefix: str) -> None:
    rng = random.Random(f"{territory.slug}-{day.isoformat()}")
    opening = _open_today(day)
    merchants = [
        merchant
        for merchant in Merchant.objects.filter(status=Merchant.Status.APPROVED)
        if merchant.pk in opening
    ]
    if not merchants:
        return
    communes = [
        (commune.name, postcode.postcode)
        for commune in territory.communes.prefetch_related("postcodes").order_by("insee_code")
        for postcode in commune.postcodes.all()[:1]
    ]
    centre = next((item for item in communes if item[0].casefold() == "marmande"), communes[0])
    insee_codes = list(territory.communes.values_list("insee_code", flat=True))
    points = list(ContactPoint.objects.filter(insee_code__in=insee_codes).order_by("site_id")[:6])
    residents = [resident, *_neighbours(territory)]
    france = Country.objects.get(iso_3166_1_a2="FR")
    for index in range(1, ORDERS + 1):
        merchant = rng.choice(merchants)
        user = residents[index % len(residents)]
        to_point = points and rng.random() < CONTACT_POINT_SHARE
        city, postcode = centre if rng.random() < TOWN_SHARE else rng.choice(communes)
        order = _order(
            number=f"{prefix}{index:02d}",
            territory=territory,
            user=user,
            merchant=merchant,
            items=rng.randint(1, 3),
            rng=rng,
            address={
                "first_name": user.first_name,
                "last_name": user.last_name,
                "line1": f"{rng.randint(1, 60)} {rng.choice(STREETS)}",
                "line4": city,
                "postcode": postcode,
                "country": france,
            },
            point=rng.choice(points) if to_point else None,
        )
        ready = timezone.make_aware(datetime.combine(day, opening[merchant.pk])) + timedelta(minutes=30)
        for fulfilment in order.fulfilments.all():
            merchant_services.fulfilment_accept(fulfilment=fulfilment, by=None)
            merchant_services.fulfilment_mark_ready(fulfilment=fulfilment, by=None)
        Fulfilment.objects.filter(order=order).update(
            collection_at=ready,
            merchant_notified_at=timezone.now(),
        )


def _open_today(day: date) -> dict[int, time]:
    """Each shop open on ``day`` with its first opening of the day; the round passes half an hour after."""
    first: dict[int, time] = {}
    for hours in OpeningHours.objects.filter(weekday=day.weekday()).order_by("opens_at"):
        first.setdefault(hours.merchant_id, hours.opens_at)
    return {pk: opens for pk, opens in first.items() if opens < time(17)}


def _neighbours(territory: Territory) -> list:
    """The demo's other residents: accounts without a password, only there to own the day's orders."""
    User = get_user_model()
    users = []
    for first_name, last_name in NEIGHBOURS:
        email = f"{first_name.lower()}.{last_name.lower()}@voisins.comptoir.test".replace("é", "e").replace(
            "è", "e"
        )
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                username=email.split("@")[0], email=email, first_name=first_name, last_name=last_name
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Membership.objects.update_or_create(user=user, defaults={"territory": territory})
        users.append(user)
    return users


def _order(*, number, territory, user, merchant, items, rng, address, point):
    records = list(
        merchant.partner.stockrecords.filter(num_in_stock__gt=5).select_related("product__product_class")
    )
    chosen = rng.sample(records, min(items, len(records)))
    shipping = POINT_FEE if point else HOME_FEE
    shipping_excl = (shipping / DELIVERY_VAT).quantize(Decimal("0.01"))
    rows = []
    for record in chosen:
        rate = record.product.product_class.vat_rate if record.product.product_class else Decimal("20")
        incl = record.price
        rows.append((record, incl, (incl / (1 + rate / 100)).quantize(Decimal("0.01"))))
    order = Order.objects.create(
        territory=territory,
        number=number,
        user=user,
        currency="EUR",
        total_incl_tax=sum((row[1] for row in rows), Decimal("0.00")) + shipping,
        total_excl_tax=sum((row[2] for row in rows), Decimal("0.00")) + shipping_excl,
        shipping_incl_tax=shipping,
        shipping_excl_tax=shipping_excl,
        shipping_code="contact-point" if point else "home-delivery",
        shipping_method="Retrait en point de contact" if point else "Livraison à domicile",
        shipping_address=ShippingAddress.objects.create(phone_number="+33553930000", **address),
        date_placed=timezone.now(),
    )
    for record, incl, excl in rows:
        Line.objects.create(
            order=order,
            partner=record.partner,
            partner_name=record.partner.name,
            partner_sku=record.partner_sku,
            stockrecord=record,
            product=record.product,
            title=record.product.title,
            quantity=1,
            line_price_incl_tax=incl,
            line_price_excl_tax=excl,
            line_price_before_discounts_incl_tax=incl,
            line_price_before_discounts_excl_tax=excl,
            num_allocated=1,
        )
        record.allocate(1)
    if point is not None:
        OrderPickup.objects.create(
            order=order,
            contact_point=point,
            point_name=point.name,
            point_type=point.type,
            point_address=point.address,
            point_postcode=point.postcode,
            point_city=point.city,
        )
        parcel_create_for_order(order=order, contact_point=point)
    order_terms_freeze(order=order)
    merchant_services.fulfilments_create_for_order(order=order)
    return order
