"""What the observatory's pages, exports and report show for one period beside the same period a year earlier:
each indicator's table after statistical secrecy, with its labels, and the headline figures. Everything here comes
from the rollups (never from an order), so nothing personal can reach it."""

import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.wiring import wired
from observatory.models import Mode, Outcome
from observatory.periods import Period
from observatory.secrecy import TOTAL, PublishedCell, PublishedTable
from observatory.services import named_merchant_ids, named_rollup, rollups_for
from observatory.tables import (
    CO2,
    COMMISSION,
    COUNT,
    DECIMAL_TABLES,
    KM,
    NAMED,
    NEW,
    OTHERS,
    OUTSIDE,
    PAID,
    PARCELS,
    RETURNING,
)
from territory.models import Commune

WEEKDAYS = [_("lundi"), _("mardi"), _("mercredi"), _("jeudi"), _("vendredi"), _("samedi"), _("dimanche")]

# code → (title, what it shows, unit, chart kind, row dimension)
SPECS = {
    "sales": (_("Ventes par secteur"), _("Ventes TTC, remboursements déduits, par secteur et mode de remise"), "euro", "bar", "sector"),
    "communes": (_("Ventes par commune des habitants"), _("Ventes TTC par commune de l'adresse de l'habitant"), "euro", "map", "commune"),
    "orders": (_("Commandes par commune"), _("Commandes par commune de l'habitant et mode de remise"), "count", "bar", "commune"),
    "residents": (_("Habitants qui ont commandé"), _("Nouveaux habitants (première commande) et habitués, par commune"), "count", "bar", "commune"),
    "hours": (_("Jours et heures des commandes"), _("Commandes par jour de la semaine et heure"), "count", "heatmap", "weekday"),
    "points": (_("Colis par point de contact"), _("Commandes retirées en point de contact, par point"), "count", "bar", "contact_point"),
    "delivery": (_("Ponctualité des livraisons"), _("Parts de commande livrées à l'heure, en retard ou en échec"), "count", "bar", "mode"),
    "payouts": (_("Versements et commission"), _("Versé aux commerçants et commission gardée, par secteur"), "euro", "bar", "sector"),
    "fleet": (_("Tournées : kilomètres et CO₂"), _("Kilomètres parcourus, colis livrés et CO₂ émis, par type de véhicule"), "mixed", "bar", "vehicle_kind"),
    "named": (_("Commerçants nommés"), _("Ventes des commerçants qui ont accepté d'être nommés, le reste de leur secteur à côté"), "euro", "bar", "sector"),
}  # fmt: skip
COLUMN_LABELS = {
    Mode.HOME.value: Mode.HOME.label,
    Mode.POINT.value: Mode.POINT.label,
    Mode.SHOP.value: Mode.SHOP.label,
    NEW: _("Nouveaux"),
    RETURNING: _("Habitués"),
    PARCELS: _("Colis"),
    PAID: _("Versé aux commerçants"),
    COMMISSION: _("Commission"),
    KM: _("Kilomètres"),
    CO2: _("CO₂ (kg)"),
    COUNT: _("Nombre"),
    OTHERS: _("Les autres commerçants"),
    **{outcome.value: outcome.label for outcome in Outcome},
}


@dataclass(frozen=True)
class Axis:
    key: object
    label: str


@dataclass
class IndicatorTable:
    code: str
    title: str
    description: str
    unit: str  # euro, count or mixed (fleet: km, parcels, kg)
    chart: str  # bar, map or heatmap
    rows: list[Axis]
    columns: list[Axis]
    current: PublishedTable
    previous: PublishedTable
    row_totals: bool = True

    def cell(self, row, column, *, previous: bool = False) -> PublishedCell:
        """An entry (TOTAL for a margin) of the period or of the year before; absent means none: 0."""
        table = self.previous if previous else self.current
        return table.cells.get((row, column), PublishedCell(0))

    @property
    def hidden_count(self) -> int:
        return sum(cell.hidden for cell in self.current.cells.values())


@dataclass(frozen=True)
class Headline:
    code: str
    label: str
    unit: str  # euro, count, percent, km, kg
    current: PublishedCell
    previous: PublishedCell

    @property
    def change(self) -> Decimal | None:
        """The change from a year earlier, in percent; None when either is hidden or the earlier one is 0."""
        if self.current.hidden or self.previous.hidden or not self.previous.value:
            return None
        ratio = (Decimal(str(self.current.value)) / Decimal(str(self.previous.value)) - 1) * 100
        return ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Observatory:
    period: Period
    previous: Period
    headlines: list[Headline]
    tables: dict[str, IndicatorTable]
    communes: list[dict] = field(default_factory=list)  # key, name, latitude, longitude: the map's points
    emission_factors: list[dict] = field(default_factory=list)  # kind, label, kg_per_km, source
    computed_at: object = None


def _number(value, money: bool):
    if value is None:
        return None
    return Decimal(value) if money else int(Decimal(value))


def _published(data: dict, *, money: bool) -> PublishedTable:
    from observatory.secrecy import secrecy_reason

    def key(label):
        return TOTAL if label is None else label

    reasons: dict[str, str] = {}  # a table hides many cells for few reasons: each said once

    def reason(code):
        if code not in reasons:
            reasons[code] = secrecy_reason(code)
        return reasons[code]

    rows, columns = tuple(data["rows"]), tuple(data["columns"])
    cells = {
        (key(row), key(column)): PublishedCell(
            _number(value, money), None if code is None else reason(code), code
        )
        for row, column, value, code in data["cells"]
    }
    return PublishedTable(rows, columns, cells)


LABELS_SECONDS = 300  # a shop, commune or contact point renamed shows under its new name within five minutes


def _labels(kind: str, keys: list, *, territory) -> dict:
    """The names of a table's keys in the reader's language, remembered a few minutes (a page names hundreds)."""
    keys = [key for key in keys if key is not TOTAL]
    if kind in ("weekday", "mode"):
        return _labels_read(kind, keys, territory=territory)
    digest = hashlib.sha1(repr(sorted(map(str, keys))).encode(), usedforsecurity=False).hexdigest()
    cache_key = f"observatory-labels:{territory.pk}:{kind}:{get_language()}:{digest}"
    found = cache.get(cache_key)
    if found is None:
        found = _labels_read(kind, keys, territory=territory)
        cache.set(cache_key, found, LABELS_SECONDS)
    return found


def _labels_read(kind: str, keys: list, *, territory) -> dict:
    if kind == "commune":
        communes = Commune.objects.filter(territory=territory, pk__in=[k for k in keys if k != OUTSIDE])
        names = dict(communes.values_list("pk", "name"))
        names[OUTSIDE] = str(_("Hors du territoire"))
        return names
    if kind == "weekday":
        return {day: str(WEEKDAYS[day]).capitalize() for day in range(7)}
    if kind == "mode":
        return {mode.value: str(mode.label) for mode in Mode}
    return wired(setting="OBSERVATORY_LABELS")(kind=kind, keys=keys)


def _hour_label(key: str) -> str:
    start, end = key.split("-")
    return f"{int(start)} h – {int(end)} h"


def _indicator(code: str, territory, current: PublishedTable, previous: PublishedTable) -> IndicatorTable:
    title, description, unit, chart, dimension = SPECS[code]
    row_keys = list(dict.fromkeys([*current.rows, *previous.rows]))
    column_keys = list(dict.fromkeys([*current.columns, *previous.columns]))
    labels = _labels(dimension, row_keys, territory=territory)
    if code == "named":
        labels = {**labels}
        column_labels = {
            **COLUMN_LABELS,
            **_labels("merchant", [k for k in column_keys if k != OTHERS], territory=territory),
        }
    elif code == "hours":
        column_labels = {key: _hour_label(key) for key in column_keys}
    else:
        column_labels = COLUMN_LABELS
    rows = [Axis(key, str(labels.get(key, key))) for key in row_keys]
    if code not in ("hours",):
        rows.sort(key=lambda axis: (axis.key == OUTSIDE, axis.label.casefold()))
    columns = [Axis(key, str(column_labels.get(key, key))) for key in column_keys]
    return IndicatorTable(
        code,
        str(title),
        str(description),
        unit,
        chart,
        rows,
        columns,
        current,
        previous,
        row_totals=code != "fleet",
    )


def observatory_read(*, territory, period: Period) -> Observatory:
    """The territory's observatory for the period, the same period a year earlier beside it."""
    previous = period.year_earlier()
    now = rollups_for(territory=territory, period=period)
    before = rollups_for(territory=territory, period=previous)
    consented = named_merchant_ids(territory=territory)
    tables = {}
    for code in SPECS:
        if code == NAMED:
            current = _published(named_rollup(rollups=now, consented=consented).published, money=True)
            earlier = _published(named_rollup(rollups=before, consented=consented).published, money=True)
        else:
            money = code in DECIMAL_TABLES
            current = _published(now[code].published, money=money)
            earlier = _published(before[code].published, money=money)
        tables[code] = _indicator(code, territory, current, earlier)
    active_now = _published(now["active"].published, money=False)
    active_before = _published(before["active"].published, money=False)
    return Observatory(
        period=period,
        previous=previous,
        headlines=_headlines(tables, active_now, active_before),
        tables=tables,
        communes=_communes(tables["communes"], territory=territory),
        emission_factors=[
            {
                "kind": kind,
                "label": str(_labels("vehicle_kind", [kind], territory=territory).get(kind, kind)),
                **spec,
            }
            for kind, spec in settings.OBSERVATORY_EMISSION_FACTORS.items()
        ],
        computed_at=min((rollup.computed_at for rollup in now.values()), default=None),
    )


def _ratio(numerator: PublishedCell, denominator: PublishedCell, *, scale=1, places="0.01") -> PublishedCell:
    if numerator.hidden:
        return numerator
    if denominator.hidden:
        return denominator
    if not denominator.value:
        return PublishedCell(None, str(_("Rien à rapporter sur la période")), "empty")
    value = Decimal(str(numerator.value)) * scale / Decimal(str(denominator.value))
    return PublishedCell(value.quantize(Decimal(places), rounding=ROUND_HALF_UP))


def _headlines(tables: dict, active_now: PublishedTable, active_before: PublishedTable) -> list[Headline]:
    def both(code, row, column, *, compute=None):
        if compute is not None:
            return compute(False), compute(True)
        table = tables[code]
        return table.cell(row, column), table.cell(row, column, previous=True)

    def basket(previous):
        sales, orders = tables["sales"], tables["orders"]
        return _ratio(
            sales.cell(TOTAL, TOTAL, previous=previous), orders.cell(TOTAL, TOTAL, previous=previous)
        )

    def on_time(previous):
        # On-time parts among every part delivered or failed: a rate of published totals, so it gives away
        # neither the late nor the failed ones when those are secret.
        delivery = tables["delivery"]
        done = delivery.cell(TOTAL, Outcome.ON_TIME.value, previous=previous)
        return _ratio(done, delivery.cell(TOTAL, TOTAL, previous=previous), scale=100, places="0.1")

    def km_per_parcel(previous):
        fleet = tables["fleet"]
        return _ratio(fleet.cell(TOTAL, KM, previous=previous), fleet.cell(TOTAL, PARCELS, previous=previous))

    active = (
        active_now.cells.get(("merchants", COUNT), PublishedCell(0)),
        active_before.cells.get(("merchants", COUNT), PublishedCell(0)),
    )
    figures = [
        ("revenue", _("Ventes"), "euro", both("sales", TOTAL, TOTAL)),
        ("orders", _("Commandes"), "count", both("orders", TOTAL, TOTAL)),
        ("basket", _("Panier moyen"), "euro", both("", None, None, compute=basket)),
        ("merchants", _("Commerçants actifs"), "count", active),
        ("residents", _("Habitants qui ont commandé"), "count", both("residents", TOTAL, TOTAL)),
        ("new_residents", _("Nouveaux habitants"), "count", both("residents", TOTAL, NEW)),
        ("on_time", _("Livraisons à l'heure"), "percent", both("", None, None, compute=on_time)),
        ("failed", _("Livraisons en échec"), "count", both("delivery", TOTAL, Outcome.FAILED.value)),
        ("km_per_parcel", _("Kilomètres par colis"), "km", both("", None, None, compute=km_per_parcel)),
        ("co2", _("CO₂ des tournées"), "kg", both("fleet", TOTAL, CO2)),
        ("paid", _("Versé aux commerçants"), "euro", both("payouts", TOTAL, PAID)),
        ("commission", _("Commission gardée"), "euro", both("payouts", TOTAL, COMMISSION)),
    ]
    return [Headline(code, str(label), unit, now, before) for code, label, unit, (now, before) in figures]


def _communes(table: IndicatorTable, *, territory) -> list[dict]:
    keys = [axis.key for axis in table.rows if axis.key != OUTSIDE]
    places = {
        pk: (name, lat, lon)
        for pk, name, lat, lon in Commune.objects.filter(territory=territory, pk__in=keys).values_list(
            "pk", "name", "latitude", "longitude"
        )
    }
    points = []
    for axis in table.rows:
        if axis.key in places and places[axis.key][1] is not None:
            cell = table.cell(axis.key, TOTAL)
            points.append(
                {
                    "key": axis.key,
                    "name": places[axis.key][0],
                    "latitude": places[axis.key][1],
                    "longitude": places[axis.key][2],
                    "value": None if cell.hidden else str(cell.value),
                    "reason": cell.reason,
                }
            )
    return points
