"""Suggestions as one types: the header's search field offers matching products and shops from the endpoint."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from merchants.models import Sector
from tests.factories import MerchantFactory, TerritoryFactory, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_in_the_header_search_offers_products_and_shops(page: Page):
    TerritoryFactory()
    bakery = MerchantFactory(trade_name="Boulangerie du Marché", sector=Sector.BAKERY)
    make_product(merchant=bakery, title="Pain de campagne", price=Decimal("3.20"))
    make_product(merchant=bakery, title="Fromage blanc", price=Decimal("2.10"))
    page.goto("/")
    page.locator("#site-search").press_sequentially("pain", delay=30)
    options = page.locator("#site-search-suggestions option")
    expect(options).to_have_count(1)
    assert options.first.get_attribute("value") == "Pain de campagne"
    page.locator("#site-search").fill("")
    page.locator("#site-search").press_sequentially("boul", delay=30)
    expect(page.locator('#site-search-suggestions option[value="Boulangerie du Marché"]')).to_have_count(1)
