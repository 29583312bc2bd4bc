"""Food information before purchase (EU regulation 1169/2011, art. 9 and 14): what a food product's page must
show before the resident buys it, the rule that a food product without it is not published, and how the list of
ingredients emphasises the allergens.

Emphasis rule: in the list of ingredients, the common French words of the declared allergens (« lait », « beurre »,
« blé », « œufs »…) are shown in bold automatically; any other word the merchant writes between asterisks
(« *noisettes* ») is shown in bold too."""

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.text import unaccent
from territory.models import TerritoryOwned


class Allergen(models.TextChoices):
    """The 14 substances of Annex II, in its order."""

    GLUTEN = "gluten", _("Céréales contenant du gluten")
    CRUSTACEANS = "crustaceans", _("Crustacés")
    EGGS = "eggs", _("Œufs")
    FISH = "fish", _("Poissons")
    PEANUTS = "peanuts", _("Arachides")
    SOYBEANS = "soybeans", _("Soja")
    MILK = "milk", _("Lait")
    NUTS = "nuts", _("Fruits à coque")
    CELERY = "celery", _("Céleri")
    MUSTARD = "mustard", _("Moutarde")
    SESAME = "sesame", _("Graines de sésame")
    SULPHITES = "sulphites", _("Anhydride sulfureux et sulfites (plus de 10 mg/kg)")
    LUPIN = "lupin", _("Lupin")
    MOLLUSCS = "molluscs", _("Mollusques")


# The words that name each allergen in a French list of ingredients: emphasised there when it is declared, and
# accepted (with the code and the label) in the import's « allergenes » column. The first one is the import's.
ALLERGEN_WORDS: dict[str, tuple[str, ...]] = {
    Allergen.GLUTEN: ("gluten", "blé", "froment", "seigle", "orge", "avoine", "épeautre", "kamut"),
    Allergen.CRUSTACEANS: (
        "crustacés",
        "crevette",
        "crabe",
        "homard",
        "langouste",
        "langoustine",
        "écrevisse",
        "tourteau",
        "gambas",
    ),
    Allergen.EGGS: ("œufs", "œuf"),
    Allergen.FISH: ("poissons", "poisson", "anchois", "cabillaud", "saumon", "thon", "truite", "sardine"),
    Allergen.PEANUTS: ("arachides", "arachide", "cacahuète", "cacahouète"),
    Allergen.SOYBEANS: ("soja",),
    Allergen.MILK: ("lait", "beurre", "crème", "fromage", "lactose", "lactosérum", "babeurre", "yaourt"),
    Allergen.NUTS: (
        "fruits à coque",
        "amande",
        "noisette",
        "noix",
        "cajou",
        "pécan",
        "pistache",
        "macadamia",
    ),
    Allergen.CELERY: ("céleri",),
    Allergen.MUSTARD: ("moutarde",),
    Allergen.SESAME: ("sésame",),
    Allergen.SULPHITES: ("sulfites", "sulfite", "anhydride sulfureux"),
    Allergen.LUPIN: ("lupin",),
    Allergen.MOLLUSCS: (
        "mollusques",
        "moule",
        "huître",
        "calamar",
        "encornet",
        "seiche",
        "poulpe",
        "escargot",
        "bulot",
        "palourde",
        "saint-jacques",
    ),
}
NO_ALLERGEN_WORDS = ("aucun", "aucune", "none", "sans")


class FoodInformation(TerritoryOwned):
    """What a food product's page tells before purchase; a product without this row is not a food product."""

    class Unit(models.TextChoices):
        GRAM = "g", "g"
        KILOGRAM = "kg", "kg"
        MILLILITRE = "ml", "ml"
        CENTILITRE = "cl", "cl"
        LITRE = "l", "l"
        PIECE = "piece", _("pièce(s)")

    class DateType(models.TextChoices):
        USE_BY = "use_by", _("À consommer jusqu'au (date limite de consommation)")
        BEST_BEFORE = "best_before", _("À consommer de préférence avant (date de durabilité minimale)")
        NONE = "none", _("Sans date (fruits et légumes frais, pain du jour…)")

    product = models.OneToOneField(
        "catalogue.Product",
        on_delete=models.CASCADE,
        related_name="food_information",
        verbose_name=_("produit"),
    )
    is_food = models.BooleanField(_("produit alimentaire"), default=False)
    ingredients = models.TextField(_("liste des ingrédients"), blank=True)
    allergens = models.JSONField(_("allergènes"), default=list, blank=True)
    no_allergens = models.BooleanField(_("aucun des 14 allergènes"), default=False)
    net_quantity = models.DecimalField(
        _("quantité nette"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    net_quantity_unit = models.CharField(_("unité"), max_length=10, choices=Unit.choices, blank=True)
    date_type = models.CharField(_("type de date"), max_length=20, choices=DateType.choices, blank=True)
    storage = models.CharField(_("conditions de conservation"), max_length=300, blank=True)
    origin = models.CharField(_("origine"), max_length=200, blank=True)
    producer_name = models.CharField(_("producteur"), max_length=200, blank=True)
    producer_address = models.CharField(_("adresse du producteur"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("informations alimentaires")
        verbose_name_plural = _("informations alimentaires")

    def __str__(self) -> str:
        return f"{self.product_id}: {self.ingredients[:40]}"

    def save(self, *args, **kwargs):
        if self.territory_id is None and self.product_id is not None:
            self.territory_id = self.product.territory_id
        super().save(*args, **kwargs)

    def clean(self):
        unknown = [code for code in self.allergens or [] if code not in Allergen.values]
        if not isinstance(self.allergens, list) or unknown:
            raise ValidationError(
                {"allergens": _("Allergène inconnu : choisissez parmi les 14 de la liste.")}
            )
        self.allergens = [code for code in Allergen.values if code in self.allergens]
        if self.allergens and self.no_allergens:
            raise ValidationError(
                {"no_allergens": _("Vous avez coché des allergènes : décochez « aucun des 14 allergènes ».")}
            )
        if (self.net_quantity is None) != (not self.net_quantity_unit):
            field = "net_quantity_unit" if self.net_quantity is not None else "net_quantity"
            raise ValidationError({field: _("Indiquez la quantité nette avec son unité, par exemple 370 g.")})

    def missing(self) -> dict[str, str]:
        """The mandatory information a food product lacks, by field (see ``food_information_missing``)."""
        return food_information_missing(values=self.__dict__)

    @property
    def allergen_labels(self) -> list[str]:
        return [Allergen(code).label for code in self.allergens]

    @property
    def net_quantity_display(self) -> str:
        if self.net_quantity is None:
            return ""
        value = self.net_quantity.normalize()
        number = number_format(value, decimal_pos=max(0, -value.as_tuple().exponent))
        if self.net_quantity_unit == self.Unit.PIECE:
            pieces = ngettext("pièce", "pièces", int(value) if value == int(value) else 2)
            return f"{number} {pieces}"
        return f"{number}\u00a0{self.net_quantity_unit}"

    @property
    def ingredients_html(self) -> SafeString:
        return ingredients_highlight(text=self.ingredients, allergens=self.allergens)


# Rules


def _mandatory() -> dict[str, Any]:
    return {
        "ingredients": _("La liste des ingrédients est obligatoire pour publier un produit alimentaire."),
        "allergens": _(
            "Cochez les allergènes présents, ou « aucun des 14 allergènes » : c'est obligatoire pour publier un"
            " produit alimentaire."
        ),
        "net_quantity": _(
            "La quantité nette et son unité sont obligatoires pour publier un produit alimentaire."
        ),
        "date_type": _("Le type de date est obligatoire pour publier un produit alimentaire."),
        "producer_name": _(
            "Le nom du producteur (l'exploitant responsable) est obligatoire pour publier un produit alimentaire."
        ),
        "producer_address": _("L'adresse du producteur est obligatoire pour publier un produit alimentaire."),
    }


def food_information_missing(*, values: Mapping[str, Any]) -> dict[str, str]:
    """The mandatory information (art. 9) a food product lacks, as {field: French message}; empty when it is
    complete or not a food product. Storage conditions and origin are optional."""
    if not values.get("is_food"):
        return {}
    present = {
        "ingredients": bool((values.get("ingredients") or "").strip()),
        "allergens": bool(values.get("allergens")) or bool(values.get("no_allergens")),
        "net_quantity": values.get("net_quantity") is not None and bool(values.get("net_quantity_unit")),
        "date_type": bool(values.get("date_type")),
        "producer_name": bool((values.get("producer_name") or "").strip()),
        "producer_address": bool((values.get("producer_address") or "").strip()),
    }
    return {field: str(message) for field, message in _mandatory().items() if not present[field]}


@lru_cache(maxsize=1)
def _allergen_aliases() -> dict[str, str]:
    aliases = {}
    for code, words in ALLERGEN_WORDS.items():
        for name in (code, str(Allergen(code).label), *words):
            aliases[unaccent(name).strip()] = code
    return aliases


def allergens_parse(text: str) -> tuple[list[str], bool]:
    """« gluten|lait », « Lait, œufs » or « aucun » as (codes, no_allergens); codes, French names and the words of
    ALLERGEN_WORDS are accepted. Raises ValueError with the French reason."""
    tokens = [token.strip() for token in re.split(r"[|,;]", text or "") if token.strip()]
    if len(tokens) == 1 and unaccent(tokens[0]) in NO_ALLERGEN_WORDS:
        return [], True
    aliases, codes = _allergen_aliases(), set()
    for token in tokens:
        code = aliases.get(unaccent(token)) or aliases.get(unaccent(token).rstrip("sx"))
        if code is None:
            raise ValueError(
                _(
                    "Allergène « %(value)s » inconnu : indiquez « aucun » ou parmi %(names)s, séparés par « | »."
                )
                % {"value": token, "names": ", ".join(words[0] for words in ALLERGEN_WORDS.values())}
            )
        codes.add(code)
    return [code for code in Allergen.values if code in codes], False


def allergens_format(*, allergens: Iterable[str], no_allergens: bool) -> str:
    """The import's « allergenes » cell: « gluten|lait », « aucun », or empty when nothing is declared."""
    if no_allergens and not allergens:
        return "aucun"
    return "|".join(ALLERGEN_WORDS[code][0] for code in Allergen.values if code in allergens)


@lru_cache(maxsize=256)
def _words_pattern(allergens: tuple[str, ...]) -> re.Pattern | None:
    variants = set()
    for code in allergens:
        for word in ALLERGEN_WORDS.get(code, ()):
            variants |= {word, unaccent(word)}
    if not variants:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(variants, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})(?:s|x)?\b", re.IGNORECASE)


def ingredients_highlight(*, text: str, allergens: Iterable[str]) -> SafeString:
    """The list of ingredients as HTML, the declared allergens' words and the *starred* ones in <strong>."""
    pattern = _words_pattern(tuple(allergens))
    html = []
    for index, part in enumerate(re.split(r"\*([^*\n]+)\*", text or "")):
        if index % 2:
            html.append(format_html("<strong>{}</strong>", part))
            continue
        position = 0
        for match in pattern.finditer(part) if pattern else ():
            html.append(escape(part[position : match.start()]))
            html.append(format_html("<strong>{}</strong>", match.group(0)))
            position = match.end()
        html.append(escape(part[position:]))
    return mark_safe("".join(html))  # noqa: S308 - every piece above is escaped


# Writes and reads

FIELDS = (
    "is_food",
    "ingredients",
    "allergens",
    "no_allergens",
    "net_quantity",
    "net_quantity_unit",
    "date_type",
    "storage",
    "origin",
    "producer_name",
    "producer_address",
)


@transaction.atomic
def food_information_save(*, product, values: Mapping[str, Any]) -> FoodInformation:
    """Writes a product's food information; raises ValidationError keyed by field when a value is invalid, or
    when the product is public and, being a food product, lacks mandatory information."""
    info = FoodInformation.objects.filter(product=product).first() or FoodInformation(
        product=product, territory_id=product.territory_id
    )
    for name in FIELDS:
        if name in values:
            setattr(info, name, values[name])
    info.full_clean(exclude=["product", "territory"], validate_unique=False)
    missing = info.missing()
    if product.is_public and missing:
        raise ValidationError(missing)
    info.save()
    return info


def food_information_for_product(*, product) -> FoodInformation | None:
    """The food information the product's page shows, or None for a product that is not food."""
    return FoodInformation.objects.filter(product_id=product.pk, is_food=True).first()


def products_food_incomplete(*, product_ids: Iterable[int]) -> set[int]:
    """Among ``product_ids``, the food products that lack mandatory information: they cannot be published."""
    infos = FoodInformation.objects.filter(product_id__in=list(product_ids), is_food=True)
    return {info.product_id for info in infos if info.missing()}
