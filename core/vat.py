"""French VAT rates (taux de TVA) and the split of a VAT-inclusive price."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

STANDARD = Decimal("20.00")
INTERMEDIATE = Decimal("10.00")
REDUCED = Decimal("5.50")
SUPER_REDUCED = Decimal("2.10")

RATE_CHOICES = [
    (STANDARD, _("20 % (taux normal)")),
    (INTERMEDIATE, _("10 % (taux intermédiaire)")),
    (REDUCED, _("5,5 % (taux réduit)")),
    (SUPER_REDUCED, _("2,1 % (taux particulier)")),
]
RATES = tuple(rate for rate, _label in RATE_CHOICES)
CENT = Decimal("0.01")


def split_inclusive_price(price_incl_tax: Decimal, rate_percent: Decimal) -> tuple[Decimal, Decimal]:
    """Returns (price excluding VAT, VAT) for a price shown VAT included, as French tills do."""
    excl = (price_incl_tax * 100 / (100 + rate_percent)).quantize(CENT, rounding=ROUND_HALF_UP)
    return excl, price_incl_tax - excl


def euros_fr(amount: Decimal) -> str:
    """« 12,50 »: an amount in euros with two decimals and a French comma (the € is the caller's)."""
    return f"{amount.quantize(CENT):.2f}".replace(".", ",")
