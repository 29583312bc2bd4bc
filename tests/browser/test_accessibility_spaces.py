"""The working spaces, measured like the storefront: the merchant's space, the counter, the courier's pages and the
town hall's pages, and the national operator's Oscar dashboard, have no serious or critical axe-core violation (WCAG 2.1 A/AA) and a title that says where one
is; the counter's and the courier's pages, used on a phone, do not scroll sideways at 390 px either."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.axe import axe_serious, overflowing
from tests.browser.conftest import PASSWORD, TIMEOUT_MS
from tests.factories import UserFactory
from tests.territory.isolation import build_side

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def side():
    side = build_side(
        name="Val de Garonne",
        slug="val-de-garonne",
        domain="localhost",
        insee="47157",
        postcode="47200",
        tag="Garonne",
    )
    for user in side.users.values():
        user.set_password(PASSWORD)
        user.save()
    side.users["municipality"].user_permissions.add(Permission.objects.get(codename="change_territory"))
    side.users["operator"] = UserFactory(
        email="exploitant@example.test", password=PASSWORD, is_staff=True, is_superuser=True
    )
    return side


def pages_for(role: str, side) -> list[tuple[str, str]]:
    fulfilment = side.order.fulfilments.get()
    return {
        "merchant": [
            (reverse("dashboard:index"), "Tableau de bord"),
            (reverse("merchant-space:fulfilment-list"), "Commandes"),
            (reverse("merchant-space:fulfilment-detail", kwargs={"pk": fulfilment.pk}), side.order.number),
            (reverse("merchant-space:catalogue-import"), "Import"),
            (reverse("merchant-space:payouts"), "versements"),
            (reverse("merchant-space:sales"), "ventes"),
            (reverse("merchant-space:notifications"), "Notifications"),
            (reverse("merchant-space:storefront"), "Ma vitrine"),
            (reverse("dashboard:catalogue-product-list"), "Produits"),
            (reverse("dashboard:catalogue-product", kwargs={"pk": side.product.pk}), side.product.title),
        ],
        "counter agent": [
            (reverse("pickup:parcel-list"), "Colis"),
            (reverse("pickup:parcel-detail", kwargs={"pk": side.parcel.pk}), side.order.number),
            (reverse("counter:help") + "?last_name=Resident&postcode=47200", "Aider un habitant"),
        ],
        "courier": [
            (reverse("delivery:round-list"), "tournées"),
            (reverse("delivery:round-detail", kwargs={"pk": side.round.pk}), "Tournée"),
            (reverse("counter:help"), "Aider un habitant"),
        ],
        "municipality": [
            (reverse("dashboard:index"), "Tableau de bord"),
            (reverse("shop-dashboard:territory"), "Territoire"),
            (reverse("delivery-dashboard:fees"), "livraison"),
            (reverse("delivery-dashboard:slots"), "Créneaux"),
            (reverse("pickup-dashboard:point-list"), "Points de contact"),
            (reverse("merchant-review:list"), "Candidatures"),
            (reverse("dispatch:day"), "Tournées"),
            (reverse("observatory:index"), "Observatoire"),
        ],
        # The resident's own account pages that came with assisted ordering and data rights.
        "resident": [
            (reverse("counter-account:mandates"), "mandats"),
            (reverse("my-data"), "Mes données"),
        ],
        # The national operator's Oscar dashboard sections (shop.apps.operator_dashboards) and Oscar's own pages.
        "operator": [
            (reverse("dashboard:index"), "Tableau de bord"),
            (reverse("dashboard:order-list"), "Commandes"),
            (reverse("dashboard:order-detail", kwargs={"number": side.order.number}), side.order.number),
            (reverse("dashboard:order-stats"), "Statistiques"),
            (reverse("dashboard:users-index"), "Clients"),
            (reverse("dashboard:user-detail", kwargs={"pk": side.users["resident"].pk}), "Tableau de bord"),
            (reverse("dashboard:user-alert-list"), "Alertes"),
            (reverse("dashboard:catalogue-product-list"), "Produits"),
            (reverse("dashboard:stock-alert-list"), "Alertes de stock"),
            (reverse("dashboard:catalogue-category-list"), "Catégories"),
            (reverse("dashboard:catalogue-class-list"), "Types de produits"),
            (reverse("dashboard:catalogue-option-list"), "Options"),
            (reverse("dashboard:catalogue-attribute-option-group-list"), "Groupes"),
            (reverse("dashboard:partner-list"), "Partenaires"),
            (reverse("dashboard:partner-manage", kwargs={"pk": side.merchant.partner.pk}), "Partenaires"),
            (reverse("dashboard:offer-list"), "Offres"),
            (reverse("dashboard:offer-metadata"), "offre"),
            (reverse("dashboard:voucher-list"), "Codes de réduction"),
            (reverse("dashboard:voucher-set-list"), "bons"),
            (reverse("dashboard:page-list"), "Pages"),
            (reverse("dashboard:comms-list"), "E-mails"),
            (reverse("dashboard:range-list"), "Gammes"),
            (reverse("dashboard:shipping-method-list"), "livraison"),
            (reverse("dashboard:reviews-list"), "Avis"),
            (reverse("dashboard:reports-index"), "Rapports"),
        ],
    }[role]


PHONE_ROLES = {"counter agent", "courier", "merchant", "resident"}


@pytest.mark.parametrize(
    "role", ["merchant", "counter agent", "courier", "municipality", "operator", "resident"]
)
def test_each_working_space_page_is_accessible(browser, live_server, side, role):
    sizes = [(1280, 800)] + ([(390, 844)] if role in PHONE_ROLES else [])
    problems = []
    for width, height in sizes:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}, locale="fr-FR"
        )
        context.set_default_timeout(TIMEOUT_MS)
        page: Page = context.new_page()
        try:
            page.goto(reverse("customer:login"))
            form = page.locator("#login_form")
            form.locator('input[name="login-username"]').fill(side.users[role].email)
            form.locator('input[name="login-password"]').fill(PASSWORD)
            form.locator('button[name="login_submit"]').click()
            page.wait_for_load_state("load")
            for url, title in pages_for(role, side):
                response = page.goto(url)
                where = f"{role} {width}px {url}"
                if response.status != 200:
                    problems.append(f"{where}: {response.status}")
                    continue
                if title.lower() not in page.title().lower():
                    problems.append(f"{where}: title {page.title()!r} does not say {title!r}")
                if width < 768 and role in {"counter agent", "courier", "resident"}:
                    problems.extend(f"{where}: overflows: {element}" for element in overflowing(page))
                problems.extend(f"{where}: {violation}" for violation in axe_serious(page))
        finally:
            context.close()
    assert problems == []
