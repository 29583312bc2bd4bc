"""The courier completes a round on a phone, in a real browser: start, collect, a break, deliver with the
resident's code, drop at the point, and one delivery recorded while the network is cut: queued on the phone,
shown as waiting, sent once when the network is back, and done once on the server; nothing runs off a 360 px
screen; a delivery signed with a finger on the screen is stored as a PNG."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from delivery import selectors
from delivery.models import CourierAction, Round, Stop
from tests.browser.conftest import PASSWORD, log_in
from tests.browser.test_content_security_policy import watched  # noqa: F401
from tests.delivery.factories import make_courier, make_todays_round, ready
from tests.factories import MerchantFactory, TerritoryFactory, make_product
from tests.merchants.factories import make_order

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = (
    "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
    ".map(e => e.tagName + '.' + e.className).slice(0, 8)"
)


def no_overflow(page: Page) -> None:
    wide = page.evaluate(OVERFLOW)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), wide


def stop_card(page: Page, stop: Stop):
    return page.locator(f'.round-stops > li[data-stop="{stop.pk}"]')


def test_a_courier_completes_a_round_with_one_delivery_made_offline(page: Page):
    TerritoryFactory()
    courier = make_courier("Karim")
    courier.user.email = "karim@comptoir.test"
    courier.user.set_password(PASSWORD)
    courier.user.save()
    today = make_todays_round(courier=courier)
    # A second home delivery, from a third shop, at the end of the round.
    shop = MerchantFactory(trade_name="Fromagerie du Marché", address_line1="2 place du Marché")
    second = make_order([(make_product(merchant=shop), 1)])
    part = ready(second.fulfilments.get())
    last = today.drop.planned_service_start
    extra = [
        Stop.objects.create(
            round=today.tour,
            sequence=sequence,
            kind=kind,
            fulfilment=part,
            latitude=lat,
            longitude=lon,
            planned_arrival=last + timedelta(minutes=15 * (sequence - 5)),
            planned_service_start=last + timedelta(minutes=15 * (sequence - 5)),
        )
        for sequence, kind, (lat, lon) in [
            (6, Stop.Kind.PICKUP, (44.4980, 0.1660)),
            (7, Stop.Kind.HOME, (44.5060, 0.1620)),
        ]
    ]
    collect_second, home_second = extra

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "karim@comptoir.test")
    page.goto(f"/livreur/tournees/{today.tour.pk}/")
    expect(page.locator(".round-stops > li")).to_have_count(7)
    expect(page.locator("#round-map .round-marker")).to_have_count(6)  # the break has no place
    expect(page.locator("#round-map .round-marker").first).to_have_text("1")

    page.get_by_role("button", name="Démarrer la tournée").click()
    expect(page.locator(".round-status")).to_have_text("En cours")
    for stop in (today.collect_home, today.collect_point):
        stop_card(page, stop).get_by_role("button", name="Colis enlevé").click()
        expect(stop_card(page, stop).locator(".stop-status")).to_have_text("Fait")
    stop_card(page, today.pause).get_by_role("button", name="Pause faite").click()
    expect(stop_card(page, today.pause).locator(".stop-status")).to_have_text("Fait")

    home = stop_card(page, today.home)
    home.get_by_label("Code de livraison du destinataire").fill(
        selectors.delivery_code_for_order(today.home_order)
    )
    home.get_by_role("button", name="Livré (code vérifié)").click()
    expect(home.locator(".stop-status")).to_have_text("Fait")
    stop_card(page, today.drop).get_by_role("button", name="Colis déposé").click()
    expect(stop_card(page, today.drop).locator(".stop-status")).to_have_text("Fait")
    stop_card(page, collect_second).get_by_role("button", name="Colis enlevé").click()
    expect(stop_card(page, collect_second).locator(".stop-status")).to_have_text("Fait")

    # The network drops just before the last delivery.
    page.context.set_offline(True)
    card = stop_card(page, home_second)
    card.get_by_label("Code de livraison du destinataire").fill(selectors.delivery_code_for_order(second))
    card.get_by_role("button", name="Livré (code vérifié)").click()
    expect(card.locator(".stop-status")).to_have_text("En attente d'envoi")
    expect(page.locator(".round-queue")).to_contain_text("1 action en attente d'envoi.")
    expect(page.locator(".round-queue")).to_contain_text("Hors ligne")
    queued = json.loads(page.evaluate(f"localStorage.getItem('comptoir.courier.queue.{today.tour.pk}')"))
    assert [action["kind"] for action in queued] == ["deliver"]
    page.wait_for_timeout(1500)  # a retry or two while offline changes nothing
    assert Stop.objects.get(pk=home_second.pk).status == Stop.Status.PLANNED
    no_overflow(page)
    page.screenshot(path=str(SCREENSHOTS / "courier-offline-390.png"), full_page=True)

    page.context.set_offline(False)
    expect(card.locator(".stop-status")).to_have_text("Fait")
    expect(page.locator(".round-queue")).to_be_hidden()
    assert page.evaluate(f"localStorage.getItem('comptoir.courier.queue.{today.tour.pk}')") == "[]"
    assert Stop.objects.get(pk=home_second.pk).status == Stop.Status.DONE
    assert CourierAction.objects.filter(stop=home_second).count() == 1

    # The same action sent again (a lost answer) is answered from the record, not applied twice.
    replay = page.evaluate(
        """async ([url, action]) => {
            const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
            const response = await fetch(url, {method: "POST", credentials: "same-origin",
                headers: {"Content-Type": "application/json", "X-CSRFToken": token}, body: JSON.stringify(action)});
            return [response.status, await response.json()];
        }""",
        [f"/api/courier/rounds/{today.tour.pk}/actions/", queued[0]],
    )
    assert replay[0] == 200 and replay[1]["replayed"] is True
    assert CourierAction.objects.filter(stop=home_second).count() == 1

    page.get_by_role("button", name="Terminer la tournée").click()
    expect(page.locator(".round-status")).to_have_text("Terminée")
    assert Round.objects.get(pk=today.tour.pk).status == Round.Status.DONE
    assert set(today.tour.stops.values_list("status", flat=True)) == {Stop.Status.DONE}

    page.set_viewport_size({"width": 360, "height": 780})
    page.reload()
    expect(page.locator(".round-stops > li")).to_have_count(7)
    no_overflow(page)
    page.screenshot(path=str(SCREENSHOTS / "courier-offline-360.png"), full_page=True)


def test_a_delivery_signed_on_the_screen_is_stored_as_a_png(watched):  # noqa: F811
    page, violations = watched
    TerritoryFactory()
    courier = make_courier("Karim")
    courier.user.email = "karim@comptoir.test"
    courier.user.set_password(PASSWORD)
    courier.user.save()
    today = make_todays_round(courier=courier)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "karim@comptoir.test")
    page.goto(f"/livreur/tournees/{today.tour.pk}/")
    page.get_by_role("button", name="Démarrer la tournée").click()
    expect(page.locator(".round-status")).to_have_text("En cours")
    stop_card(page, today.collect_home).get_by_role("button", name="Colis enlevé").click()
    expect(stop_card(page, today.collect_home).locator(".stop-status")).to_have_text("Fait")

    card = stop_card(page, today.home)
    right = selectors.delivery_code_for_order(today.home_order)
    card.get_by_label("Code de livraison du destinataire").fill(f"{(int(right) + 1) % 10000:04d}")
    card.get_by_role("button", name="Livré (code vérifié)").click()
    expect(card.locator(".stop-message")).to_contain_text("Code erroné : il reste 4 essais")

    card.get_by_text("Sans code : nom et signature").click()
    card.get_by_label("Nom de la personne qui reçoit le colis").fill("Camille Laborde")
    card.get_by_role("button", name="Livré (signé)").click()
    expect(card.locator(".stop-message")).to_contain_text(
        "Faites signer le destinataire"
    )  # nothing drawn yet
    pad = card.locator(".signature-pad").bounding_box()
    page.mouse.move(pad["x"] + 20, pad["y"] + 40)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(pad["x"] + 20 + step * 20, pad["y"] + 40 + (step % 3) * 25)
    page.mouse.up()
    card.get_by_role("button", name="Livré (signé)").click()
    expect(card.locator(".stop-status")).to_have_text("Fait")
    action = CourierAction.objects.get(stop=today.home)
    assert action.proof == "signature" and action.recipient_name == "Camille Laborde"
    assert action.signature.read().startswith(b"\x89PNG")
    assert violations == []  # the map, the canvas and the queue's requests within the page's policy
