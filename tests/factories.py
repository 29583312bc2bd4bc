from datetime import time
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils.text import slugify
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from core import vat
from merchants.models import Merchant, OpeningHours, Sector
from merchants.validators import luhn_valid
from territory.models import Commune, CommunePostcode, Territory

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")


def valid_siret(n: int) -> str:
    base = f"{732829320 + n:09d}{n % 10000:04d}"[:13]
    return next(base + str(key) for key in range(10) if luhn_valid(base + str(key)))


# The resident the checkout tests deliver to, as typed in the shipping address form.
RESIDENT_ADDRESS = {
    "first_name": "Camille",
    "last_name": "Laborde",
    "line1": "8 rue Abel Boyé",
    "line4": "Marmande",
    "postcode": "47200",
    "phone_number": "+33553930000",
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = "Camille"
    last_name = "Laborde"
    password = factory.django.Password("motdepasse-solide")


def home_territory() -> Territory:
    """The territory the tests run in unless they make another: Val de Garonne, made at first use."""
    territory, _created = Territory.objects.get_or_create(
        slug="val-de-garonne",
        defaults={
            "name": "Val de Garonne",
            "tagline": "Les commerces du Val de Garonne",
            "latitude": 44.5,
            "longitude": 0.165,
        },
    )
    return territory


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        skip_postgeneration_save = True
        django_get_or_create = ("slug",)

    name = "Val de Garonne"
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    tagline = "Les commerces du Val de Garonne"
    latitude = 44.5
    longitude = 0.165

    @factory.post_generation
    def forget_cached(self, create, extracted, **kwargs):
        """The factory writes past territory.services, which forget the cached default territory: forget it
        here too, or a request of an earlier test (a late Stripe webhook to the live server) that cached
        « no territory » between this test's cache clearing and this row hides it for the whole test."""
        if create:
            from django.core.cache import cache

            from territory.selectors import (
                TERRITORY_CACHE_KEY,
                territory_host_cache_key,
                territory_slug_cache_key,
            )

            keys = [TERRITORY_CACHE_KEY, territory_slug_cache_key(self.slug)]
            if self.domain:
                keys.append(territory_host_cache_key(self.domain))
            cache.delete_many(keys)

    @factory.post_generation
    def with_marmande(self, create, extracted, **kwargs):
        if create and extracted is not False:
            commune, _created = Commune.objects.get_or_create(
                territory=self, insee_code="47157", defaults={"name": "Marmande"}
            )
            CommunePostcode.objects.get_or_create(commune=commune, postcode="47200")


class ProductClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductClass
        django_get_or_create = ("slug",)

    name = factory.LazyAttribute(lambda o: f"TVA {o.vat_rate}")
    slug = factory.LazyAttribute(lambda o: f"tva-{str(o.vat_rate).replace('.', '-')}")
    vat_rate = vat.REDUCED
    track_stock = True
    requires_shipping = True


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Commerce {n}")
    code = factory.Sequence(lambda n: f"commerce-{n}")


class MerchantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Merchant
        skip_postgeneration_save = True

    territory = factory.LazyFunction(home_territory)
    partner = factory.SubFactory(PartnerFactory)
    slug = factory.LazyAttribute(lambda o: o.partner.code)
    trade_name = factory.LazyAttribute(lambda o: o.partner.name)
    legal_name = factory.LazyAttribute(lambda o: f"SARL {o.partner.name}")
    siret = factory.Sequence(valid_siret)
    sector = Sector.BAKERY
    address_line1 = "12 rue de la Libération"
    postcode = "47200"
    city = "Marmande"
    latitude = 44.5
    longitude = 0.165
    status = Merchant.Status.APPROVED

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        if create and extracted is not False:
            OpeningHours.objects.create(merchant=self, weekday=1, opens_at=time(8), closes_at=time(12, 30))
            OpeningHours.objects.create(merchant=self, weekday=1, opens_at=time(14), closes_at=time(19))


class ProductFactory(factory.django.DjangoModelFactory):
    """A bare product; ``make_product`` gives it a merchant, a stock record and a category."""

    class Meta:
        model = Product

    territory = factory.LazyFunction(home_territory)
    title = factory.Sequence(lambda n: f"Produit {n}")
    upc = factory.Sequence(lambda n: f"UPC{n:06d}")
    product_class = factory.SubFactory(ProductClassFactory)
    structure = "standalone"
    is_public = True


def make_product(
    *,
    merchant: Merchant,
    title: str = None,
    price: Decimal = Decimal("3.30"),
    stock: int = 20,
    vat_rate: Decimal = vat.REDUCED,
    category: str = "Alimentation > Épicerie",
    description: str = "",
):
    """A public product of ``merchant`` with its stock record and category."""
    product = ProductFactory(
        territory=merchant.territory,
        **({"title": title} if title else {}),
        description=description,
        product_class=ProductClassFactory(vat_rate=vat_rate),
    )
    StockRecord.objects.create(
        product=product, partner=merchant.partner, partner_sku=product.upc, price=price, num_in_stock=stock
    )
    ProductCategory.objects.create(product=product, category=create_from_breadcrumbs(category))
    return product


def make_merchant_user(merchant: Merchant, **kwargs):
    user = UserFactory(**kwargs)
    merchant.partner.users.add(user)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="partner", codename="dashboard_access")
    )
    return user


def france():
    """France, the only shipping country (Oscar then drops the country field from the address form)."""
    Country = get_model("address", "Country")
    country, _created = Country.objects.update_or_create(
        iso_3166_1_a2="FR",
        defaults={"printable_name": "France", "name": "France", "is_shipping_country": True},
    )
    return country
