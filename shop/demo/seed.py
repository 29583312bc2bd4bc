"""The demo's two territories: Val de Garonne around Marmande and the Grand Villeneuvois around
Villeneuve-sur-Lot, each with its shops, their products and one user per role, on its own host name; La Poste's
contact points for both. Every step upserts, so seeding twice changes nothing.

The shops are data, per territory (Val de Garonne's in this folder, Villeneuve-sur-Lot's in
``villeneuve-sur-lot/``): ``merchants.json`` (fictional shops; ``siret_base`` holds the first 13 digits of the SIRET,
the seed adds the Luhn check digit; ``hours`` gives each open day's ranges), and each shop's catalogue is a CSV
of ``catalogue/`` in the merchant catalogue import's format, loaded by that importer (merchants.catalogue_csv,
merchants.catalogue_import): upsert by SKU, its pictures drawn into the shop's images folder first."""

import dataclasses
import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model

from core import links, roles
from core.hours import WEEKDAY_NAMES
from core.postcodes import entries_by_insee, postcode_entries
from merchants.catalogue_csv import CatalogueRow, catalogue_rows_parse
from merchants.catalogue_images import catalogue_images_dir
from merchants.catalogue_import import catalogue_rows_write
from merchants.models import Merchant, OpeningHours, Sector
from merchants.validators import luhn_valid
from observatory.models import RefreshState
from observatory.services import rollups_refresh
from pickup.importers import contact_points_import
from pickup.models import ContactPoint, CounterAgent, PointCategory
from shop import services
from shop.demo.day import seed_planned_day
from shop.demo.fleet import seed_fleet
from shop.demo.food import demo_food
from shop.demo.history import history_seed_demo
from shop.demo.images import draw_label_image, draw_logo_image
from shop.demo.slots import seed_delivery_terms
from shop.demo.territories import (  # noqa: F401 - the names the tests and the README use
    DEMO_COUNTER_SITE_ID,
    DEMO_DIR,
    DEMO_RESIDENT_ADDRESS,
    DEMO_TERRITORIES,
    DEMO_USERS,
    DemoTerritory,
)
from territory.models import Membership, Territory
from territory.services import territory_commune_add
from territory.tenancy import territory_activate, territory_all

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")

DEMO_PASSWORD = "comptoir-demo"
HISTORY_DAYS = 365  # the first territory's past orders, ending yesterday: what its observatory shows


@dataclass
class SeedSummary:
    communes: int = 0
    merchants: int = 0
    products_created: int = 0
    products: int = 0
    contact_points: int = 0
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _siret(base: str) -> str:
    return next(base + str(key) for key in range(10) if luhn_valid(base + str(key)))


def _jitter(seed: str, metres: float = 600.0) -> tuple[float, float]:
    digest = hashlib.sha1(seed.encode()).digest()
    dx = (digest[0] / 255 - 0.5) * 2 * metres
    dy = (digest[1] / 255 - 0.5) * 2 * metres
    return dy / 111_320, dx / (111_320 * math.cos(math.radians(44.5)))


def seed_territory(demo: DemoTerritory, summary: SeedSummary) -> Territory:
    centre = next(entry for entry in entries_by_insee()[demo.centre_insee] if entry.latitude is not None)
    territory = Territory.objects.filter(slug=demo.slug).first() or Territory.objects.create(
        name=demo.name,
        slug=demo.slug,
        latitude=centre.latitude,
        longitude=centre.longitude,
        **demo.brand,
    )
    if not territory.domain and not Territory.objects.filter(domain=demo.domain).exists():
        territory.domain = demo.domain
        territory.save(update_fields=["domain", "updated_at"])
    nearby = sorted(
        {
            entry.insee_code
            for entry in postcode_entries()
            if entry.latitude is not None
            and entry.insee_code.startswith(demo.centre_insee[:2])
            and _distance_km(centre.latitude, centre.longitude, entry.latitude, entry.longitude)
            <= demo.radius_km
        }
    )
    existing = set(territory.communes.values_list("insee_code", flat=True))
    for insee in nearby:
        if insee not in existing:
            territory_commune_add(territory=territory, insee_code=insee)
    summary.communes += territory.communes.count()
    return territory


def _merchant_specs(demo: DemoTerritory, count: int | None) -> list[dict]:
    """The shops of merchants.json; past their number, copies of them under another name and SIRET (bench)."""
    merchants = json.loads((demo.data_dir / "merchants.json").read_text(encoding="utf-8"))
    for spec in merchants:
        spec["data_dir"] = str(demo.data_dir)
    if count is None or count <= len(merchants):
        return merchants[: count or len(merchants)]
    specs = list(merchants)
    for index in range(len(merchants), count):
        base = dict(merchants[index % len(merchants)])
        round_ = index // len(merchants) + 1
        base["trade_name"] = f"{base['trade_name']} ({round_})"
        base["siret_base"] = f"{int(base['siret_base']) + round_ * 7919:013d}"[-13:]
        base["copy"] = True
        specs.append(base)
    return specs


def seed_merchant(spec: dict, media_root) -> Merchant:
    slug = slugify(spec["trade_name"])[:120]
    partner, _created = Partner.objects.get_or_create(code=slug, defaults={"name": spec["trade_name"]})
    commune = next(entry for entry in entries_by_insee()[spec["insee"]] if entry.latitude is not None)
    dlat, dlon = _jitter(slug)
    photo = draw_label_image(
        path=media_root / "demo" / "merchants" / f"{slug}.jpg",
        title=spec["trade_name"],
        subtitle=commune.commune.title(),
        seed=spec["sector"],
    )
    merchant, _created = Merchant.objects.update_or_create(
        slug=slug,
        defaults={
            "partner": partner,
            "trade_name": spec["trade_name"],
            "legal_name": spec["legal_name"],
            "siret": _siret(spec["siret_base"]),
            "sector": spec["sector"],
            "address_line1": spec["street"],
            "postcode": commune.postcode,
            "city": commune.commune.title(),
            "insee_code": spec["insee"],
            "latitude": round(commune.latitude + dlat, 6),
            "longitude": round(commune.longitude + dlon, 6),
            "phone": spec.get("phone", ""),
            "description": spec.get("description", ""),
            "photo": str(photo.relative_to(media_root)),
            "logo": str(
                draw_logo_image(
                    path=media_root / "demo" / "merchants" / "logos" / f"{slug}.png",
                    name=spec["trade_name"],
                    seed=spec["sector"] + slug,
                ).relative_to(media_root)
            ),
            "status": Merchant.Status.APPROVED,
        },
    )
    merchant.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(
            merchant=merchant,
            weekday=WEEKDAY_NAMES.index(day),
            opens_at=time.fromisoformat(opens),
            closes_at=time.fromisoformat(closes),
        )
        for day, ranges in spec["hours"].items()
        for opens, closes in (text.split("-") for text in ranges)
    )
    return merchant


def _demo_sku(merchant: Merchant, index: int) -> str:
    return f"{merchant.slug[:48]}-{index:04d}"


def _demo_stock(sku: str) -> int:
    return 5 + int(hashlib.sha1(sku.encode()).hexdigest()[:2], 16) % 40


def _catalogue_rows(spec: dict, merchant: Merchant, count: int | None) -> list[CatalogueRow]:
    """The rows of the shop's catalogue CSV, the first ``count`` of them; past their number, lots of the same
    products (bench). A copy of a shop (see _merchant_specs) takes its SKUs and stock from its own name."""
    rows, rejected = catalogue_rows_parse(
        text=(Path(spec["data_dir"]) / "catalogue" / spec["catalogue"]).read_text("utf-8")
    )
    if rejected:
        raise ValueError(f"{spec['catalogue']}: lines refused by the catalogue import: {rejected}")
    if spec.get("copy"):
        rows = [
            dataclasses.replace(
                row, sku=_demo_sku(merchant, index), stock=_demo_stock(_demo_sku(merchant, index))
            )
            for index, row in enumerate(rows)
        ]
    count = count or len(rows)
    lots = []
    for index in range(len(rows), count):
        sku = _demo_sku(merchant, index)
        base = rows[index % len(rows)]
        title = f"{base.title} — lot {index // len(rows) + 1}"
        lots.append(dataclasses.replace(base, line=index + 2, sku=sku, title=title, stock=_demo_stock(sku)))
    return rows[:count] + lots


def seed_products(merchant: Merchant, spec: dict, per_merchant: int | None, summary: SeedSummary) -> None:
    """The shop's catalogue through the catalogue import's own services, its pictures drawn into the shop's
    images folder first (kept when they exist)."""
    rows = [
        dataclasses.replace(row, food=demo_food(merchant=merchant, row=row))
        for row in _catalogue_rows(spec, merchant, per_merchant)
    ]
    sector_label = str(Sector(merchant.sector).label)
    images_dir = catalogue_images_dir(merchant)
    for row in rows:
        draw_label_image(
            path=images_dir / row.image,
            title=row.title,
            subtitle=sector_label,
            seed=f"{merchant.sector}-{row.category.split(' > ')[-1]}",
        )
    written = catalogue_rows_write(merchant=merchant, rows=rows)
    summary.products_created += written.created


def seed_contact_points(summary: SeedSummary) -> None:
    """La Poste's national contact points through pickup's importer, not only the territory's 26: a resident near
    its edge may be nearest to a point outside it, and the whole file takes a few seconds."""
    source = settings.LAPOSTE_DATA_DIR / "laposte_poincont2_2020.csv"
    if not source.exists():
        return
    # Partial: seeding adds what is missing and never deactivates a point a real import has brought.
    contact_points_import(path=source, full=False)
    summary.contact_points = ContactPoint.objects.filter(is_active=True).count()


# La Poste's opening-hours data set is not shipped (README of ../shared/data): the demo's points near the
# territory get typical hours for their kind, so that "open on" and the checkout's choice have something to
# answer from. `manage.py import_opening_hours` loads the real ones.
TYPICAL_HOURS = {
    PointCategory.POST_OFFICE: {
        **{day: [("09:00", "12:00"), ("14:00", "17:30")] for day in range(5)},
        5: [("09:00", "12:00")],
    },
    PointCategory.POSTAL_AGENCY: {
        **{day: [("09:00", "12:00")] for day in range(5)},
        2: [("09:00", "12:00"), ("14:00", "17:00")],
        5: [("09:00", "11:30")],
    },
    PointCategory.RELAY: {day: [("08:30", "12:30"), ("14:30", "19:00")] for day in range(6)},
}


def seed_contact_point_hours(territory: Territory) -> None:
    from pickup.hours import contact_point_set_weekly_hours

    points = ContactPoint.objects.filter(is_active=True, weekly_openings__isnull=True).filter(
        latitude__range=(territory.latitude - 0.3, territory.latitude + 0.3),
        longitude__range=(territory.longitude - 0.4, territory.longitude + 0.4),
    )
    for point in points:
        hours = TYPICAL_HOURS.get(point.category, TYPICAL_HOURS[PointCategory.RELAY])
        contact_point_set_weekly_hours(
            point=point,
            ranges_by_weekday={
                day: [(time.fromisoformat(start), time.fromisoformat(end)) for start, end in ranges]
                for day, ranges in hours.items()
            },
        )


def seed_users(demo: DemoTerritory, territory: Territory, merchant: Merchant, summary: SeedSummary) -> None:
    from django.contrib.auth.models import Group

    User = get_user_model()
    for role, email, first_name, last_name in demo.users:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                username=email.split("@")[0],
                email=email,
                password=DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
            )
        Membership.objects.update_or_create(user=user, defaults={"territory": territory})
        if role in roles.GROUP_NAMES:
            user.groups.add(Group.objects.get(name=roles.GROUP_NAMES[role]))
        if role == roles.MUNICIPALITY and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        if role == roles.MERCHANT:
            merchant.partner.users.add(user)
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label="partner", codename="dashboard_access")
            )
        if role == roles.COUNTER_AGENT:
            counter = _demo_counter_point(demo)
            if counter is not None:
                CounterAgent.objects.update_or_create(user=user, defaults={"contact_point": counter})
        if role == roles.RESIDENT and not UserAddress.objects.filter(user=user).exists():
            UserAddress.objects.create(
                user=user,
                first_name=first_name,
                last_name=last_name,
                line1=demo.resident_address["line1"],
                line4=demo.resident_address["city"],
                postcode=demo.resident_address["postcode"],
                country=Country.objects.get(iso_3166_1_a2="FR"),
                phone_number="+33553930000",
                is_default_for_shipping=True,
            )
        summary.accounts.append((territory.domain or territory.slug, role, email, DEMO_PASSWORD))


def _demo_counter_point(demo: DemoTerritory) -> ContactPoint | None:
    """The point checkout offers the demo resident first, so that a parcel ordered by her reaches the demo's
    counter agent; Marmande's bureau de poste when none is offered."""
    from core.geocoding import geocode
    from pickup.checkout import pickup_choices

    address = demo.resident_address
    home = geocode(address=address["line1"], postcode=address["postcode"], city=address["city"])
    if home is not None:
        offered = pickup_choices(
            latitude=home.latitude, longitude=home.longitude, postcode=address["postcode"]
        ).points
        if offered:
            return offered[0].point
    return ContactPoint.objects.filter(site_id=demo.counter_site_id).first()


def _ensure_france() -> None:
    Country.objects.update_or_create(
        iso_3166_1_a2="FR",
        defaults={
            "iso_3166_1_a3": "FRA",
            "iso_3166_1_numeric": "250",
            "printable_name": "France",
            "name": "République française",
            "is_shipping_country": True,
        },
    )


def seed_demo(
    *,
    merchants: int | None = None,
    products_per_merchant: int | None = None,
    territories: int | None = None,
    history_days: int = HISTORY_DAYS,
    progress=None,
) -> SeedSummary:
    """Loads the demo's territories (the first ``territories`` of them when given; the first with ``merchants``
    shops of ``products_per_merchant`` products when given: the benchmarks) and the first one's past
    ``history_days`` days of orders; running it again adds what is missing and sets the shops' catalogues back to
    their CSV."""
    summary = SeedSummary()
    with territory_all():
        with transaction.atomic():
            services.roles_ensure()
            _ensure_france()
        seed_contact_points(summary)
        for index, demo in enumerate(DEMO_TERRITORIES[:territories]):
            first = index == 0
            _seed_one(
                demo,
                summary,
                merchants=merchants if first else None,
                products_per_merchant=products_per_merchant if first else None,
                history_days=history_days,
                say=progress or (lambda message: None),
            )
            if first:
                links.site_sync(name=demo.name)
        summary.merchants = Merchant.objects.filter(status=Merchant.Status.APPROVED).count()
        summary.products = Product.objects.count()
    _refresh_planner_statistics()
    return summary


def _seed_one(
    demo: DemoTerritory, summary: SeedSummary, *, merchants, products_per_merchant, history_days, say
) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    with transaction.atomic():
        territory = seed_territory(demo, summary)
    say(f"territoire : {territory.name} ({territory.domain}), {territory.communes.count()} communes")
    with territory_activate(territory):
        first_merchant = None
        specs = _merchant_specs(demo, merchants)
        for index, spec in enumerate(specs, start=1):
            with transaction.atomic():
                merchant = seed_merchant(spec, media_root)
                seed_products(merchant, spec, products_per_merchant, summary)
            first_merchant = first_merchant or merchant
            if index % 10 == 0 or index == len(specs):
                say(f"commerçants : {index}/{len(specs)}")
        with transaction.atomic():
            seed_contact_point_hours(territory)
            seed_users(demo, territory, first_merchant, summary)
            summary.accounts += seed_fleet(demo=demo, territory=territory, password=DEMO_PASSWORD)
            seed_delivery_terms(territory=territory)
        if demo is DEMO_TERRITORIES[0]:
            resident_email = next(email for role, email, *_names in demo.users if role == roles.RESIDENT)
            resident = get_user_model().objects.get(email=resident_email)
            orders, tours = seed_planned_day(territory=territory, resident=resident)
            say(f"journée de livraison : {orders} commandes, {tours} tournées planifiées aujourd'hui")
            if history_days:  # after the day's plan, which stays the demo day's own
                past = history_seed_demo(territory=territory, days=history_days, progress=None)
                say(
                    f"historique de {history_days} jours : {past.orders} commandes ajoutées, {past.lines} articles"
                )
            # The municipality's observatory reads rollups: computed now, so its first page is filled at once (in full
            # the first time, then only what changed: a demo started again starts fast).
            first_time = not RefreshState.objects.filter(
                territory=territory, watermark__isnull=False
            ).exists()
            refreshed = rollups_refresh(territory_id=territory.pk, full=first_time)
            say(f"observatoire : {refreshed.orders} commandes lues, {refreshed.periods} périodes calculées")


def _refresh_planner_statistics() -> None:
    """After a bulk load PostgreSQL's statistics are stale until autovacuum comes by; plans would be poor."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
