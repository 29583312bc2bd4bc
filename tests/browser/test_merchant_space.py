"""A merchant imports their catalogue and prepares an order, in Chromium (issue 5, item 6)."""

import io
import zipfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image
from playwright.sync_api import Page, expect

from merchants.models import CatalogueImport, Fulfilment, Sector
from payments.models import PaymentAttempt
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import (
    RESIDENT_ADDRESS,
    MerchantFactory,
    TerritoryFactory,
    UserFactory,
    france,
    make_merchant_user,
    make_product,
)
from tests.stripe_server import pay_at_preview

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARIS = ZoneInfo("Europe/Paris")
CATALOGUE = """sku;title;description;category;price;vat_rate;stock;ean;image
EPI-001;Confiture de prunes d'Ente;Prunes du Lot-et-Garonne, 370 g;Épicerie > Confitures;4,10;5,5;12;;prunes.jpg
EPI-002;Huile de noix 50 cl;Première pression à froid;Épicerie > Huiles;9,80;5,5;6;;
EPI-003;Pruneaux d'Agen 500 g;IGP;Épicerie > Fruits secs;7,20;5,5;20;;pruneaux.png
EPI-004;Miel de châtaignier;Pot de 500 g;Épicerie > Miels;;5,5;3;;
"""


def picture(kind: str, colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format=kind)
    return buffer.getvalue()


def photos_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/prunes.jpg", picture("JPEG", "purple"))
        archive.writestr("photos/pruneaux.png", picture("PNG", "brown"))
    return buffer.getvalue()


def open_from_menu(page: Page, entry: str) -> None:
    """Opens a page of the merchant space from the dashboard's « Ma boutique » menu."""
    page.goto(reverse("dashboard:index"))
    page.locator("nav.navbar-primary").get_by_role("button", name="Ma boutique").click()
    page.locator("nav.navbar-primary").get_by_role("link", name=entry, exact=True).click()


def resident_buys(*titles: str, localstripe) -> Order:
    """A resident pays for one of each product by card (localstripe), delivered at home in Marmande."""
    client = Client()
    client.force_login(UserFactory(first_name="Camille", last_name="Laborde", email="camille@example.test"))
    for title in titles:
        product = Product.objects.get(title=title)
        assert (
            client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}).status_code == 302
        )
    client.post(
        reverse("checkout:shipping-address"),
        RESIDENT_ADDRESS,
    )
    client.post(reverse("checkout:shipping-method"), {"method_code": "home-delivery"})
    paid = pay_at_preview(client, localstripe)
    assert paid.status_code == 302 and paid["Location"].endswith(reverse("checkout:thank-you")), paid
    return Order.objects.get()


@pytest.fixture
def grocer():
    TerritoryFactory()
    france()
    shop = MerchantFactory(
        trade_name="Épicerie du Lot", sector=Sector.DELICATESSEN, email="epicerie@example.test"
    )
    other = MerchantFactory(trade_name="Boulangerie du Marché", sector=Sector.BAKERY)
    make_product(merchant=other, title="Baguette tradition", price=Decimal("1.30"))
    user = make_merchant_user(shop, email="marie@example.test", password=PASSWORD)
    return shop, user


def test_a_merchant_imports_a_catalogue_then_prepares_an_order(page: Page, grocer, localstripe, tmp_path):
    shop, user = grocer
    log_in(page, user.email)

    # 1. The catalogue: a CSV and a ZIP of photos, imported in the background, with a progress bar and a report.
    open_from_menu(page, "Importer ou exporter le catalogue")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Import du catalogue")
    (tmp_path / "catalogue.csv").write_text(CATALOGUE, encoding="utf-8")
    (tmp_path / "photos.zip").write_bytes(photos_archive())
    page.get_by_label("Fichier CSV du catalogue").set_input_files(tmp_path / "catalogue.csv")
    page.get_by_label("Photos des produits (facultatif)").set_input_files(tmp_path / "photos.zip")
    page.get_by_role("button", name="Importer").click()

    expect(page.locator("#import-status")).to_have_text("Terminé")
    expect(page.locator("#import-bar")).to_have_attribute("value", "100")
    expect(page.locator("#import-counts")).to_contain_text("4 lignes traitées sur 4")
    expect(page.locator("#main, body").first).to_contain_text("3 produits créés")
    rejected = page.get_by_role("table", name="Lignes du fichier non importées, avec la raison")
    expect(rejected.locator("tbody tr")).to_have_count(1)
    expect(rejected.locator("tbody tr th")).to_have_text("5")
    expect(rejected.locator("tbody tr td")).to_contain_text("Prix manquant")
    assert CatalogueImport.objects.get().status == CatalogueImport.Status.DONE

    # The residents' shop shows the imported products with their photos.
    jam = Product.objects.get(title="Confiture de prunes d'Ente")
    page.goto(jam.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Confiture de prunes d'Ente")
    photo = page.locator(f'img[src*="/merchants/{shop.slug}/images/prunes"]').first
    expect(photo).to_be_visible()
    assert photo.evaluate("image => image.complete && image.naturalWidth") == 64

    # 2. A resident orders two of the imported products and a baguette from another shop.
    order = resident_buys(
        "Confiture de prunes d'Ente", "Pruneaux d'Agen 500 g", "Baguette tradition", localstripe=localstripe
    )
    fulfilment = Fulfilment.objects.get(order=order, merchant=shop)
    intent_id = PaymentAttempt.objects.get(order=order).payment_intent_id

    # 3. The merchant prepares it: only their lines, the destination, no payment detail.
    open_from_menu(page, "Mes commandes à préparer")
    page.get_by_role("link", name=order.number).click()
    expect(page.locator("#fulfilment-status")).to_have_text("Nouvelle")
    # The shop opens on Tuesdays only: the round collects at its first pass then.
    collection = page.locator("#fulfilment-collection time")
    expect(collection).to_have_attribute("datetime", fulfilment.collection_at.astimezone(PARIS).isoformat())
    expect(collection).to_contain_text("mardi")
    lines = page.get_by_role("table", name="Les articles de votre boutique dans cette commande")
    expect(lines.locator("tbody th")).to_have_text(["Confiture de prunes d'Ente", "Pruneaux d'Agen 500 g"])
    expect(page.locator("address.destination")).to_contain_text("Camille Laborde")
    expect(page.locator("address.destination")).to_contain_text("8 rue Abel Boyé")
    body = page.locator("body")
    expect(body).not_to_contain_text("Baguette")
    expect(body).not_to_contain_text("pi_")

    page.get_by_role("button", name="Accepter la commande").click()
    expect(page.locator("#messages, .alert-success").first).to_contain_text(
        f"Commande {order.number} acceptée"
    )
    expect(page.locator("#fulfilment-status")).to_have_text("Acceptée")

    # The prunes are out of stock: the line is refunded at Stripe after the merchant confirms.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Indisponible : Pruneaux d'Agen 500 g").click()
    expect(page.locator(".alert-success").first).to_contain_text("remboursé")
    expect(lines.locator("tbody tr").filter(has_text="Pruneaux")).to_contain_text("Indisponible, remboursé")
    [refund] = localstripe.refunds(intent_id)
    assert refund["amount"] == 720 and refund["status"] == "succeeded"

    page.get_by_role("button", name="Colis prêt").click()
    expect(page.locator("#fulfilment-status")).to_have_text("Prête")

    # The parcel label opens in a new tab: order number, merchant, destination, QR code.
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Imprimer l'étiquette").click()
    label = new_tab.value
    label.wait_for_load_state()
    expect(label.get_by_role("heading", level=1)).to_have_text(f"Commande {order.number}")
    expect(label.locator("main")).to_contain_text("Épicerie du Lot")
    expect(label.locator("address")).to_contain_text("Camille Laborde")
    expect(label.locator("#label-lines")).to_contain_text("1 ligne")
    qr = label.get_by_role("img", name=f"Code QR du colis : COMPTOIR:{order.number}:{shop.slug}")
    assert qr.evaluate("image => image.complete && image.naturalWidth") > 50
    label.close()

    page.get_by_role("button", name="Colis remis").click()
    expect(page.locator("#fulfilment-status")).to_have_text("Remise au livreur")
    fulfilment.refresh_from_db()
    assert fulfilment.status == Fulfilment.Status.HANDED_OVER
    prunes = Product.objects.get(title="Pruneaux d'Agen 500 g").stockrecords.get()
    # Out of stock at the shop: released from the order and no longer sold.
    assert (prunes.num_in_stock, prunes.num_allocated) == (0, 0)
    notes = " ".join(order.notes.values_list("message", flat=True))
    for step in ("commande acceptée", "colis prêt", "colis remis"):
        assert step in notes
