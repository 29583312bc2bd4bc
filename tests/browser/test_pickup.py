"""Collecting at a contact point, in a real browser: the resident chooses the point at checkout, the counter
agent records the parcel's arrival and hands it over on the resident's code (issue 3)."""

import re
from datetime import time
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model
from playwright.sync_api import Page, expect

from core.geocoding import geocode
from pickup.hours import contact_point_set_weekly_hours
from pickup.models import Parcel
from tests.browser.conftest import PASSWORD, log_in, pay_with_card
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, france, make_product
from tests.merchants.factories import hand_to_the_round
from tests.pickup.factories import ContactPointFactory, make_counter_agent

Order = get_model("order", "Order")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOURS = {day: [(time(9), time(12)), (time(14), time(17, 30))] for day in range(6)}


def test_resident_chooses_a_point_and_the_agent_hands_the_parcel_over(
    page: Page, browser, live_server, localstripe
):
    TerritoryFactory()
    france()
    shop = MerchantFactory(trade_name="Fromagerie Garonne")
    product = make_product(merchant=shop, title="Tomme des Pyrénées", price=Decimal("6.80"))
    centre = geocode(postcode="47200", city="Marmande")
    points = []
    for index, name in enumerate(["MARMANDE BP", "MARMANDE GARE", "VIRAZEIL AP"], start=1):
        point = ContactPointFactory(
            name=name, latitude=centre.latitude + 0.003 * index, longitude=centre.longitude
        )
        contact_point_set_weekly_hours(point=point, ranges_by_weekday=HOURS)
        points.append(point)
    chosen = points[1]
    resident = UserFactory(email="camille@example.test", password=PASSWORD)
    agent = make_counter_agent(contact_point=chosen, email="guichet@example.test", password=PASSWORD)

    # The resident orders and picks the second nearest point, by keyboard.
    log_in(page, resident.email)
    page.goto(product.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.goto(reverse("checkout:shipping-address"))
    page.locator("#id_first_name").fill("Camille")
    page.locator("#id_last_name").fill("Laborde")
    page.locator("#id_line1").fill("8 rue Abel Boyé")
    page.locator("#id_line4").fill("Marmande")
    page.locator("#id_postcode").fill("47200")
    page.locator("#id_phone_number").fill("+33553930000")
    page.locator("#new_shipping_address button[type=submit]").click()
    page.wait_for_url(f"**{reverse('checkout:shipping-method')}")
    method = page.locator(".page .basket-items").filter(
        has=page.get_by_role("heading", name="Retrait en point de contact La Poste", exact=True)
    )
    method.locator("button[type=submit]").click()

    page.wait_for_url(f"**{reverse('checkout:pickup-point')}")
    radios = page.get_by_role("radio")
    expect(radios).to_have_count(3)
    expect(page.locator("fieldset label")).to_contain_text(["MARMANDE BP", "MARMANDE GARE", "VIRAZEIL AP"])
    page.get_by_role("radio", name=re.compile("MARMANDE BP")).focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name=re.compile("MARMANDE GARE"))).to_be_checked()
    page.locator("#choose-point").click()

    page.wait_for_url(f"**{reverse('checkout:payment-details')}")
    page.locator("#view_preview").click()
    page.wait_for_url(f"**{reverse('checkout:preview')}")
    expect(page.locator("#chosen-pickup-point")).to_contain_text("MARMANDE GARE")
    pay_with_card(page)
    page.wait_for_url(f"**{reverse('checkout:thank-you')}")
    expect(page.locator(".order-pickup")).to_contain_text("MARMANDE GARE")
    order = Order.objects.get()
    parcel = Parcel.objects.get(order=order)
    assert (parcel.contact_point, parcel.status) == (chosen, Parcel.Status.AWAITING)

    # The counter agent of that point finds the parcel, records its arrival, and hands it over on the code.
    agent_context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    counter = agent_context.new_page()
    log_in(counter, agent.email)
    counter.goto(reverse("pickup:parcel-list"))
    search = counter.get_by_role("search", name="Rechercher un colis")
    search.locator('input[name="q"]').fill(order.number)
    search.get_by_role("button", name="Rechercher").click()
    counter.get_by_role("link", name=re.compile(order.number)).first.click()
    # The cheese shop has not handed its part to the round yet: the counter says so and offers no arrival.
    expect(
        counter.get_by_role("status").filter(has_text="Il manque la part de Fromagerie Garonne")
    ).to_be_visible()
    expect(counter.get_by_role("button", name="Enregistrer l'arrivée")).to_have_count(0)
    hand_to_the_round(order.fulfilments.get())
    counter.reload()
    counter.get_by_role("button", name="Enregistrer l'arrivée").click()
    expect(counter.locator("body")).to_contain_text("Disponible au retrait")

    # The order confirmation announced the code; the arrival e-mail gives it.
    [code] = [
        found.group(1)
        for message in mail.outbox
        if resident.email in message.to and (found := re.search(r"code de retrait : (\d{6})", message.body))
    ]
    counter.get_by_label(re.compile("code", re.I)).fill("000000" if code != "000000" else "111111")
    counter.get_by_role("button", name="Remettre le colis").click()
    expect(counter.locator("body")).to_contain_text("4 essais")
    counter.get_by_label(re.compile("code", re.I)).fill(code)
    counter.get_by_role("button", name="Remettre le colis").click()
    expect(counter.locator("body")).to_contain_text("Retiré")
    parcel.refresh_from_db()
    assert parcel.status == Parcel.Status.COLLECTED
    assert parcel.code_attempts.count() == 2
    assert order.fulfilments.get().status == "delivered"
    agent_context.close()
