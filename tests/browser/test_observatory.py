"""The observatory in a real browser, at 1280×800 and on a 390×844 phone: the municipality user signs in, reads the
month (charts drawn, tables beside them), changes the period to the year and back through the form, downloads a
table's CSV; the report and the merchant's page too. axe-core (from npm, WCAG 2.1 AA rules) finds no serious
or critical violation on any of them, and the Content Security Policy blocks nothing."""

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import Page, expect

from territory.models import Membership
from tests.browser.axe import OVERFLOW, axe_serious
from tests.browser.conftest import PASSWORD, TIMEOUT_MS
from tests.factories import UserFactory
from tests.observatory.fact_world import build_fact_world

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def user_with_password(**kwargs):
    user = UserFactory(**kwargs)
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    form = page.locator("#login_form")
    form.locator('input[name="login-username"]').fill(email)
    form.locator('input[name="login-password"]').fill(PASSWORD)
    form.locator('button[name="login_submit"]').click()
    expect(page.locator("body")).to_contain_text("Tableau de bord")


def watch_csp(page: Page) -> list[str]:
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return blocked


def test_the_municipality_reads_the_month_changes_the_period_and_exports_a_table(
    page: Page, browser, live_server, settings
):
    settings.MAP_TILE_URL = live_server.url + "/static/no-tiles/{z}/{x}/{y}.png"  # no network: no tiles
    world = build_fact_world()
    user = user_with_password(email="helene@comptoir.test", first_name="Hélène", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_territory"))
    Membership.objects.update_or_create(user=user, defaults={"territory": world.territory})
    blocked = watch_csp(page)

    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, "helene@comptoir.test")
    page.get_by_role("link", name="Observatoire").first.click()
    expect(page.locator("h1")).to_contain_text("Observatoire du commerce local")
    page.goto("/dashboard/observatoire/?periode=mois&date=2026-11")
    assert page.title().startswith("Observatoire — novembre 2026")
    expect(page.locator("#period-labels")).to_contain_text("novembre 2025")
    expect(page.locator("#headline-revenue")).to_contain_text("383,00")
    expect(page.locator("#table-sales caption")).to_contain_text("Ventes par secteur — novembre 2026")
    expect(page.locator("#table-sales")).to_contain_text("secret")
    # The charts are drawn: Chart.js's bars, Leaflet's circles (without tiles), the hours' grid.
    assert page.evaluate("!!Chart.getChart('chart-residents')")
    expect(page.locator("#chart-sales-secret")).to_contain_text("secret statistique")
    expect(page.locator("#chart-communes path.leaflet-interactive").first).to_be_attached()
    expect(page.locator("#chart-hours .obs-heat-cell").first).to_be_visible()
    expect(page.locator("#chart-hours .obs-heat-secret").first).to_be_visible()  # a gap, not a zero
    page.screenshot(path=str(SCREENSHOTS / "observatory-1280.png"), full_page=True)
    assert axe_serious(page) == []

    page.locator("#period-kind").select_option("annee")
    page.locator("#period-form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Observatoire du commerce local : 2026")
    assert "periode=annee" in page.url
    page.locator("#period-kind").select_option("mois")
    page.locator("#period-date").fill("2026-11-10")
    page.locator("#period-form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("novembre 2026")
    page.locator("#period-before").click()
    expect(page.locator("h1")).to_contain_text("octobre 2026")
    page.locator("#period-after").click()
    expect(page.locator("h1")).to_contain_text("novembre 2026")

    with page.expect_download() as download_info:
        page.locator('.obs-export[data-code="sales"]').click()
    download = download_info.value
    assert download.suggested_filename == "observatoire-ventes-par-secteur-2026-11.csv"
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    assert lines[0][:3] == ["Secteur", "Mode de remise", "novembre 2026"]
    assert ["Total", "Total", "383,00", "", "0,00", ""] in lines
    assert [
        "Boucherie-charcuterie",
        "Livraison à domicile",
        "",
        "Secret statistique : moins de 3 commerçants",
        "0,00",
        "",
    ] in lines

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#table-sales")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "observatory-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.evaluate(OVERFLOW)
    assert axe_serious(page) == []
    # The smallest phones: the tables scroll in their boxes, their hidden cells' screen-reader texts with them.
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.evaluate(OVERFLOW)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/dashboard/observatoire/rapport/?date=2026-11")
    expect(page.locator("h1")).to_contain_text("Val de Garonne — novembre 2026")
    expect(page.locator("#report-print")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("#report-print")).to_be_hidden()
    page.screenshot(path=str(SCREENSHOTS / "observatory-report-print.png"), full_page=True)
    page.emulate_media(media="screen")
    assert axe_serious(page) == []
    assert blocked == []

    merchant = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="fr-FR"
    )
    merchant.set_default_timeout(TIMEOUT_MS)
    shop = merchant.new_page()
    merchant_blocked = watch_csp(shop)
    world.users["A"].email = "fournil@comptoir.test"
    world.users["A"].set_password(PASSWORD)
    world.users["A"].save()
    log_in(shop, "fournil@comptoir.test")
    shop.goto("/dashboard/commerce/observatoire/?periode=jour&date=2026-11-10")
    expect(shop.locator("#own-sales")).to_have_text("120,00\u00a0€")
    expect(shop.locator("#sector-sales")).to_have_text("360,00\u00a0€")
    shop.locator("#id_named").check()
    shop.locator("#consent-save").click()
    expect(shop.locator("#consent-state")).to_contain_text("la mairie voit votre boutique par son nom")
    shop.screenshot(path=str(SCREENSHOTS / "observatory-merchant-390.png"), full_page=True)
    assert shop.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), shop.evaluate(OVERFLOW)
    assert axe_serious(shop) == []
    assert merchant_blocked == []
    merchant.close()
