from decimal import Decimal

import pytest

from core import vat
from tests.factories import MerchantFactory, make_product


@pytest.mark.parametrize(
    ("price", "rate", "excl", "tax"),
    [
        (Decimal("12.00"), vat.STANDARD, Decimal("10.00"), Decimal("2.00")),
        (Decimal("1.10"), vat.INTERMEDIATE, Decimal("1.00"), Decimal("0.10")),
        (Decimal("1.20"), vat.REDUCED, Decimal("1.14"), Decimal("0.06")),
        (Decimal("1.50"), vat.SUPER_REDUCED, Decimal("1.47"), Decimal("0.03")),
    ],
)
def test_inclusive_price_splits_into_excluded_price_and_vat(price, rate, excl, tax):
    assert vat.split_inclusive_price(price, rate) == (excl, tax)
    assert sum(vat.split_inclusive_price(price, rate)) == price


@pytest.mark.django_db
@pytest.mark.parametrize("rate", vat.RATES)
def test_strategy_shows_the_stock_price_vat_included_at_the_class_rate(rate, rf):
    from oscar.core.loading import get_class

    Selector = get_class("partner.strategy", "Selector")
    product = make_product(merchant=MerchantFactory(), price=Decimal("9.90"), vat_rate=rate)
    info = Selector().strategy().fetch_for_product(product)
    assert info.price.incl_tax == Decimal("9.90")
    assert info.price.excl_tax == vat.split_inclusive_price(Decimal("9.90"), rate)[0]
    assert info.price.tax == Decimal("9.90") - info.price.excl_tax
    assert info.price.currency == "EUR"
