"""The food columns of a merchant's catalogue CSV (merchants.catalogue_csv): reading them into a FoodRow, with
the French reason when a cell cannot be read, and writing a product's food information back as cells."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.csv_text import csv_decimal
from core.text import unaccent
from merchants.food_information import (
    FoodInformation,
    allergens_format,
    allergens_parse,
    food_information_missing,
)

FOOD_COLUMNS = [
    "alimentaire",
    "ingredients",
    "allergenes",
    "quantite_nette",
    "unite",
    "type_date",
    "conservation",
    "origine",
    "producteur",
    "adresse_producteur",
]


@dataclass(frozen=True)
class FoodRow:
    """A row's food information, as merchants.food_information.FoodInformation's fields."""

    is_food: bool
    ingredients: str = ""
    allergens: tuple[str, ...] = ()
    no_allergens: bool = False
    net_quantity: Decimal | None = None
    net_quantity_unit: str = ""
    date_type: str = ""
    storage: str = ""
    origin: str = ""
    producer_name: str = ""
    producer_address: str = ""

    def values(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__} | {
            "allergens": list(self.allergens)
        }

    @property
    def missing(self) -> dict[str, str]:
        return food_information_missing(values=self.values())


_YES = {"oui", "o", "yes", "y", "1", "x", "vrai", "true"}
_NO = {"non", "n", "no", "0", "faux", "false"}
_UNITS = {
    "g": "g",
    "gr": "g",
    "grammes": "g",
    "kg": "kg",
    "ml": "ml",
    "cl": "cl",
    "l": "l",
    "litre": "l",
    "litres": "l",
    "piece": "piece",
    "pieces": "piece",
    "pce": "piece",
    "pcs": "piece",
    "unite": "piece",
    "unites": "piece",
}
_DATE_TYPES = {
    "dlc": "use_by",
    "a consommer jusqu'au": "use_by",
    "use_by": "use_by",
    "ddm": "best_before",
    "dluo": "best_before",
    "a consommer de preference avant": "best_before",
    "best_before": "best_before",
    "aucune": "none",
    "aucun": "none",
    "sans": "none",
    "sans date": "none",
    "none": "none",
}
_FOOD_LIMITS = {"conservation": 300, "origine": 200, "producteur": 200, "adresse_producteur": 300}


def food_row_parse(record: dict[str, str]) -> FoodRow:
    """The row's food columns as a FoodRow; raises ValueError with the French reason."""
    cell = {column: record.get(column, "").strip() for column in FOOD_COLUMNS}
    flag = unaccent(cell["alimentaire"])
    if flag and flag not in _YES | _NO:
        raise ValueError(
            _("Colonne alimentaire « %(value)s » : écrivez « oui » ou « non ».")
            % {"value": cell["alimentaire"]}
        )
    is_food = flag in _YES if flag else any(cell[column] for column in FOOD_COLUMNS[1:])
    if not is_food:
        return FoodRow(is_food=False)
    for column, limit in _FOOD_LIMITS.items():
        if len(cell[column]) > limit:
            raise ValueError(
                _("Colonne %(column)s trop longue (%(limit)s caractères au plus).")
                % {"column": column, "limit": limit}
            )
    allergens, no_allergens = allergens_parse(cell["allergenes"])
    quantity_text, unit_text = cell["quantite_nette"], unaccent(cell["unite"]).rstrip(".")
    if quantity_text and not unit_text:
        match = re.fullmatch(r"([\d.,\s]+?)\s*([^\d\s].*)", quantity_text)
        if match:
            quantity_text, unit_text = match.group(1), unaccent(match.group(2)).rstrip(".")
    quantity = None
    if quantity_text:
        try:
            quantity = csv_decimal(quantity_text)
        except InvalidOperation:
            quantity = None
        if quantity is None or not quantity.is_finite() or quantity <= 0 or quantity >= Decimal("10000000"):
            raise ValueError(
                _(
                    "Quantité nette « %(value)s » illisible : un nombre positif, par exemple « 370 » ou « 0,75 »."
                )
                % {"value": cell["quantite_nette"]}
            )
        quantity = quantity.quantize(Decimal("0.001"))
    unit = _UNITS.get(unit_text, "") if unit_text else ""
    if unit_text and not unit:
        raise ValueError(
            _("Unité « %(value)s » inconnue : g, kg, ml, cl, l ou pièce.") % {"value": cell["unite"]}
        )
    if bool(unit) != (quantity is not None):
        raise ValueError(_("Indiquez la quantité nette avec son unité, par exemple 370 et g."))
    date_text = unaccent(cell["type_date"]).replace("’", "'")
    date_type = _DATE_TYPES.get(date_text, "") if date_text else ""
    if date_text and not date_type:
        raise ValueError(
            _(
                "Type de date « %(value)s » inconnu : dlc (à consommer jusqu'au), ddm (à consommer de préférence"
                " avant) ou aucune."
            )
            % {"value": cell["type_date"]}
        )
    return FoodRow(
        is_food=True,
        ingredients=cell["ingredients"],
        allergens=tuple(allergens),
        no_allergens=no_allergens,
        net_quantity=quantity,
        net_quantity_unit=unit,
        date_type=date_type,
        storage=cell["conservation"],
        origin=cell["origine"],
        producer_name=cell["producteur"],
        producer_address=cell["adresse_producteur"],
    )


def _format_quantity(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def food_row_cells(info: FoodInformation | None) -> list[str]:
    if info is None or not info.is_food:
        return ["non"] + [""] * (len(FOOD_COLUMNS) - 1)
    quantity = _format_quantity(info.net_quantity) if info.net_quantity is not None else ""
    date_types = {"use_by": "dlc", "best_before": "ddm", "none": "aucune"}
    return [
        "oui",
        info.ingredients,
        allergens_format(allergens=info.allergens, no_allergens=info.no_allergens),
        quantity,
        {"piece": "pièce"}.get(info.net_quantity_unit, info.net_quantity_unit),
        date_types.get(info.date_type, ""),
        info.storage,
        info.origin,
        info.producer_name,
        info.producer_address,
    ]
