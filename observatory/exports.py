"""The CSV export of one observatory table, for French spreadsheets: UTF-8 with a byte-order mark, `;` between
fields, a decimal comma, no thousands separator.

One line per cell, totals included (labelled « Total »): the row's label, the column's label, then for the period
and for the same period a year earlier the published value and, when the value is hidden, an empty value and the
reason in the column beside it (« Secret statistique : moins de 3 commerçants »). The header names both periods.
The values are the ones the page shows, read from observatory.report: the same statistical secrecy."""

import csv
import io
from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from observatory.display import ROW_DIMENSIONS, unit_of
from observatory.report import SPECS, IndicatorTable, Observatory
from observatory.secrecy import TOTAL, PublishedCell

COLUMN_DIMENSIONS = {
    "sales": gettext_lazy("Mode de remise"),
    "communes": gettext_lazy("Mode de remise"),
    "orders": gettext_lazy("Mode de remise"),
    "residents": gettext_lazy("Habitants"),
    "hours": gettext_lazy("Heure"),
    "points": gettext_lazy("Mesure"),
    "delivery": gettext_lazy("Résultat de la livraison"),
    "payouts": gettext_lazy("Montant"),
    "fleet": gettext_lazy("Mesure"),
    "named": gettext_lazy("Commerçant"),
}
BOM = "\ufeff"
CENT = Decimal("0.01")


def csv_value(cell: PublishedCell, unit: str) -> tuple[str, str]:
    """A cell as two fields: its value with a decimal comma (empty when hidden), and why it is hidden."""
    if cell.hidden:
        return "", cell.reason or _("Secret statistique")
    if unit == "count":
        return str(int(cell.value)), ""
    return f"{Decimal(str(cell.value)).quantize(CENT)}".replace(".", ","), ""


def table_csv_rows(*, table: IndicatorTable, observatory: Observatory) -> list[list[str]]:
    """The header and one line per cell (totals included) of the period and the year before."""
    period, previous = observatory.period.label, observatory.previous.label
    header = [
        str(ROW_DIMENSIONS[SPECS[table.code][4]]),
        str(COLUMN_DIMENSIONS[table.code]),
        period,
        _("Secret statistique, %(period)s") % {"period": period},
        previous,
        _("Secret statistique, %(period)s") % {"period": previous},
    ]
    rows = [*((axis.key, axis.label) for axis in table.rows), (TOTAL, _("Total"))]
    columns = [*((axis.key, axis.label) for axis in table.columns)]
    if table.row_totals:
        columns.append((TOTAL, _("Total")))
    lines = [header]
    for row, row_label in rows:
        for column, column_label in columns:
            lines.append(
                [
                    row_label,
                    column_label,
                    *csv_value(table.cell(row, column), unit_of(table, column)),
                    *csv_value(table.cell(row, column, previous=True), unit_of(table, column)),
                ]
            )
    return lines


def table_csv(*, table: IndicatorTable, observatory: Observatory) -> str:
    """The whole file's text, byte-order mark first."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(table_csv_rows(table=table, observatory=observatory))
    return out.getvalue()


def table_csv_filename(*, table: IndicatorTable, observatory: Observatory) -> str:
    return f"observatoire-{slugify(table.title)}-{observatory.period.value}.csv"
