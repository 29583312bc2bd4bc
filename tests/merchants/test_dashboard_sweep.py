"""Every page under /dashboard/ outside the merchant space (Oscar's dashboard, with or without parameters, and
the municipality's own pages), for each role other than the municipality: only the pages Oscar opens to partners
(their own products and the dashboard's front page) answer a merchant; nobody else gets any. Parameters point at
real objects of the world: merchant A's product, category, partner and user, the order they share, merchant B's
user."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.merchants.conftest import ROLES

pytestmark = pytest.mark.django_db

# The merchant space has its own matrix (test_isolation_matrix.py), the merchant's observatory page its own
# (tests/observatory/test_pages.py); Oscar's login page is public.
SWEPT_ELSEWHERE = {"merchant-space", "merchant-observatory"}
PUBLIC = {"dashboard:login"}
# Oscar's choice for users with partner.dashboard_access: the front page, their own products (creating one starts
# by choosing its type) and the product-title lookup, which shows only what the public catalogue shows anyway.
OPEN_TO_MERCHANTS = {
    "dashboard:index",
    "dashboard:catalogue-product-list",
    "dashboard:catalogue-product-create",
    "dashboard:catalogue-product-lookup",
}
# Pages about one product: open to the merchant whose product it is, never to another (Oscar keeps creating
# variants to staff).
OWN_PRODUCT_PAGES = {"dashboard:catalogue-product", "dashboard:catalogue-product-delete"}


def dashboard_routes() -> list[tuple[str, list[str]]]:
    """(qualified url name, its parameters) for every named page under /dashboard/."""

    def walk(resolver, prefix="", namespaces=()):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
                yield from walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield prefix + str(pattern.pattern), namespaces, pattern

    routes = {}
    for route, namespaces, pattern in walk(get_resolver()):
        route = route.lstrip("^")
        if not route.startswith("dashboard/") or (namespaces and namespaces[0] in SWEPT_ELSEWHERE):
            continue
        name = ":".join((*namespaces, pattern.name))
        if name in PUBLIC:
            continue
        parameters = set(pattern.pattern.regex.groupindex) | set(re.findall(r"<(?:\w+:)?(\w+)>", route))
        routes[name] = sorted(parameters)
    return sorted(routes.items())


def parameters_for(world, name: str, parameters: list[str]) -> dict:
    product = world["product_a"]
    order = world["fulfilment_a"].order
    partner = world["fulfilment_a"].merchant.partner
    category = product.categories.first()
    app = name.split(":", 1)[1]
    if app.startswith("user-") and not app.startswith("user-alert"):
        pk = world["users"]["merchant_b"].pk
    elif app.startswith("catalogue-category"):
        pk = category.pk if category else 1
    elif app.startswith("catalogue-class"):
        pk = product.product_class_id
    elif app.startswith("partner-"):
        pk = partner.pk
    elif app.startswith("catalogue-product"):
        pk = product.pk
    else:
        pk = 1
    values = {
        "pk": pk,
        "number": order.number,
        "line_id": order.lines.first().pk,
        "note_id": 1,
        "product_class_slug": product.product_class.slug,
        "parent_pk": product.pk,
        "parent": category.pk if category else 1,
        "partner_pk": partner.pk,
        "user_pk": world["users"]["merchant_a"].pk,
        "method_pk": 1,
        "exception_pk": 1,
        "slug": "ORDER_PLACED",
        "code": "sales",
    }
    missing = set(parameters) - set(values)
    assert not missing, f"{name}: no value for {missing}: add one to parameters_for"
    return {parameter: values[parameter] for parameter in parameters}


def expected_open(name: str, role: str) -> bool:
    if role == "merchant_a":
        return name in OPEN_TO_MERCHANTS or name in OWN_PRODUCT_PAGES
    if role == "merchant_b":
        return name in OPEN_TO_MERCHANTS
    return False


def test_the_sweep_reaches_every_kind_of_dashboard_page():
    names = {name for name, _parameters in dashboard_routes()}
    for expected in (
        "dashboard:order-detail",
        "dashboard:catalogue-product",
        "dashboard:user-detail",
        "dashboard:partner-manage",
        "dashboard:offer-detail",
        "merchant-review:detail",
        "pickup-dashboard:point-hours",
        "shop-dashboard:territory",
    ):
        assert expected in names
    assert not any(name.startswith("merchant-space:") for name in names)


def test_no_dashboard_page_opens_to_a_role_it_should_not(world):
    clients = {}
    for role in ROLES:
        if role == "municipality":
            continue
        clients[role] = Client()
        if role != "anonymous":
            clients[role].force_login(world["users"][role])
    report = {}
    for name, parameters in dashboard_routes():
        url = reverse(name, kwargs=parameters_for(world, name, parameters))
        for role, client in clients.items():
            status = client.get(url).status_code
            ok = status in (200, 302) if expected_open(name, role) else status in (302, 403, 404, 405)
            if not ok:
                report[(name, role)] = status
    assert report == {}, "; ".join(
        f"{name} {role} {status}" for (name, role), status in sorted(report.items())
    )
