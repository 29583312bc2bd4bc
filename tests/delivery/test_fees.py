"""The home-delivery fee by the municipality's rules, on hand-computed cases: flat 4,90 €, free from 60 €, social
tariff 1,50 €, 1,20 € more for Sainte-Bazeille."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from delivery.fees import (
    fee_policy_update,
    home_delivery_fee_quote,
    social_tariff_applies,
    social_tariff_mark,
    social_tariff_unmark,
)
from delivery.models import CommuneSurcharge, FeePolicy, SocialTariff
from territory.models import Commune, CommunePostcode
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, france, make_product

Basket = get_model("basket", "Basket")
ShippingAddress = get_model("order", "ShippingAddress")
Selector = get_class("partner.strategy", "Selector")
Repository = get_class("shipping.repository", "Repository")

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def rules():
    territory = TerritoryFactory(home_delivery_fee=D("4.90"))
    bazeille = Commune.objects.create(territory=territory, insee_code="47233", name="Sainte-Bazeille")
    CommunePostcode.objects.create(commune=bazeille, postcode="47180")
    FeePolicy.objects.create(territory=territory, free_above=D("60.00"), social_fee=D("1.50"))
    CommuneSurcharge.objects.create(commune=bazeille, amount=D("1.20"))
    return territory, Commune.objects.get(insee_code="47157"), bazeille


def eligible_resident(territory):
    resident = UserFactory()
    SocialTariff.objects.create(territory=territory, user=resident, marked_by=UserFactory())
    return resident


@pytest.mark.parametrize(
    ("total", "where", "social", "fee", "basis"),
    [
        (D("25.00"), "marmande", False, D("4.90"), "flat"),
        (D("25.00"), "bazeille", False, D("6.10"), "flat"),  # 4,90 + 1,20
        (D("25.00"), "marmande", True, D("1.50"), "social"),  # replaces the flat fee
        (D("25.00"), "bazeille", True, D("2.70"), "social"),  # 1,50 + 1,20
        (D("59.99"), "marmande", False, D("4.90"), "flat"),
        (D("60.00"), "marmande", False, D("0.00"), "free"),  # from 60 € included
        (D("80.00"), "bazeille", False, D("0.00"), "free"),  # free means free, surcharge included
        (D("80.00"), "bazeille", True, D("0.00"), "free"),
    ],
)
def test_the_fee_follows_the_municipalitys_rules_in_order(rules, total, where, social, fee, basis):
    territory, marmande, bazeille = rules
    user = eligible_resident(territory) if social else UserFactory()
    commune = bazeille if where == "bazeille" else marmande
    quote = home_delivery_fee_quote(basket_total_incl_tax=total, commune=commune, user=user)
    assert (quote.amount, quote.basis) == (fee, basis)


def test_without_a_policy_delivery_is_the_flat_fee_and_never_free():
    TerritoryFactory(home_delivery_fee=D("3.00"))
    quote = home_delivery_fee_quote(basket_total_incl_tax=D("1000"), commune=None, user=UserFactory())
    assert (quote.amount, quote.basis) == (D("3.00"), "flat")


def test_a_social_tariff_ends_on_its_end_date_and_when_withdrawn(rules):
    territory, _marmande, _bazeille = rules
    town_hall, resident = UserFactory(), UserFactory()
    today = timezone.localdate()
    tariff = social_tariff_mark(user=resident, by=town_hall, ends_on=today)
    assert social_tariff_applies(user=resident)
    assert not social_tariff_applies(user=resident, on=today + timedelta(days=1))
    social_tariff_unmark(tariff=tariff, by=town_hall)
    assert not social_tariff_applies(user=resident)
    tariff.refresh_from_db()
    assert (tariff.marked_by, tariff.revoked_by) == (town_hall, town_hall) and tariff.revoked_at
    with pytest.raises(ValidationError):
        social_tariff_unmark(tariff=tariff, by=town_hall)


def test_marking_again_keeps_one_record_in_force_and_a_past_end_date_is_refused(rules):
    town_hall, resident = UserFactory(), UserFactory()
    social_tariff_mark(user=resident, by=town_hall)
    social_tariff_mark(user=resident, by=town_hall, ends_on=timezone.localdate() + timedelta(days=30))
    assert SocialTariff.objects.filter(user=resident, revoked_at__isnull=True).count() == 1
    with pytest.raises(ValidationError, match="déjà passée"):
        social_tariff_mark(user=UserFactory(), by=town_hall, ends_on=timezone.localdate() - timedelta(days=1))


def test_the_policy_update_saves_the_fees_and_drops_a_zero_surcharge(rules):
    territory, marmande, bazeille = rules
    fee_policy_update(
        territory=territory,
        flat=D("5.00"),
        free_above=None,
        social=D("1.00"),
        surcharges={marmande.pk: D("0.50"), bazeille.pk: D("0")},
    )
    territory.refresh_from_db()
    assert territory.home_delivery_fee == D("5.00")
    assert FeePolicy.objects.get(territory=territory).free_above is None
    assert dict(CommuneSurcharge.objects.values_list("commune__name", "amount")) == {"Marmande": D("0.50")}


def test_the_home_delivery_method_charges_the_basket_by_its_address_and_owner(rules):
    territory, _marmande, _bazeille = rules
    france()
    product = make_product(merchant=MerchantFactory(), price=D("10.00"), stock=10)
    resident = eligible_resident(territory)
    basket = Basket.objects.create(owner=resident)
    basket.strategy = Selector().strategy(user=resident)
    basket.add_product(product, 2)
    address = ShippingAddress(line1="1 rue du Port", line4="Ste-Bazeille", postcode="47180", country_id="FR")
    methods = {m.code: m for m in Repository().get_shipping_methods(basket, shipping_addr=address)}
    charge = methods["home-delivery"].calculate(basket)
    assert (charge.incl_tax, charge.excl_tax) == (D("2.70"), D("2.25"))
