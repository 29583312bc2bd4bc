"""Plausible food information (EU regulation 1169/2011) for the demo's food products, drawn from each shop's
sector and each product's title: the demo's food products are complete, hence published."""

import re
from decimal import Decimal

from core.text import unaccent
from merchants.catalogue_csv import CatalogueRow, FoodRow
from merchants.food_information import ALLERGEN_WORDS, Allergen
from merchants.models import Merchant, Sector

FOOD_SECTORS = {
    Sector.BAKERY,
    Sector.BUTCHER,
    Sector.CHEESE,
    Sector.GREENGROCER,
    Sector.FISHMONGER,
    Sector.WINE,
    Sector.DELICATESSEN,
    Sector.CHOCOLATE,
    Sector.CATERER,
    Sector.COFFEE,
    Sector.ORGANIC,
    Sector.HONEY,
}
_PRODUCE = (
    "tomate ail asperge aubergine banane carotte champignon citron courge courgette echalote fraise haricots verts "
    "kiwi melon oignon peche poire poireau poivron pomme potiron prunes salade"
).split()
_PROCESSED = (
    "confiture",
    "jus",
    "coulis",
    "sauce",
    "creme",
    "puree",
    "pruneaux",
    "farine",
    "compote",
    "chips",
)
_PASTRY = (
    "croissant chocolatine brioche chausson pastis torsade eclair tarte flan paris-brest millefeuille".split()
)
_SEAFOOD = {Allergen.FISH, Allergen.CRUSTACEANS, Allergen.MOLLUSCS}
# Things a food shop sells that are not food (a teapot, soap): no food information.
_NOT_FOOD = re.compile(r"^(cafetiere|filtres|moulin|savon|tasses|theiere)\b")
_MEAT = ("poulet", "canard", "magret", "pintade", "foie gras", "confit")
_COLD = "À conserver au réfrigérateur entre 0 et 4 °C."
_DRY = "À conserver au sec, à l'abri de la lumière et de la chaleur."


def _name(title: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", title).strip()


def _quantity(title: str) -> tuple[Decimal, str]:
    text = title.replace(",", ".")
    match = re.search(r"(\d+)\s*×\s*(\d+(?:\.\d+)?)\s*(kg|g|cl|ml|l)\b", text, re.IGNORECASE)
    if match:
        return Decimal(match.group(1)) * Decimal(match.group(2)), match.group(3).lower()
    match = re.search(r"(\d+(?:\.\d+)?)\s*(kg|g|cl|ml|l)\b", text, re.IGNORECASE)
    if match:
        return Decimal(match.group(1)), match.group(2).lower()
    match = re.search(r"×\s*(\d+)", text)
    if match:
        return Decimal(match.group(1)), "piece"
    return (Decimal(12), "piece") if "douzaine" in text else (Decimal(1), "piece")


def _allergens(text: str, *, only: set[str] | None = None) -> list[str]:
    plain = unaccent(text)
    found = set()
    for code, words in ALLERGEN_WORDS.items():
        if (only is None or code in only) and any(
            re.search(rf"\b{re.escape(unaccent(w))}(?:s|x)?\b", plain) for w in words
        ):
            found.add(code)
    return [code for code in Allergen.values if code in found]


def _recipe(sector: str, title: str) -> tuple[str, str, str, str, set[str] | None]:
    """(ingredients, date type, storage, origin, allergens to look for or None for all) of one product."""
    name, plain = _name(title), unaccent(title)
    if "biere" in plain:
        return "Eau, malt d'orge, houblon, levure.", "best_before", _DRY, "France", None
    if sector == Sector.WINE or re.search(r"\b(vin|aop 20\d\d|champagne|cremant|armagnac)\b", plain):
        return "Raisins, conservateur : anhydride sulfureux (sulfites).", "none", _DRY, "France", None
    if sector == Sector.FISHMONGER:
        words = (
            *ALLERGEN_WORDS[Allergen.CRUSTACEANS],
            *ALLERGEN_WORDS[Allergen.MOLLUSCS],
            "bulot",
            "tourteau",
        )
        is_shellfish = any(
            unaccent(word) in plain for word in (*words, "gambas", "palourde", "saint-jacques")
        )
        ingredients = name if is_shellfish else f"{name} (poisson)"
        return ingredients, "use_by", _COLD, "Pêché en Atlantique Nord-Est (zone FAO 27)", _SEAFOOD
    if sector == Sector.COFFEE:
        kind = "Thé" if "the " in plain else "Café 100 % arabica torréfié"
        return f"{kind} ({name}).", "best_before", _DRY, "", None
    if sector == Sector.BAKERY:
        if any(word in plain for word in _PASTRY):
            return (
                f"{name} : farine de blé, beurre, sucre, œufs, lait, sel, levure.",
                "use_by",
                "À consommer dans la journée.",
                "",
                None,
            )
        return (
            f"{name} : farine de blé, eau, levain naturel, sel.",
            "none",
            "À consommer dans la journée.",
            "",
            None,
        )
    if sector == Sector.BUTCHER or any(word in plain for word in _MEAT):
        return f"{name} : viande (100 %).", "use_by", _COLD, "France (né, élevé et abattu en France)", set()
    if sector == Sector.CHEESE and not any(word in plain for word in ("coing", "confiture", "miel")):
        return (
            f"{name} : lait, sel, ferments lactiques, présure.",
            "use_by",
            "À conserver entre 2 et 8 °C.",
            "",
            None,
        )
    if sector == Sector.CHOCOLATE:
        return (
            f"{name} : chocolat (pâte de cacao, sucre, beurre de cacao, émulsifiant : lécithine de soja).",
            "best_before",
            "À conserver entre 15 et 18 °C, au sec.",
            "",
            None,
        )
    if sector == Sector.CATERER:
        return f"{name} : préparation maison, huile de tournesol, sel, poivre.", "use_by", _COLD, "", None
    if any(word in plain for word in _PRODUCE) and not any(word in plain for word in _PROCESSED):
        return f"{name}.", "none", "À conserver au frais.", "France (Lot-et-Garonne)", None
    return f"{name}.", "best_before", _DRY, "", None


def demo_food(*, merchant: Merchant, row: CatalogueRow) -> FoodRow | None:
    """The food information of one demo product, or None for a shop that sells no food."""
    if merchant.sector not in FOOD_SECTORS or _NOT_FOOD.match(unaccent(row.title)):
        return None
    ingredients, date_type, storage, origin, only = _recipe(merchant.sector, row.title)
    allergens = _allergens(f"{row.title} {ingredients}", only=only)
    quantity, unit = _quantity(row.title)
    return FoodRow(
        is_food=True,
        ingredients=ingredients,
        allergens=tuple(allergens),
        no_allergens=not allergens,
        net_quantity=quantity,
        net_quantity_unit=unit,
        date_type=date_type,
        storage=storage,
        origin=origin,
        producer_name=merchant.legal_name,
        producer_address=merchant.full_address,
    )
