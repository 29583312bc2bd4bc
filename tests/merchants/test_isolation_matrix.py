"""Every page of the merchant space and of the dashboard, for every role (issue 5, item 5).

Expected statuses: anonymous visitors are sent to log in (302); people without the role get 403; a merchant gets
200 on their own pages and objects and 404 on another merchant's objects (they do not exist for them)."""

import pytest
from django.test import Client
from django.urls import reverse

from merchants.models import Fulfilment
from tests.merchants.conftest import ROLES

pytestmark = pytest.mark.django_db


PAGES = [
    # (name, url builder, kind): kind "space" = merchant space page, "object_a" = one of merchant A's objects.
    ("fulfilment list", lambda w: reverse("merchant-space:fulfilment-list"), "space"),
    ("sales", lambda w: reverse("merchant-space:sales"), "space"),
    ("payouts", lambda w: reverse("merchant-space:payouts"), "space"),
    ("payouts export", lambda w: reverse("merchant-space:payouts-export"), "space"),
    ("catalogue import", lambda w: reverse("merchant-space:catalogue-import"), "space"),
    ("catalogue export", lambda w: reverse("merchant-space:catalogue-export"), "space"),
    ("notifications", lambda w: reverse("merchant-space:notifications"), "space"),
    ("storefront", lambda w: reverse("merchant-space:storefront"), "space"),
    # Without a Stripe account yet, the onboarding link sends a merchant back to their payouts page.
    ("payouts onboarding", lambda w: reverse("merchant-space:payouts-onboarding"), "space_redirect"),
    (
        "fulfilment of A",
        lambda w: reverse("merchant-space:fulfilment-detail", kwargs={"pk": w["fulfilment_a"].pk}),
        "object_a",
    ),
    (
        "label of A",
        lambda w: reverse("merchant-space:fulfilment-label", kwargs={"pk": w["fulfilment_a"].pk}),
        "object_a",
    ),
    (
        "import of A",
        lambda w: reverse("merchant-space:catalogue-import-detail", kwargs={"pk": w["import_a"].pk}),
        "object_a",
    ),
    (
        "import progress of A",
        lambda w: reverse("merchant-space:catalogue-import-progress", kwargs={"pk": w["import_a"].pk}),
        "object_a",
    ),
]

EXPECTED = {
    "space_redirect": {
        "anonymous": 302,
        "resident": 403,
        "merchant_a": 302,
        "merchant_b": 302,
        "courier": 403,
        "counter_agent": 403,
        "municipality": 403,
    },
    "space": {
        "anonymous": 302,
        "resident": 403,
        "merchant_a": 200,
        "merchant_b": 200,
        "courier": 403,
        "counter_agent": 403,
        "municipality": 403,
    },
    "object_a": {
        "anonymous": 302,
        "resident": 403,
        "merchant_a": 200,
        "merchant_b": 404,
        "courier": 403,
        "counter_agent": 403,
        "municipality": 403,
    },
}


def as_role(world, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


@pytest.mark.parametrize(("page", "url", "kind"), PAGES, ids=[page[0] for page in PAGES])
def test_merchant_space_pages(world, page, url, kind):
    statuses = {role: as_role(world, role).get(url(world)).status_code for role in ROLES}
    assert statuses == EXPECTED[kind]


POSTS = [
    (
        "accept A",
        lambda w: reverse("merchant-space:fulfilment-accepter", kwargs={"pk": w["fulfilment_a"].pk}),
    ),
    (
        "ready A",
        lambda w: reverse("merchant-space:fulfilment-prete", kwargs={"pk": w["fulfilment_a"].pk}),
    ),
    (
        "hand over A",
        lambda w: reverse("merchant-space:fulfilment-remise", kwargs={"pk": w["fulfilment_a"].pk}),
    ),
    (
        "line of A unavailable",
        lambda w: reverse(
            "merchant-space:line-unavailable",
            kwargs={"pk": w["fulfilment_a"].pk, "line_pk": w["fulfilment_a"].lines.get().pk},
        ),
    ),
]


@pytest.mark.parametrize(("action", "url"), POSTS, ids=[post[0] for post in POSTS])
def test_nobody_but_merchant_a_acts_on_a_fulfilment(world, action, url):
    before = Fulfilment.objects.get(pk=world["fulfilment_a"].pk).status
    for role in ROLES:
        if role == "merchant_a":
            continue
        assert as_role(world, role).post(url(world)).status_code == EXPECTED["object_a"][role], role
    assert Fulfilment.objects.get(pk=world["fulfilment_a"].pk).status == before
    assert not world["fulfilment_a"].order.refunds.exists()


SPACE_POSTS = [
    ("catalogue import", lambda w: reverse("merchant-space:catalogue-import")),
    ("notifications", lambda w: reverse("merchant-space:notifications")),
    ("storefront", lambda w: reverse("merchant-space:storefront")),
    ("payouts onboarding", lambda w: reverse("merchant-space:payouts-onboarding")),
]


@pytest.mark.parametrize(("action", "url"), SPACE_POSTS, ids=[post[0] for post in SPACE_POSTS])
def test_nobody_but_a_merchant_posts_in_the_merchant_space(world, action, url):
    from merchants.models import CatalogueImport, Merchant, PayoutAccount

    before = (CatalogueImport.objects.count(), PayoutAccount.objects.count())
    settings_before = list(
        Merchant.objects.values_list("notify_each_order", "daily_digest", "description", "phone")
    )
    for role in ROLES:
        if role.startswith("merchant_"):
            continue
        posted = {"daily_digest": "on", "description": "Piratée", "phone": "0102030405"}
        status = as_role(world, role).post(url(world), posted).status_code
        assert status == EXPECTED["space"][role], (role, status)
    assert (CatalogueImport.objects.count(), PayoutAccount.objects.count()) == before
    assert (
        list(Merchant.objects.values_list("notify_each_order", "daily_digest", "description", "phone"))
        == settings_before
    )


def test_the_matrix_covers_every_url_of_the_merchant_space(world):
    from django.urls import get_resolver, resolve

    _prefix, resolver = get_resolver().namespace_dict["merchant-space"]
    every = {pattern.name for pattern in resolver.url_patterns if pattern.name}
    covered = {
        resolve(url(world)).url_name
        for url in [page[1] for page in PAGES]
        + [post[1] for post in POSTS]
        + [post[1] for post in SPACE_POSTS]
    }
    assert every - covered == set()


DASHBOARD = [
    ("dashboard:order-list", {}),
    ("dashboard:order-stats", {}),
    ("shop-dashboard:territory", {}),
    ("pickup-dashboard:point-list", {}),
    ("merchant-review:list", {}),
    ("pickup:retention-policies", {}),
]
DASHBOARD_EXPECTED = {
    "anonymous": 302,
    "resident": 403,
    "merchant_a": 403,
    "merchant_b": 403,
    "courier": 403,
    "counter_agent": 403,
}


@pytest.mark.parametrize(("url_name", "kwargs"), DASHBOARD, ids=[item[0] for item in DASHBOARD])
def test_municipality_and_staff_pages(world, url_name, kwargs):
    from django.contrib.auth.models import Permission

    municipality = world["users"]["municipality"]
    municipality.user_permissions.add(
        Permission.objects.get(codename="view_order", content_type__app_label="order")
    )
    for role in ROLES:
        status = as_role(world, role).get(reverse(url_name, kwargs=kwargs)).status_code
        if role == "municipality":
            assert status == 200, (role, status)
        elif role == "anonymous":
            assert status in (302, 403), (role, status)
        else:
            assert status == DASHBOARD_EXPECTED[role], (role, url_name, status)


@pytest.mark.parametrize("merchant", ["merchant_a", "merchant_b"])
def test_oscars_product_pages_show_a_merchant_only_their_products(world, merchant):
    client = as_role(world, merchant)
    own = world["product_a"] if merchant == "merchant_a" else world["product_b"]
    other = world["product_b"] if merchant == "merchant_a" else world["product_a"]
    listing = client.get(reverse("dashboard:catalogue-product-list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert own.title in html and other.title not in html
    assert client.get(reverse("dashboard:catalogue-product", kwargs={"pk": own.pk})).status_code == 200
    assert client.get(reverse("dashboard:catalogue-product", kwargs={"pk": other.pk})).status_code in (
        403,
        404,
    )


@pytest.fixture
def dispatch_world(world):
    """A vehicle, its courier and today's round, for the dispatcher's pages."""
    from django.utils import timezone

    from delivery.models import Courier, Round, Vehicle

    vehicle = Vehicle.objects.create(name="Vélo", kind="cargo_bike", capacity_parcels=20, capacity_litres=300)
    courier = Courier.objects.create(user=world["users"]["courier"], vehicle=vehicle)
    now = timezone.now()
    tour = Round.objects.create(
        day=timezone.localdate(), courier=courier, vehicle=vehicle, planned_start=now, planned_end=now
    )
    return {**world, "vehicle": vehicle, "courier_record": courier, "round": tour}


DISPATCH_GETS = [
    ("dispatch day", lambda w: reverse("dispatch:day")),
    ("dispatch fleet", lambda w: reverse("dispatch:fleet")),
    ("dispatch courier", lambda w: reverse("dispatch:courier", kwargs={"pk": w["courier_record"].pk})),
    ("dispatch vehicle", lambda w: reverse("dispatch:vehicle", kwargs={"pk": w["vehicle"].pk})),
]
DISPATCH_POSTS = [
    ("dispatch replan", lambda w: reverse("dispatch:replan")),
    ("dispatch move", lambda w: reverse("dispatch:move")),
    ("dispatch lock", lambda w: reverse("dispatch:lock", kwargs={"pk": w["round"].pk})),
    ("dispatch unlock", lambda w: reverse("dispatch:unlock", kwargs={"pk": w["round"].pk})),
]
# Only the municipality reaches the dispatcher; the courier of the round is no dispatcher either.
DISPATCH_EXPECTED = {**DASHBOARD_EXPECTED, "anonymous": 302, "municipality": 200}


@pytest.mark.parametrize(("page", "url"), DISPATCH_GETS, ids=[item[0] for item in DISPATCH_GETS])
def test_only_the_municipality_opens_the_dispatch_pages(dispatch_world, page, url):
    statuses = {role: as_role(dispatch_world, role).get(url(dispatch_world)).status_code for role in ROLES}
    assert statuses == DISPATCH_EXPECTED


@pytest.mark.parametrize(("action", "url"), DISPATCH_POSTS, ids=[item[0] for item in DISPATCH_POSTS])
def test_only_the_municipality_acts_on_the_rounds(dispatch_world, action, url):
    from delivery.models import Round

    for role in ROLES:
        status = as_role(dispatch_world, role).post(url(dispatch_world), {"day": "x"}).status_code
        if role == "municipality":
            assert status in (302, 400), (role, status)  # done, or refused with a message
        else:
            assert status == DISPATCH_EXPECTED[role], (role, status)
        if role != "municipality":
            assert not Round.objects.get(pk=dispatch_world["round"].pk).locked


def test_the_matrix_covers_every_url_of_the_dispatcher(dispatch_world):
    from django.urls import get_resolver, resolve

    _prefix, resolver = get_resolver().namespace_dict["dispatch"]
    every = {pattern.name for pattern in resolver.url_patterns if pattern.name}
    covered = {resolve(url(dispatch_world)).url_name for _name, url in DISPATCH_GETS + DISPATCH_POSTS}
    assert every - covered == set()


@pytest.fixture
def courier_world(dispatch_world):
    """Beside the round's courier, a second courier of the same territory with no round: a courier, not this one's."""
    from delivery.models import Courier
    from tests.factories import UserFactory

    other = UserFactory(email="autre.livreur@example.org")
    Courier.objects.create(user=other, vehicle=dispatch_world["vehicle"])
    return {**dispatch_world, "users": {**dispatch_world["users"], "other_courier": other}}


COURIER_PAGES = [
    ("round list", lambda w: reverse("delivery:round-list"), "list"),
    ("round detail", lambda w: reverse("delivery:round-detail", kwargs={"pk": w["round"].pk}), "own"),
    ("round sheet", lambda w: reverse("delivery:round-sheet", kwargs={"pk": w["round"].pk}), "own"),
    ("api rounds", lambda w: reverse("courier-api:rounds"), "api_list"),
    ("api round", lambda w: reverse("courier-api:round", kwargs={"pk": w["round"].pk}), "api_own"),
]
COURIER_ROLES = [*ROLES, "other_courier"]
# Pages: the login page for an anonymous visitor, 403 for whoever is no courier, 404 for another courier's round.
# The JSON API answers 403 to anyone who is not a courier (signed in or not) and 404 for another courier's round.
NOT_COURIER = {role: 403 for role in ROLES if role not in ("anonymous", "courier")}
COURIER_EXPECTED = {
    "list": {**NOT_COURIER, "anonymous": 302, "courier": 200, "other_courier": 200},
    "own": {**NOT_COURIER, "anonymous": 302, "courier": 200, "other_courier": 404},
    "api_list": {**NOT_COURIER, "anonymous": 403, "courier": 200, "other_courier": 200},
    "api_own": {**NOT_COURIER, "anonymous": 403, "courier": 200, "other_courier": 404},
}


@pytest.mark.parametrize(("page", "url", "kind"), COURIER_PAGES, ids=[item[0] for item in COURIER_PAGES])
def test_only_the_rounds_courier_opens_its_pages_and_api(courier_world, page, url, kind):
    statuses = {
        role: as_role(courier_world, role).get(url(courier_world)).status_code for role in COURIER_ROLES
    }
    assert statuses == COURIER_EXPECTED[kind]


def test_only_the_rounds_courier_acts_on_it_by_page_or_api(courier_world):
    import uuid

    from delivery.models import CourierAction, Round

    tour = courier_world["round"]
    page = reverse("delivery:round-detail", kwargs={"pk": tour.pk})
    api = reverse("courier-api:round-actions", kwargs={"pk": tour.pk})
    for role in COURIER_ROLES:
        client = as_role(courier_world, role)
        by_page = client.post(page, {"action_id": str(uuid.uuid4()), "kind": "start"}).status_code
        by_api = client.post(
            api, {"action_id": str(uuid.uuid4()), "kind": "finish"}, content_type="application/json"
        ).status_code
        if role == "courier":
            assert by_page in (200, 302) and by_api in (200, 201), (by_page, by_api)
            continue
        expected_page = {"anonymous": 302, "other_courier": 404}.get(role, 403)
        expected_api = {"other_courier": 404}.get(role, 403)
        assert (by_page, by_api) == (expected_page, expected_api), role
    # Nothing was recorded but the round's own courier's start (by the page) and finish (by the API).
    courier = courier_world["users"]["courier"].pk
    assert sorted(CourierAction.objects.values_list("by", "kind")) == [
        (courier, "finish"),
        (courier, "start"),
    ]
    assert Round.objects.get(pk=tour.pk).status == Round.Status.DONE


def test_the_matrix_covers_every_url_of_the_courier(courier_world):
    from django.urls import get_resolver, resolve

    names = set()
    for namespace in ("delivery", "courier-api"):
        _prefix, resolver = get_resolver().namespace_dict[namespace]
        names |= {(namespace, pattern.name) for pattern in resolver.url_patterns if pattern.name}
    covered = {
        (match.namespace, match.url_name)
        for match in (resolve(url(courier_world)) for _name, url, _kind in COURIER_PAGES)
    }
    covered.add(("courier-api", "round-actions"))  # posted to in the test above
    assert names - covered == set()
