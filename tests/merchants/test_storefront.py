"""« Ma vitrine »: a merchant edits what the shop shows of itself; the logo then stands beside the shop's name in
baskets, orders and the order e-mail. Images are checked for what they are, and a refused form writes nothing."""

import html
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from merchants.models import Merchant
from shop.orders import order_parts_by_shop
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, make_merchant_user, make_product
from tests.merchants.factories import make_order

pytestmark = pytest.mark.django_db
URL = "merchant-space:storefront"


def png(name="logo.png", size=(64, 64), kind="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def shop(client):
    TerritoryFactory()
    merchant = MerchantFactory(trade_name="Fromagerie Garonne", description="Ancienne présentation")
    client.force_login(make_merchant_user(merchant))
    return merchant


def test_the_merchant_sets_presentation_phone_and_logo_and_the_logo_shows_beside_the_name(client, shop):
    page = client.get(reverse(URL))
    assert page.status_code == 200 and "Ma vitrine" in page.content.decode()
    response = client.post(
        reverse(URL),
        {
            "description": "Fromages affinés <script>alert(1)</script>",
            "phone": "05 53 00 00 00",
            "logo": png(),
        },
    )
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.phone == "05 53 00 00 00"
    assert "<script>" not in shop.description and "Fromages affinés" in shop.description
    assert shop.logo.name == f"merchants/logos/{shop.slug}-logo.png"

    product = make_product(merchant=shop, title="Tomme des Pyrénées", price=Decimal("5.20"))
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": "1"})
    basket = client.get(reverse("basket:summary")).content.decode()
    assert f'src="{shop.logo.url}"' in basket


def test_a_file_that_is_no_image_is_refused_in_french_and_nothing_is_written(client, shop):
    script = SimpleUploadedFile("logo.png", b"<?php system($_GET['c']); ?>", content_type="image/png")
    response = client.post(
        reverse(URL), {"description": "Nouvelle présentation", "phone": "", "logo": script}
    )
    assert response.status_code == 400
    assert "n'est pas une image JPEG, PNG ou WebP lisible" in html.unescape(response.content.decode())
    assert 'aria-invalid="true"' in response.content.decode()
    shop.refresh_from_db()
    assert shop.description == "Ancienne présentation" and not shop.logo


def test_an_image_too_large_or_a_bad_phone_is_refused(client, shop):
    huge = png(size=(4100, 10))
    response = client.post(reverse(URL), {"description": "", "phone": "", "photo": huge})
    assert response.status_code == 400
    assert "4000 pixels" in response.content.decode()
    response = client.post(reverse(URL), {"description": "", "phone": "appelez-moi"})
    assert response.status_code == 400
    assert "au moins 10 chiffres" in response.content.decode()
    shop.refresh_from_db()
    assert shop.description == "Ancienne présentation"


def test_the_logo_can_be_removed(client, shop):
    client.post(reverse(URL), {"description": "", "phone": "", "logo": png()})
    client.post(reverse(URL), {"description": "", "phone": "", "logo_clear": "on"})
    shop.refresh_from_db()
    assert not shop.logo


def test_only_a_merchant_reaches_the_storefront_page(client):
    TerritoryFactory()
    client.force_login(UserFactory())
    assert client.get(reverse(URL)).status_code in (302, 403)


def test_the_order_email_part_carries_the_logo_at_an_absolute_address(client, shop, settings):
    settings.SITE_URL = "https://boutique.example.test"
    client.post(reverse(URL), {"description": "", "phone": "", "logo": png()})
    shop = Merchant.objects.get(pk=shop.pk)
    order = make_order([(make_product(merchant=shop, title="Comté 18 mois"), 1)])
    (part,) = order_parts_by_shop(order=order)
    assert part.shop_logo_url == f"https://boutique.example.test{shop.logo.url}"
