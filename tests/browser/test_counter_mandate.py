"""At the counter, on a phone-sized screen: an agent finds a resident, proposes a mandate, the resident signs on the
agent's screen with a finger, and the agent then sees the resident's account; every page fits and passes axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from counter.models import Mandate
from tests.browser.axe import axe_serious, overflowing
from tests.browser.conftest import PASSWORD, TIMEOUT_MS, log_in
from tests.territory.isolation import build_side

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_takes_a_residents_mandate_signed_on_the_screen(browser, live_server):
    side = build_side(
        name="Val de Garonne",
        slug="val-de-garonne",
        domain="localhost",
        insee="47157",
        postcode="47200",
        tag="G",
    )
    agent = side.users["counter agent"]
    agent.set_password(PASSWORD)
    agent.save()
    resident = side.users["resident"]
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="fr-FR"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems = []

    def check(where):
        problems.extend(f"{where}: overflows: {element}" for element in overflowing(page))
        problems.extend(f"{where}: {violation}" for violation in axe_serious(page))

    try:
        log_in(page, agent.email)
        page.goto(reverse("counter:help"))
        search = page.get_by_role("search", name="Rechercher un habitant")
        search.get_by_label("Adresse électronique").fill(resident.email)
        search.get_by_role("button", name="Rechercher").click()
        match = page.get_by_text("Habitant R.")
        expect(match).to_be_visible()
        assert resident.last_name not in page.content()
        check("search")
        page.get_by_role("link", name="Proposer un mandat").click()
        check("propose")
        page.get_by_label("signature à l'écran").check()
        page.get_by_role("button", name="Proposer le mandat").click()
        pad = page.locator("#signature-pad")
        expect(pad).to_be_visible()
        check("agree")
        page.get_by_role("button", name="Valider l'accord").click()
        expect(page.get_by_role("alert")).to_contain_text("Faites signer")
        box = page.locator("#signature-pad").bounding_box()
        page.mouse.move(box["x"] + 20, box["y"] + 40)
        page.mouse.down()
        for step in range(1, 12):
            page.mouse.move(box["x"] + 20 + step * 25, box["y"] + 40 + (step % 3) * 15)
        page.mouse.up()
        page.get_by_role("button", name="Valider l'accord").click()
        expect(page.locator("#mandate-state")).to_have_text("en vigueur")
        expect(page.locator("#resident-name")).to_contain_text(resident.get_full_name())
        check("detail")
    finally:
        context.close()
    mandate = Mandate.objects.get()
    assert mandate.is_valid() and mandate.signature.startswith("M ") and mandate.signature.count("L") >= 10
    assert problems == []
