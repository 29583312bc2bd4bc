from django.contrib import messages
from django.db.models import Count, F, Q, Sum
from django.template.loader import render_to_string
from oscar.apps.basket import utils


class BasketMessageGenerator(utils.BasketMessageGenerator):
    """Oscar's messages after a basket changes. The new total, when no offer applies to the basket, is summed by
    the database from the lines' stock records (their prices include VAT, shop.apps.partner.strategy) instead of
    loading and pricing every line: adding to a basket of 40 lines no longer costs as much as showing it."""

    def get_new_total_messages(self, basket, include_buttons=True):
        if basket.id is None or basket.offer_applications.offers or basket.vouchers.exists():
            return super().get_new_total_messages(basket, include_buttons)
        summed = basket.lines.aggregate(
            total=Sum(F("quantity") * F("stockrecord__price")),
            lines=Count("pk"),
            unpriced=Count("pk", filter=Q(stockrecord__price__isnull=True)),
        )
        if summed["unpriced"]:  # a line Oscar would price otherwise: its own way
            return super().get_new_total_messages(basket, include_buttons)
        message = render_to_string(
            "oscar/basket/messages/new_total.html",
            {
                "summed_total": summed["total"],
                "summed_empty": not summed["lines"],
                "currency": basket.currency,
                "include_buttons": include_buttons,
                "basket": basket,
            },
        )
        return [(messages.INFO, message)]
