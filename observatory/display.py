"""How the observatory's pages and report show a period: every figure formatted for the reader, a hidden cell as
« secret » with its reason and a footnote, and the charts' data (a hidden value is a gap, never a zero). Everything
comes from observatory.report's published cells: nothing here reads a fact or an order."""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape

from django.conf import settings
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from observatory.report import SPECS, Headline, IndicatorTable, Observatory
from observatory.secrecy import TOTAL, PublishedCell
from observatory.tables import CO2, KM, PARCELS

COLUMN_UNITS = {KM: "km", PARCELS: "count", CO2: "kg"}  # the fleet's columns, whose units differ
NBSP = "\u00a0"
ROW_DIMENSIONS = {
    "sector": gettext_lazy("Secteur"),
    "commune": gettext_lazy("Commune de l'habitant"),
    "weekday": gettext_lazy("Jour de la semaine"),
    "contact_point": gettext_lazy("Point de contact"),
    "mode": gettext_lazy("Mode de remise"),
    "vehicle_kind": gettext_lazy("Type de véhicule"),
}


def unit_of(table: IndicatorTable, column) -> str:
    return COLUMN_UNITS.get(column, "count") if table.unit == "mixed" else table.unit


@lru_cache(maxsize=16)
def _separators(language: str) -> tuple:
    """The active language's decimal and thousands separators and grouping, looked up once per language."""
    return get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR"), get_format("NUMBER_GROUPING")


def _number(value, places: int) -> str:
    decimal, thousands, grouping = _separators(get_language())
    if grouping != 3:
        return numberformat.format(value, decimal, places, grouping, thousands, force_grouping=True)
    # Groups of three, as French and English have them: Python's own formatting, then the language's signs
    # (a page formats over a thousand figures; Django's general formatter costs several times more).
    number = value if isinstance(value, (int, Decimal)) else Decimal(str(value))
    text = f"{number:,.{places}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def figure(value, unit: str) -> str:
    """A published value in the reader's format: « 1 234,50 € », « 92,5 % », « 0,69 km »."""
    if unit == "euro":
        return f"{_number(value, 2)}{NBSP}€"
    if unit == "percent":
        return f"{_number(value, 1)}{NBSP}%"
    if unit in ("km", "kg"):
        return f"{_number(value, 2)}{NBSP}{unit}"
    return _number(value, 0)


def thresholds() -> dict:
    """The secrecy thresholds as the pages state them."""
    return {
        "merchants": settings.OBSERVATORY_MIN_MERCHANTS,
        "dominance": f"{settings.OBSERVATORY_DOMINANCE * 100:g}",
        "count": settings.OBSERVATORY_MIN_COUNT,
    }


def cell_show(cell: PublishedCell, unit: str) -> "ShownCell":
    """One published cell on its own, without a footnote."""
    if cell.hidden:
        return ShownCell(_("secret"), True, cell.reason or _("Secret statistique"))
    return ShownCell(figure(cell.value, unit))


def chart_number(cell: PublishedCell) -> float | None:
    return None if cell.hidden else float(cell.value)


@dataclass
class ShownCell:
    text: str
    hidden: bool = False
    reason: str = ""
    note: str = ""  # the footnote's anchor, for a hidden cell
    mark: str = ""  # and its number

    @property
    def html(self) -> str:
        """The cell as the tables and headlines show it: a hidden one says « secret », why (to screen readers too)
        and links to its footnote."""
        return mark_safe(self.markup())

    def markup(self) -> str:
        """The same as plain text, every value escaped: built with the standard library's escaping rather than
        Django's format_html, a year's tables having thousands of cells."""
        if not self.hidden:
            return escape(str(self.text))
        reason, text = escape(str(self.reason)), escape(str(self.text))
        secret = (
            f'<span class="obs-secret" title="{reason}">{text}<span class="sr-only"> ({reason})</span></span>'
        )
        if not self.note:
            return secret
        return (
            f'{secret}<a href="#{escape(self.note)}" class="obs-note-ref"><span class="sr-only">'
            f"{escape(str(_('note')))} </span>{escape(str(self.mark))}</a>"
        )


@dataclass
class ShownRow:
    label: str
    cells: list[ShownCell]
    total: bool = False


@dataclass
class ShownTable:
    code: str
    title: str
    description: str
    chart: str
    row_header: str
    head: list[str]
    rows: list[ShownRow]
    notes: list[tuple[str, str, str]]  # (anchor, mark, reason)
    chart_data: dict
    empty: bool
    hidden_count: int = 0

    @property
    def body_html(self) -> str:
        """The table's rows, built here rather than by the template's loops (a year's tables have thousands of
        cells): a header cell per row, a hidden cell marked for its style; every value escaped."""
        lines = []
        for row in self.rows:
            cells = "".join(
                f'<td class="obs-hidden">{cell.markup()}</td>' if cell.hidden else f"<td>{cell.markup()}</td>"
                for cell in row.cells
            )
            total = ' class="obs-total"' if row.total else ""
            lines.append(f'<tr{total}><th scope="row">{escape(str(row.label))}</th>{cells}</tr>')
        return mark_safe("\n".join(lines))

    @property
    def all_secret(self) -> bool:
        """A bar chart with no bar to draw because of secrecy: some values secret, none of the others above 0."""
        values = [value for data in self.chart_data.get("datasets", []) for value in data["data"]]
        return None in values and not any(value for value in values if value is not None)


class _Notes:
    """The footnotes of one table: one per distinct reason, numbered in reading order."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.marks: dict[str, str] = {}

    def cell(self, cell: PublishedCell, unit: str) -> ShownCell:
        if not cell.hidden:
            return ShownCell(figure(cell.value, unit))
        if cell.code == "empty":  # a ratio over nothing: not a secret, no footnote
            return ShownCell("—", True, cell.reason or "")
        reason = cell.reason or _("Secret statistique")
        mark = self.marks.setdefault(reason, str(len(self.marks) + 1))
        return ShownCell(_("secret"), True, reason, f"{self.code}-note-{mark}", mark)

    def listed(self) -> list[tuple[str, str, str]]:
        return [(f"{self.code}-note-{mark}", mark, reason) for reason, mark in self.marks.items()]


def table_show(table: IndicatorTable, *, observatory: Observatory, tile_url: str = "") -> ShownTable:
    """One indicator's table as the page shows it: its columns, a total column when its rows add up, the year
    earlier's totals beside, a total row, and the chart's data."""
    notes = _Notes(table.code)
    columns = [axis.key for axis in table.columns]
    current = columns + ([TOTAL] if table.row_totals else [])
    earlier = [TOTAL] if table.row_totals else columns
    labels = {axis.key: axis.label for axis in table.columns}
    previous = observatory.previous.label
    head = [labels[key] for key in columns] + ([_("Total")] if table.row_totals else [])
    head += [
        _("Total, %(period)s") % {"period": previous}
        if key is TOTAL
        else _("%(column)s, %(period)s") % {"column": labels[key], "period": previous}
        for key in earlier
    ]

    def line(row) -> list[ShownCell]:
        cells = [notes.cell(table.cell(row, key), unit_of(table, key)) for key in current]
        return cells + [
            notes.cell(table.cell(row, key, previous=True), unit_of(table, key)) for key in earlier
        ]

    rows = [ShownRow(axis.label, line(axis.key)) for axis in table.rows]
    rows.append(ShownRow(_("Total"), line(TOTAL), total=True))
    return ShownTable(
        table.code,
        table.title,
        table.description,
        table.chart,
        str(ROW_DIMENSIONS[SPECS[table.code][4]]),
        head,
        rows,
        notes.listed(),
        _chart(table, observatory=observatory, tile_url=tile_url),
        empty=not table.rows,
        hidden_count=table.hidden_count,
    )


def _chart(table: IndicatorTable, *, observatory: Observatory, tile_url: str) -> dict:
    base = {"code": table.code, "kind": table.chart, "title": table.title, "unit": table.unit}
    if table.chart == "map":
        return {
            **base,
            "tileUrl": tile_url,
            "secret": _("secret"),
            "points": [
                {
                    "name": point["name"],
                    "lat": point["latitude"],
                    "lon": point["longitude"],
                    "value": None if point["value"] is None else float(Decimal(point["value"])),
                    "text": point["reason"]
                    if point["value"] is None
                    else figure(Decimal(point["value"]), table.unit),
                }
                for point in observatory.communes
            ],
        }
    if table.chart == "heatmap":
        return {
            **base,
            "rows": [axis.label for axis in table.rows],
            "columns": [axis.label for axis in table.columns],
            "values": [[chart_number(table.cell(r.key, c.key)) for c in table.columns] for r in table.rows],
            "texts": [
                [
                    table.cell(r.key, c.key).reason or figure(table.cell(r.key, c.key).value, table.unit)
                    for c in table.columns
                ]
                for r in table.rows
            ],
        }
    columns = table.columns
    if (
        table.unit == "mixed"
    ):  # the fleet: kilometres on the left axis, CO2 on the right; parcels in the table
        columns = [axis for axis in table.columns if axis.key in (KM, CO2)]
    keys = [row.key for row in table.rows]
    values = [chart_number(table.cell(key, axis.key)) for key in keys for axis in columns]
    totals_only = None in values and not any(v for v in values if v is not None)
    if totals_only and any(chart_number(table.cell(TOTAL, axis.key)) for axis in columns):
        # Every bar secret, but not the totals: the chart shows those, and says so.
        keys = [TOTAL]
    else:
        totals_only = False
    return {
        **base,
        "labels": [axis.label for axis in table.rows] if keys != [TOTAL] else [str(_("Total"))],
        "totals_only": totals_only,
        "datasets": [
            {
                "label": axis.label,
                "axis": "y1" if axis.key == CO2 else "y",
                "data": [chart_number(table.cell(key, axis.key)) for key in keys],
            }
            for axis in columns
        ],
    }


@dataclass
class ShownHeadline:
    code: str
    label: str
    current: ShownCell
    previous: ShownCell
    change: str
    change_words: str


def headlines_show(headlines: list[Headline]) -> tuple[list[ShownHeadline], list[tuple[str, str, str]]]:
    """The headline figures with their value a year earlier and the change, and their footnotes."""
    notes = _Notes("headlines")
    shown = []
    for headline in headlines:
        change = headline.change
        if change is None:
            text, words = "—", _("pas de comparaison possible")
        else:
            text = ("+" if change > 0 else "") + figure(change, "percent")
            words = (
                _("en hausse de %(change)s") % {"change": figure(change, "percent")}
                if change > 0
                else _("en baisse de %(change)s") % {"change": figure(-change, "percent")}
                if change < 0
                else _("stable")
            )
        shown.append(
            ShownHeadline(
                headline.code,
                headline.label,
                notes.cell(headline.current, headline.unit),
                notes.cell(headline.previous, headline.unit),
                text,
                words,
            )
        )
    return shown, notes.listed()


def observatory_show(observatory: Observatory, *, tile_url: str = "") -> dict:
    """Everything a page or the report shows of the period, ready for the templates."""
    headlines, headline_notes = headlines_show(observatory.headlines)
    tables = [
        table_show(table, observatory=observatory, tile_url=tile_url) for table in observatory.tables.values()
    ]
    return {
        "observatory": observatory,
        "thresholds": thresholds(),
        "headlines": headlines,
        "headline_notes": headline_notes,
        "tables": tables,
        "charts": {table.code: table.chart_data for table in tables},
        "emission_factors": [
            {**factor, "kg_per_km_text": _number(factor["kg_per_km"], 4)}
            for factor in observatory.emission_factors
        ],
    }
