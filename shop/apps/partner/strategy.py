"""Prices as French shops show them: VAT included, at the rate of the product's class."""

from oscar.apps.partner import strategy
from oscar.core.loading import get_class

from shop import vat

UnavailablePrice = get_class("partner.prices", "Unavailable")
TaxInclusiveFixedPrice = get_class("partner.prices", "TaxInclusiveFixedPrice")


class FrenchVAT:
    """Pricing policy: the stock record's price includes VAT at the product class's rate."""

    def _price(self, product, stockrecord):
        if not stockrecord or stockrecord.price is None:
            return UnavailablePrice()
        excl_tax, tax = vat.split_inclusive_price(stockrecord.price, product.get_product_class().vat_rate)
        return TaxInclusiveFixedPrice(currency=stockrecord.price_currency, excl_tax=excl_tax, tax=tax)

    def pricing_policy(self, product, stockrecord):
        return self._price(product, stockrecord)

    def parent_pricing_policy(self, product, children_stock):
        stockrecords = [record for _child, record in children_stock if record is not None]
        return self._price(product, stockrecords[0] if stockrecords else None)


class Default(strategy.UseFirstStockRecord, strategy.StockRequired, FrenchVAT, strategy.Structured):
    """One stock record per product (its merchant's), stock required, VAT included."""


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request)
