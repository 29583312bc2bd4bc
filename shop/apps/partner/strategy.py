"""Prices as French shops show them: VAT included, at the rate of the product's class."""

from oscar.apps.partner import strategy
from oscar.core.loading import get_class

from core import vat

UnavailablePrice = get_class("partner.prices", "Unavailable")
Available = get_class("partner.availability", "Available")
StockRequiredAvailability = get_class("partner.availability", "StockRequired")
Unavailable = get_class("partner.availability", "Unavailable")
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


class StockRequiredNetOfHolds(strategy.StockRequired):
    """Availability policy: units in stock, minus those sold, minus those other residents' checkouts hold while
    they pay. The holds cost one query per strategy (so per request), whatever the number of products."""

    _units_held = None

    def units_held(self) -> dict[int, int]:
        if self._units_held is None:
            from payments.selectors import units_held

            user = getattr(self, "user", None)
            self._units_held = units_held(stockrecord_ids=None, exclude_user_id=user.pk if user else None)
        return self._units_held

    def availability_policy(self, product, stockrecord):
        if not stockrecord:
            return Unavailable()
        if not product.get_product_class().track_stock:
            return Available()
        return StockRequiredAvailability(
            stockrecord.net_stock_level - self.units_held().get(stockrecord.pk, 0)
        )


class Default(strategy.UseFirstStockRecord, StockRequiredNetOfHolds, FrenchVAT, strategy.Structured):
    """One stock record per product (its merchant's), stock required net of checkout holds, VAT included."""

    def __init__(self, request=None, user=None):
        super().__init__(request)
        if self.user is None and user is not None and user.is_authenticated:
            self.user = user

    def fetch_for_line(self, line, stockrecord=None):
        """A basket line is priced from the stock record it was added with (loaded with the line), rather than
        by looking the product's stock records up again: one query fewer per line, whatever the basket's size."""
        return self.fetch_for_product(line.product, stockrecord or line.stockrecord)


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request, user=user)
