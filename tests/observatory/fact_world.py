"""A small observatory written as facts directly (no orders: fast), for the pages' tests.

Day D (Tuesday 10 November 2026): three bakeries A, B, C each sell 10.00 € to 12 residents of Marmande, home
delivered at 10 h: the bakery sector (360.00 €, 36 orders) may be published. D + 1: the butcher sells 15.00 € to one
resident (secret: one merchant). D + 2: bakery A sells 4.00 € to two residents at a contact point (secret)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from merchants.models import Sector
from observatory.models import Fact
from territory.models import Commune
from tests.factories import MerchantFactory, TerritoryFactory, make_merchant_user

D = date(2026, 11, 10)


@dataclass
class FactWorld:
    territory: object
    merchants: dict
    users: dict
    marmande: object


def build_fact_world() -> FactWorld:
    territory = TerritoryFactory()
    marmande = Commune.objects.get(territory=territory, insee_code="47157")
    Commune.objects.filter(pk=marmande.pk).update(latitude=44.5, longitude=0.165)
    merchants = {
        "A": MerchantFactory(partner__name="Fournil des Arcades", sector=Sector.BAKERY),
        "B": MerchantFactory(partner__name="Fournil du Pont", sector=Sector.BAKERY),
        "C": MerchantFactory(partner__name="Fournil de la Gare", sector=Sector.BAKERY),
        "D": MerchantFactory(partner__name="Boucherie Castaing", sector=Sector.BUTCHER),
    }
    users = {key: make_merchant_user(merchant) for key, merchant in merchants.items()}
    facts = []

    def fact(order_id, merchant, day, revenue, *, mode="home", hour=10):
        facts.append(
            Fact(
                territory=territory,
                order_id=order_id,
                merchant_id=merchants[merchant].pk,
                sector=merchants[merchant].sector,
                day=day,
                hour=hour,
                weekday=day.weekday(),
                commune_id=marmande.pk,
                mode=mode,
                contact_point_id=None,
                resident=f"{order_id:032d}",
                revenue=Decimal(revenue),
            )
        )

    for i in range(36):
        fact(1000 + i, "ABC"[i % 3], D, "10.00")
    fact(2000, "D", D + timedelta(days=1), "15.00")
    fact(3000, "A", D + timedelta(days=2), "4.00", mode="point", hour=18)
    fact(3001, "A", D + timedelta(days=2), "4.00", mode="point", hour=18)
    Fact.objects.bulk_create(facts)
    return FactWorld(territory, merchants, users, marmande)
