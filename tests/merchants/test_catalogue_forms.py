"""A merchant keeps a product by hand in Oscar's dashboard form (issue 5, item 2): photo, category, VAT class (the
product type), price VAT included and stock, always for their own shop."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from PIL import Image

from core import vat
from shop.apps.partner.strategy import Selector
from tests.factories import MerchantFactory, ProductClassFactory, TerritoryFactory, make_merchant_user

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

FORMSETS = ("category_formset", "image_formset", "recommended_formset", "stockrecord_formset")


def as_posted(response) -> dict:
    """What a browser sends back for the product page before anything is typed: every rendered value of the
    product form and of the formsets, with their management forms."""
    data = {}
    forms = [response.context["form"]]
    for name in FORMSETS:
        formset = response.context[name]
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            # Unchecked boxes and empty fields are not sent; a 0 is (so `not in (None, False, "")` won't do).
            if value is not None and value is not False and value != "":
                data[field.html_name] = value
    return data


def form_errors(response) -> dict:
    context = response.context
    return {"form": context["form"].errors} | {
        name: (context[name].errors, context[name].non_form_errors()) for name in FORMSETS
    }


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), "purple").save(buffer, format="JPEG")
    return SimpleUploadedFile("confiture.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def grocer():
    TerritoryFactory()
    shop = MerchantFactory(trade_name="Épicerie du Lot")
    other = MerchantFactory(trade_name="Boulangerie du Marché")
    product_class = ProductClassFactory(name="Produits à 5,5 %", vat_rate=vat.REDUCED)
    category = create_from_breadcrumbs("Épicerie > Confitures")
    return shop, other, product_class, category


def create_url(product_class) -> str:
    return reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": product_class.slug})


def filled(client, product_class, category, *, partner, **overrides) -> dict:
    page = client.get(create_url(product_class))
    assert page.status_code == 200
    data = as_posted(page)
    categories, images, stock = (
        page.context[name].prefix for name in ("category_formset", "image_formset", "stockrecord_formset")
    )
    data.update(
        {
            "title": "Confiture de prunes d'Ente",
            "description": "370 g",
            "is_public": "on",
            f"{categories}-0-category": category.pk,
            f"{stock}-0-partner": partner.pk,
            f"{stock}-0-partner_sku": "EPI-001",
            f"{stock}-0-price_currency": "EUR",
            f"{stock}-0-price": "4.10",
            f"{stock}-0-num_in_stock": "12",
            f"{images}-0-original": photo(),
            f"{images}-0-display_order": "0",
        }
    )
    data.update({key.replace("STOCK", stock): value for key, value in overrides.items()})
    return data


def test_a_merchant_creates_a_product_with_photo_category_vat_class_price_and_stock(client, grocer):
    shop, _other, product_class, category = grocer
    client.force_login(make_merchant_user(shop))
    data = filled(client, product_class, category, partner=shop.partner)
    response = client.post(create_url(product_class), data)
    assert response.status_code == 302, form_errors(response)
    product = Product.objects.get(title="Confiture de prunes d'Ente")
    assert product.product_class == product_class and list(product.categories.all()) == [category]
    record = product.stockrecords.get()
    assert (record.partner, record.partner_sku, record.price, record.num_in_stock) == (
        shop.partner,
        "EPI-001",
        Decimal("4.10"),
        12,
    )
    assert product.images.get().original.name.endswith(".jpg")

    # Residents see the price VAT included, as typed, and the VAT of its class.
    page = client.get(product.get_absolute_url())
    assert page.status_code == 200
    assert "4,10" in page.content.decode()
    price = Selector().strategy().fetch_for_product(product).price
    assert (price.incl_tax, price.excl_tax) == (Decimal("4.10"), Decimal("3.89"))  # 4,10 / 1,055


def test_a_merchant_cannot_put_a_product_in_another_shops_stock(client, grocer):
    shop, other, product_class, category = grocer
    client.force_login(make_merchant_user(shop))
    data = filled(client, product_class, category, partner=other.partner)
    response = client.post(create_url(product_class), data)
    assert response.status_code == 200
    assert response.context["stockrecord_formset"].errors[0]["partner"]
    assert not Product.objects.filter(title="Confiture de prunes d'Ente").exists()
    assert not StockRecord.objects.filter(partner=other.partner).exists()


def test_the_price_and_stock_are_required(client, grocer):
    shop, _other, product_class, category = grocer
    client.force_login(make_merchant_user(shop))
    data = filled(
        client,
        product_class,
        category,
        partner=shop.partner,
        **{"STOCK-0-price": "", "STOCK-0-num_in_stock": ""},
    )
    response = client.post(create_url(product_class), data)
    assert response.status_code == 200
    errors = response.context["stockrecord_formset"].errors[0]
    assert set(errors) >= {"price", "num_in_stock"}
    assert not Product.objects.filter(title="Confiture de prunes d'Ente").exists()
