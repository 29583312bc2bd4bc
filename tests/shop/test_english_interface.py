"""The English interface, page by page and role by role, has no French left: once the data a page shows (shop,
product, resident and place names) is set aside, its visible text has no French word and no accented letter."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.territory.isolation import build_side

pytestmark = pytest.mark.django_db

# Words English never uses and French pages always do; accented letters likewise (the data is set aside first).
FRENCH = re.compile(
    r"\b(le|la|les|des|du|une|un|vos|votre|vous|nous|pour|avec|est|sont|aucun|aucune|et|ou|au|aux|sur|dans|"
    r"commande|commandes|panier|produits?|commerçants?|livraison|retrait|tournées?|colis|mairie|horaires|"
    r"fermé|ouvert|connexion|compte|recherche|accueil)\b|[àâçéèêëîïôûùüÿœ]",
    re.IGNORECASE,
)
# Names that stay French in English: the language selector's own « Français », La Poste, the Défenseur des droits
# and its free postal address.
PROPER_NAMES = ("Français", "La Poste", "Défenseur des droits", "Libre réponse")
# Values quoted as a file must hold them (“aucun”, the CSV's French columns) and lists of the French words a
# label is written with (the allergens « lait, beurre, blé… »): examples of data, not interface text.
DATA_VALUES = re.compile(r"“[^”]*”|\*[^*]+\*|\(([^()]*,){2,}[^()]*\)")


class _VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes outside script and style, and the alt, title, aria-label and
    placeholder of elements; the page's <title> too."""

    SPOKEN = ("alt", "title", "aria-label", "placeholder", "value")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        attributes = dict(attrs)
        for name in self.SPOKEN:
            if name == "value" and (tag != "input" or attributes.get("type") not in ("submit", "button")):
                continue
            if attributes.get(name):
                self.parts.append(attributes[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return parser.parts


@pytest.fixture
def side():
    side = build_side(
        name="Val de Garonne",
        slug="val-de-garonne",
        domain="testserver",
        insee="47157",
        postcode="47200",
        tag="Garonne",
    )
    side.users["municipality"].user_permissions.add(Permission.objects.get(codename="change_territory"))
    _mandate_with_actions(side)
    return side


def _mandate_with_actions(side) -> None:
    """The resident gave the counter agent a mandate, then ended it: their account lists both helpers' steps."""
    from datetime import timedelta

    from django.utils import timezone

    from counter import mandates

    helper, resident = side.users["counter agent"], side.users["resident"]
    mandate = mandates.mandate_propose(
        helper=helper,
        resident_id=resident.pk,
        valid_until=timezone.now() + timedelta(days=30),
        consent="signature",
    )
    mandates.mandate_agree_by_signature(mandate=mandate, helper=helper, signature="M 1 1 L 2 2 L 3 3 L 4 4")
    mandates.mandate_revoke(mandate_id=mandate.pk, by=resident)


def _text_fields(instance) -> list[str]:
    from django.db.models import CharField, TextField

    if instance is None:
        return []
    return [
        str(getattr(instance, field.attname) or "")
        for field in instance._meta.concrete_fields
        if isinstance(field, CharField | TextField)
    ]


def data_names(side) -> list[str]:
    """What the test data names, in whatever language it was written (shops, products, categories, places,
    people, vehicles, the settings' sources): set aside before looking for French."""
    from django.conf import settings
    from oscar.core.loading import get_model

    from merchants.payouts import CSV_COLUMNS

    order = side.order
    names = [*_text_fields(side.merchant), *_text_fields(side.merchant.partner), *_text_fields(side.product)]
    names += [*_text_fields(side.territory), order.number]
    for point in type(side.parcel.contact_point).objects.all():
        names += _text_fields(point)
    names += _text_fields(getattr(order, "pickup", None))
    names += _text_fields(order.shipping_address)
    names += [category.name for category in get_model("catalogue", "Category").objects.all()]
    vehicle = getattr(side.round, "vehicle", None)
    names += _text_fields(vehicle)
    names += [factor["source"] for factor in settings.OBSERVATORY_EMISSION_FACTORS.values()]
    names += [", ".join(CSV_COLUMNS)]
    for user in side.users.values():
        names += [user.first_name, user.last_name, user.get_full_name(), user.email]
    return sorted({name.strip() for name in names if len(name.strip()) > 2}, key=len, reverse=True)


def pages_by_role(side) -> dict[str, list[str]]:
    fulfilment = side.order.fulfilments.get()
    return {
        "visitor": [
            reverse("home"),
            reverse("catalogue:index"),
            reverse("search:search") + "?q=pruneaux",
            reverse("merchants:directory"),
            side.merchant.get_absolute_url(),
            side.product.get_absolute_url(),
            reverse("basket:summary"),
            reverse("customer:login"),
            reverse("customer:register"),
            reverse("accessibility"),
            "/no-such-page/",
        ],
        "resident": [
            reverse("customer:order-list"),
            reverse("customer:order", kwargs={"order_number": side.order.number}),
            reverse("customer:address-list"),
            reverse("customer:profile-update"),
            reverse("customer:change-password"),
            reverse("counter-account:mandates"),
            reverse("my-data"),
        ],
        "merchant": [
            reverse("dashboard:index"),
            reverse("merchant-space:fulfilment-list"),
            reverse("merchant-space:fulfilment-detail", kwargs={"pk": fulfilment.pk}),
            reverse("merchant-space:catalogue-import"),
            reverse("merchant-space:payouts"),
            reverse("merchant-space:sales"),
            reverse("merchant-space:notifications"),
            reverse("merchant-space:storefront"),
            reverse("dashboard:catalogue-product-list"),
            reverse("dashboard:catalogue-product", kwargs={"pk": side.product.pk}),
        ],
        "counter agent": [
            reverse("pickup:parcel-list"),
            reverse("pickup:parcel-detail", kwargs={"pk": side.parcel.pk}),
            reverse("counter:help"),
            reverse("counter:help") + "?last_name=Nobody&postcode=47200",
        ],
        "courier": [
            reverse("delivery:round-list"),
            reverse("delivery:round-detail", kwargs={"pk": side.round.pk}),
        ],
        "municipality": [
            reverse("dashboard:index"),
            reverse("shop-dashboard:territory"),
            reverse("delivery-dashboard:fees"),
            reverse("delivery-dashboard:slots"),
            reverse("pickup-dashboard:point-list"),
            reverse("merchant-review:list"),
            reverse("dispatch:day"),
            reverse("observatory:index"),
        ],
    }


def french_left(html: str, names: list[str]) -> list[str]:
    found = []
    for part in visible_text(html):
        text = DATA_VALUES.sub(" ", part)
        for name in (*names, *PROPER_NAMES):
            text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
        if FRENCH.search(text):
            found.append(part[:120])
    return found


@pytest.mark.parametrize(
    "role", ["visitor", "resident", "merchant", "counter agent", "courier", "municipality"]
)
def test_the_english_interface_has_no_french_left(client, side, role):
    if role != "visitor":
        client.force_login(side.users[role])
    client.cookies["django_language"] = "en"
    names = data_names(side)
    problems = []
    for url in pages_by_role(side)[role]:
        response = client.get(url)
        if response.status_code not in (200, 404):
            problems.append(f"{url}: {response.status_code}")
            continue
        html = response.content.decode()
        assert 'lang="en"' in html, url
        problems += [f"{url}: {text}" for text in french_left(html, names)]
    assert problems == []


def test_the_detector_finds_french_it_is_shown():
    html = '<html lang="en"><title>Cart</title><p>Votre panier est vide</p><img alt="Vitrine"><p>Beurré</p></html>'
    assert french_left(html, names=[]) == ["Votre panier est vide", "Beurré"]
    assert french_left('<p>Au Fournil sells bread</p><script>var la = "le";</script>', ["Au Fournil"]) == []
    assert french_left("<p>type_date: “dlc” or “aucune” (none)</p><p>(lait, beurre, blé)</p>", []) == []
    assert french_left('<input type="submit" value="Valider la commande">', []) == ["Valider la commande"]
