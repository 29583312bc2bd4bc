"""The isolation matrix: every URL of the project × every role of territory A × territory B's objects.

Two territories are built with a shop, a product, a resident's order with its parcel at a contact point, a payout,
a counter agent and a town hall user each. Every URL pattern is filled with B's objects (each of B's ids for an
``int`` parameter the view's model does not name, B's order number, B's slugs), and requested on A's domain as each
of A's roles and as a visitor. A leak is a page that answers 200 and shows something only B has: its shop's name, its
product, its resident, its order number, its contact point's agent."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver

from core import roles
from merchants.models import Merchant, Payout
from territory.models import Commune, CommunePostcode, Membership
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, make_merchant_user, make_product
from tests.merchants.factories import make_order
from tests.pickup.factories import ContactPointFactory, make_counter_agent, make_parcel

SKIPPED_PREFIXES = ("static/", "media/", "^media/", "__debug__/")
# GET requests that change state or need a one-time key are left to their own tests.
SKIPPED_ROUTES = ("accounts/logout/", "dashboard/logout/", "admin/logout/")


@dataclass
class Side:
    territory: object
    merchant: Merchant
    product: object
    order: object
    parcel: object
    payout: Payout
    users: dict = field(default_factory=dict)  # role → user
    markers: list[str] = field(default_factory=list)  # what only this territory's pages may show
    round: object = None  # its courier's round, collecting the order's parcel


def _member(user, territory):
    Membership.objects.update_or_create(user=user, defaults={"territory": territory})
    return user


def _in_group(user, role):
    group, _created = Group.objects.get_or_create(name=roles.GROUP_NAMES[role])
    user.groups.add(group)
    return user


def build_side(*, name: str, slug: str, domain: str, insee: str, postcode: str, tag: str) -> Side:
    territory = TerritoryFactory(name=name, slug=slug, domain=domain, with_marmande=False)
    commune = Commune.objects.create(territory=territory, insee_code=insee, name=name)
    CommunePostcode.objects.create(commune=commune, postcode=postcode)
    merchant = MerchantFactory(
        territory=territory,
        partner__name=f"Fournil {tag}",
        partner__code=f"fournil-{tag.lower()}",
        postcode=postcode,
        city=name,
    )
    product = make_product(merchant=merchant, title=f"Pruneaux {tag}", price=Decimal("6.50"))
    resident = _member(UserFactory(first_name="Habitant", last_name=f"Resident{tag}"), territory)
    order = make_order([(product, 1)], user=resident, shipping_code="contact-point")
    type(order).objects.filter(pk=order.pk).update(number=f"CMD-{tag.upper()}-7731")
    order.refresh_from_db()
    point = ContactPointFactory(name=f"BUREAU {tag.upper()}", postcode=postcode, insee_code=insee)
    parcel = make_parcel(contact_point=point, order=order)
    payout = Payout.objects.create(
        order=order,
        merchant=merchant,
        gross=Decimal("6.50"),
        commission=Decimal("0.33"),
        amount=Decimal("6.17"),
        idempotency_key=f"payout-{tag}",
    )
    users = {
        "resident": resident,
        "merchant": _member(make_merchant_user(merchant, last_name=f"Commercant{tag}"), territory),
        "courier": _member(_in_group(UserFactory(last_name=f"Livreur{tag}"), roles.COURIER), territory),
        "counter agent": _member(make_counter_agent(contact_point=point, last_name=f"Agent{tag}"), territory),
        "municipality": _member(
            _in_group(UserFactory(is_staff=True, last_name=f"Mairie{tag}"), roles.MUNICIPALITY), territory
        ),
    }
    from pickup.models import CounterAgent

    CounterAgent.objects.filter(user=users["counter agent"]).update(territory=territory)
    tour = _round(territory, users["courier"], order)
    markers = [f"Fournil {tag}", f"Pruneaux {tag}", f"Resident{tag}", order.number]
    return Side(territory, merchant, product, order, parcel, payout, users, markers, tour)


def _round(territory, user, order):
    from django.utils import timezone

    from delivery.models import Courier, Round, Stop, Vehicle

    vehicle = Vehicle.objects.create(
        territory=territory, name="Vélo", kind="cargo_bike", capacity_parcels=20, capacity_litres=300
    )
    courier = Courier.objects.create(territory=territory, user=user, vehicle=vehicle)
    now = timezone.now()
    tour = Round.objects.create(
        territory=territory,
        day=timezone.localdate(),
        courier=courier,
        vehicle=vehicle,
        planned_start=now,
        planned_end=now,
    )
    Stop.objects.create(
        round=tour,
        sequence=1,
        kind=Stop.Kind.PICKUP,
        fulfilment=order.fulfilments.get(),
        planned_arrival=now,
        planned_service_start=now,
    )
    return tour


def _routes(resolver=None, prefix="") -> list[tuple[str, object]]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(_routes(entry, route))
        elif isinstance(entry, URLPattern):
            found.append((route, entry.callback))
    return found


PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<re_name>\w+)>[^)]*\)")


def _candidates(name: str, converter: str, view_model, b: Side) -> list[str]:
    ids = {
        "order": b.order.pk,
        "product": b.product.pk,
        "merchant": b.merchant.pk,
        "partner": b.merchant.partner_id,
        "parcel": b.parcel.pk,
        "payout": b.payout.pk,
        "user": b.users["resident"].pk,
        "line": b.order.lines.get().pk,
        "fulfilment": b.order.fulfilments.get().pk,
        "stockrecord": b.product.stockrecords.get().pk,
        "commune": b.territory.communes.get().pk,
        "address": b.order.shipping_address_id,
        "round": b.round.pk,
    }
    if name in ("order_number", "number"):
        return [b.order.number]
    if name == "slug":
        return [b.merchant.slug, b.product.slug]
    if name in ("product_slug",):
        return [b.product.slug]
    for key in ids:
        if name.startswith(key):
            return [str(ids[key])]
    if view_model is not None:
        label = view_model._meta.model_name
        for key in ids:
            if label == key or label.endswith(key):
                return [str(ids[key])]
    if converter in ("int", None) or name in ("pk", "id"):
        return sorted({str(value) for value in ids.values()})
    return [b.merchant.slug, b.order.number]


def urls_against(b: Side) -> list[str]:
    """Every URL of the project, its parameters filled with B's objects."""
    urls = set()
    for route, callback in _routes():
        if route.startswith(SKIPPED_PREFIXES) or route in SKIPPED_ROUTES:
            continue
        view_class = getattr(callback, "view_class", None)
        view_model = getattr(view_class, "model", None) if view_class else None
        params = list(PARAM.finditer(route))
        options = [[]]
        for match in params:
            name = match["name"] or match["re_name"]
            values = _candidates(name, match["converter"], view_model, b)
            options = [chosen + [(match, value)] for chosen in options for value in values][:40]
        for chosen in options:
            url = route
            for match, value in chosen:
                url = url.replace(match.group(0), value, 1)
            url = url.replace("^", "").replace("$", "").replace("\\", "")
            if re.search(r"[()?*+\[\]|]", url):
                continue  # an alternative in a regex route: its other forms are covered
            urls.add("/" + url)
    return sorted(urls)


def leaks(client, *, a: Side, b: Side, urls=None, errors=None) -> list[str]:
    """The pages of A's domain that show B's objects, for each of A's roles and a visitor; the pages that
    answered 500 go into ``errors`` when given."""
    found = []
    urls = urls if urls is not None else urls_against(b)
    client.raise_request_exception = False
    for role, user in [("visitor", None), *a.users.items()]:
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            response = client.get(url, HTTP_HOST=a.territory.domain)
            if any(marker in url for marker in b.markers):
                # A message that echoes what the URL said (« commande CMD-… introuvable ») is shown by the
                # next page: shown here, it is not a leak either.
                client.get("/", HTTP_HOST=a.territory.domain)
            if response.status_code >= 500 and errors is not None:
                errors.append(f"{role} GET {url}: {response.status_code}")
            if response.status_code != 200 or response.get("Content-Type", "").startswith("image/"):
                continue
            body = response.content.decode(errors="replace")
            # What the URL itself says (an order number typed in a form) is not a leak when echoed.
            shown = [marker for marker in b.markers if marker in body and marker not in url]
            if shown:
                found.append(f"{role} GET {url}: {shown}")
    return found


def two_sides(settings) -> tuple[Side, Side]:
    """Val de Garonne on a.localhost and Villeneuve-sur-Lot on b.localhost, each with its world (build_side)."""
    settings.ALLOWED_HOSTS = ["a.localhost", "b.localhost", "testserver"]
    a = build_side(
        name="Val de Garonne",
        slug="val-de-garonne",
        domain="a.localhost",
        insee="47157",
        postcode="47200",
        tag="Garonne",
    )
    b = build_side(
        name="Villeneuve-sur-Lot",
        slug="villeneuve-sur-lot",
        domain="b.localhost",
        insee="47323",
        postcode="47300",
        tag="Villeneuve",
    )
    return a, b
