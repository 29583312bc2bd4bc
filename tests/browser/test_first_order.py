"""A resident's first order, in a real browser (acceptance item 7), and keyboard access to the catalogue."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from playwright.sync_api import Page, expect

from merchants.models import Fulfilment, Sector
from tests.browser.conftest import PASSWORD, log_in, pay_with_card
from tests.delivery.slot_factories import slots_every_day
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, france, make_product

Order = get_model("order", "Order")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASTA = "Pâtes fraîches aux œufs 500 g"
# Three shops: no click & collect (offered for a one-merchant basket only).
DELIVERY_CHOICES = ["Livraison à domicile", "Retrait en point de contact La Poste"]


@pytest.fixture
def shops():
    TerritoryFactory()
    france()
    slots_every_day()
    bakery = MerchantFactory(trade_name="Boulangerie du Marché", sector=Sector.BAKERY)
    cheese = MerchantFactory(trade_name="Fromagerie Garonne", sector=Sector.CHEESE)
    books = MerchantFactory(trade_name="Librairie des Quais", sector=Sector.BOOKSHOP)
    make_product(merchant=bakery, title="Baguette tradition", price=Decimal("1.30"))
    make_product(merchant=bakery, title="Pain de campagne", price=Decimal("3.20"))
    make_product(merchant=cheese, title="Tomme des Pyrénées", price=Decimal("6.80"))
    make_product(merchant=cheese, title=PASTA, price=Decimal("4.50"))
    make_product(merchant=books, title="Roman du terroir", price=Decimal("21.00"), vat_rate=Decimal("5.50"))
    return bakery, cheese, books


def add_to_basket(page: Page, title: str) -> None:
    """Clicks « Ajouter au panier » on the card of ``title`` and waits for Oscar's confirmation."""
    card = page.locator("article.product-card").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )
    expect(card).to_have_count(1)
    card.get_by_role("button", name="Ajouter au panier").click()
    expect(page.locator("#messages .alert-success")).to_contain_text(title)


def test_a_residents_first_order_from_three_merchants(page: Page, shops, tmp_path, localstripe):
    bakery, cheese, books = shops
    resident = UserFactory(email="camille@example.test", password=PASSWORD)

    # 1. Log in through Oscar's login page.
    log_in(page, resident.email)
    expect(page.locator("#login_link")).to_have_count(0)

    # 2. Browse the catalogue, search, and fill the basket from three merchants.
    page.goto(reverse("catalogue:index"))
    expect(page.locator("#main [role=status]")).to_have_text("5 produits")
    titles = page.locator("article.product-card h3").all_inner_texts()
    assert sorted(titles) == sorted(
        ["Baguette tradition", "Pain de campagne", "Tomme des Pyrénées", PASTA, "Roman du terroir"]
    )

    page.locator("#site-search").fill("pates fraiches")
    page.locator("#site-search").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Résultats pour « pates fraiches »")
    expect(page.locator("article.product-card h3")).to_have_text([PASTA])
    add_to_basket(page, PASTA)

    page.goto(reverse("catalogue:index"))
    add_to_basket(page, "Roman du terroir")

    page.goto(bakery.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(bakery.trade_name)
    add_to_basket(page, "Baguette tradition")
    add_to_basket(page, "Pain de campagne")

    # 3. Basket, then checkout.
    page.goto(reverse("basket:summary"))
    checkout_link = page.locator(f'#main a[href="{reverse("checkout:index")}"]')
    expect(checkout_link).to_be_visible()
    checkout_link.click()

    page.wait_for_url(f"**{reverse('checkout:shipping-address')}")
    # France is the only shipping country, so Oscar drops the country field and ships to France.
    expect(page.locator("#id_country")).to_have_count(0)
    page.locator("#id_first_name").fill("Camille")
    page.locator("#id_last_name").fill("Laborde")
    page.locator("#id_line1").fill("8 rue Abel Boyé")
    page.locator("#id_line4").fill("Marmande")
    page.locator("#id_postcode").fill("47200")
    page.locator("#id_phone_number").fill("+33553930000")
    page.locator("#new_shipping_address button[type=submit]").click()

    page.wait_for_url(f"**{reverse('checkout:shipping-method')}")
    # Oscar's checkout layout has no #main/#content_inner: the page's own container is used.
    methods = page.locator(".page .basket-items")
    expect(methods.locator("h4")).to_have_text(DELIVERY_CHOICES)
    home = methods.filter(has=page.get_by_role("heading", name="Livraison à domicile", exact=True))
    home.locator("button[type=submit]").click()

    # The slot: tomorrow afternoon is the first one offered, and checked.
    page.wait_for_url(f"**{reverse('checkout:delivery-slot')}")
    first_slot = page.locator("#slot-form input[name=slot]").first
    expect(first_slot).to_be_checked()
    slot_text = page.locator("#slot-form label").first.inner_text()
    assert slot_text.endswith("14 h – 18 h")
    page.get_by_role("button", name="Être livré sur ce créneau").click()

    page.wait_for_url(f"**{reverse('checkout:payment-details')}")
    preview_link = page.locator("#view_preview")
    expect(preview_link).to_have_text("Vérifier ma commande")
    preview_link.click()

    page.wait_for_url(f"**{reverse('checkout:preview')}")
    expect(page.locator("#chosen-delivery-slot")).to_contain_text(slot_text)
    pay_with_card(page)

    page.wait_for_url(f"**{reverse('checkout:thank-you')}")
    order = Order.objects.get()
    expect(page.locator(".page p.lead strong")).to_have_text(order.number)
    expect(page.locator("#order-delivery-slot")).to_contain_text(slot_text)

    # 4. The order, from the account's order history, lists its lines under their merchant.
    page.goto(reverse("customer:order-list"))
    page.get_by_role("link", name=order.number, exact=True).click()
    page.wait_for_url(f"**{reverse('customer:order', kwargs={'order_number': order.number})}")
    page.screenshot(path=tmp_path / "order.png", full_page=True)
    assert (tmp_path / "order.png").stat().st_size > 0

    expected = {
        bakery: ["Baguette tradition", "Pain de campagne"],
        cheese: [PASTA],
        books: ["Roman du terroir"],
    }
    groups = page.locator("#main table tbody").first.evaluate(
        """tbody => {
            const groups = [];
            for (const row of tbody.rows) {
                const heading = row.querySelector("th[id^='merchant-']");
                if (heading) {
                    groups.push({id: heading.id, name: heading.innerText, titles: []});
                } else if (groups.length && row.cells.length === 5) {
                    groups.at(-1).titles.push(row.cells[0].innerText.trim());
                }
            }
            return groups;
        }"""
    )
    assert sorted(group["id"] for group in groups) == sorted(f"merchant-{shop.pk}" for shop in expected)
    for group in groups:
        shop = next(shop for shop in expected if group["id"] == f"merchant-{shop.pk}")
        assert shop.trade_name in group["name"]
        assert sorted(group["titles"]) == expected[shop], group
    expect(page.locator("#main")).not_to_contain_text("Tomme des Pyrénées")

    # 5. One order, split into one fulfilment per merchant holding exactly that merchant's lines.
    assert order.user == resident
    assert order.shipping_code == "home-delivery"
    assert order.shipping_address.country_id == "FR"
    assert order.lines.count() == 4
    fulfilments = Fulfilment.objects.filter(order=order)
    assert fulfilments.count() == 3
    for fulfilment in fulfilments:
        merchant_lines = order.lines.filter(partner=fulfilment.merchant.partner)
        assert set(fulfilment.lines.all()) == set(merchant_lines)
        assert sorted(line.title for line in fulfilment.lines.all()) == expected[fulfilment.merchant]


def test_the_catalogue_can_be_reached_with_the_keyboard(page: Page, shops):
    page.goto(reverse("catalogue:index"))
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_attribute("href", "#main")

    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    assert page.url.endswith("#main")
