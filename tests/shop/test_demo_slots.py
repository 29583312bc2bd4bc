"""The demo's delivery terms: the fees of the README, slots Monday to Saturday, no delivery on the holidays."""

from datetime import time
from decimal import Decimal

import pytest

from delivery.fees import fee_rules, home_delivery_fee_quote
from delivery.models import CommuneSurcharge, SlotException, SlotTemplate
from delivery.slots import slot_offers
from shop.demo.slots import seed_delivery_terms
from territory.models import Commune
from territory.tenancy import territory_activate
from tests.factories import TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_fees_slots_and_holidays_once():
    territory = TerritoryFactory()
    Commune.objects.create(
        territory=territory, insee_code="47326", name="Virazeil", latitude=44.51, longitude=0.24
    )
    Commune.objects.filter(insee_code="47157").update(latitude=44.5, longitude=0.17)
    with territory_activate(territory):
        seed_delivery_terms(territory=territory)
        seed_delivery_terms(territory=territory)
        rules = fee_rules()
        assert (rules.flat, rules.free_above, rules.social) == (
            Decimal("4.90"),
            Decimal("60.00"),
            Decimal("1.50"),
        )
        assert list(CommuneSurcharge.objects.values_list("commune__name", "amount")) == [
            ("Virazeil", Decimal("1.00"))
        ]
        quote = home_delivery_fee_quote(
            basket_total_incl_tax=Decimal("20"),
            commune=Commune.objects.get(name="Virazeil"),
            user=UserFactory(),
        )
        assert quote.amount == Decimal("5.90")
        assert SlotTemplate.objects.count() == 12
        assert set(SlotTemplate.objects.values_list("starts_at", "cutoff_days_before", "cutoff_time")) == {
            (time(9), 1, time(18)),
            (time(14), 0, time(12)),
        }
        assert sorted(SlotException.objects.values_list("label", flat=True)) == ["Jour de l'an", "Noël"]
        offers = slot_offers()
        assert offers and all(offer.day.weekday() < 6 and offer.capacity == 30 for offer in offers)
        assert not any((offer.day.month, offer.day.day) in ((12, 25), (1, 1)) for offer in offers)
