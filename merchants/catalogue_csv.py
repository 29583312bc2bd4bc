"""A merchant's catalogue as CSV, both ways: the columns, reading a file into checked rows, and writing the
catalogue back in the same format (the export, ready to re-import).

Columns, in any order, `;` or `,` separated, UTF-8 (with or without BOM) or ISO-8859-15:
sku;title;description;category;price;vat_rate;stock;ean;image

The `image` column names a picture of the merchant's images folder (see merchants.catalogue_images).

Optional food information (EU regulation 1169/2011, see merchants.food_information): alimentaire (oui/non; empty
means oui when another food column is filled), ingredients, allergenes (codes or French names separated by `|`,
or « aucun »), quantite_nette (« 370 », or « 370 g » without unite), unite (g, kg, ml, cl, l, pièce), type_date
(dlc / ddm / aucune), conservation, origine, producteur, adresse_producteur. A file without any of them leaves the
products' food information as it was. A food row lacking mandatory information is imported but not published.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from core import vat
from core.csv_text import csv_bytes_decode, csv_decimal
from core.text import csv_cell_neutralise, csv_cell_restore, html_sanitise
from merchants.catalogue_csv_food import FOOD_COLUMNS, FoodRow, food_row_cells, food_row_parse
from merchants.food_information import FoodInformation
from merchants.models import Merchant

StockRecord = get_model("partner", "StockRecord")

COLUMNS = ["sku", "title", "description", "category", "price", "vat_rate", "stock", "ean", "image"]
REQUIRED_COLUMNS = ["sku", "title", "category", "price", "vat_rate", "stock"]
# A shop's shelves: a few levels are plenty, and Oscar's category tree refuses past about 60.
MAX_CATEGORY_DEPTH = 10
MAX_ROWS = 10_000
MAX_FILE_BYTES = 20 * 1024 * 1024
# The product attribute that holds the `ean` column.
EAN_ATTRIBUTE = "ean"
MAX_PRICE = Decimal("99999999.99")


@dataclass(frozen=True)
class CatalogueRow:
    line: int
    sku: str
    title: str
    description: str
    category: str
    price: Decimal
    vat_rate: Decimal
    stock: int
    ean: str
    image: str
    # None when the file has no food column: the product's food information is left as it is.
    food: FoodRow | None = None


# Reading


def _reader(text: str) -> tuple[list[str], csv.reader]:
    """The normalised header and a reader positioned on the first data row; raises ValidationError."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        raise ValidationError(_("Le fichier est vide.")) from None
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ValidationError(
            _("Colonnes manquantes : %(columns)s. Colonnes attendues : %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ";".join(COLUMNS)}
        )
    return header, reader


def catalogue_file_check(*, raw: bytes) -> int:
    """The number of data rows of a catalogue file; raises ValidationError if it cannot be imported at all."""
    if len(raw) > MAX_FILE_BYTES:
        raise ValidationError(_("Le fichier dépasse 20 Mo."))
    header, reader = _reader(csv_bytes_decode(raw))
    count = sum(1 for cells in reader if any(cell.strip() for cell in cells))
    if count == 0:
        raise ValidationError(_("Le fichier ne contient aucune ligne de produit."))
    if count > MAX_ROWS:
        raise ValidationError(
            _("Le fichier contient %(count)s lignes ; %(max)s au plus par import.")
            % {"count": count, "max": MAX_ROWS}
        )
    return count


def _ean_valid(value: str) -> bool:
    if not re.fullmatch(r"\d{8}|\d{12,14}", value):
        return False
    digits = [int(char) for char in value]
    check = digits.pop()
    total = sum(digit * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(digits)))
    return (10 - total % 10) % 10 == check


def _row_parse(line: int, record: dict[str, str], *, with_food: bool = False) -> CatalogueRow:
    """One data row as a CatalogueRow; raises ValueError with the French reason."""
    sku = record.get("sku", "").strip()
    title = record.get("title", "").strip()
    category = record.get("category", "").strip()
    if not sku:
        raise ValueError(_("SKU manquant."))
    if len(sku) > 128:
        raise ValueError(_("SKU trop long (128 caractères au plus)."))
    if not title:
        raise ValueError(_("Titre manquant."))
    if len(title) > 255:
        raise ValueError(_("Titre trop long (255 caractères au plus)."))
    parts = [part.strip() for part in category.split(">")]
    if not category or not all(parts):
        raise ValueError(_("Catégorie manquante ou mal écrite (exemple : « Épicerie > Pâtes »)."))
    if len(parts) > MAX_CATEGORY_DEPTH:
        raise ValueError(
            _("Catégorie trop profonde : %(depth)s niveaux au plus (exemple : « Épicerie > Pâtes »).")
            % {"depth": MAX_CATEGORY_DEPTH}
        )
    if any(len(part) > 255 for part in parts):
        raise ValueError(_("Nom de catégorie trop long (255 caractères au plus par niveau)."))
    if not record.get("price", "").strip():
        raise ValueError(_("Prix manquant (prix TTC en euros, exemple : « 3,50 »)."))
    try:
        price = csv_decimal(record.get("price", "").strip())
    except InvalidOperation:
        raise ValueError(_("Prix illisible : « %(value)s ».") % {"value": record.get("price", "")}) from None
    if not price.is_finite() or price <= 0 or price > MAX_PRICE:
        raise ValueError(_("Le prix doit être positif."))
    if price != price.quantize(vat.CENT):
        raise ValueError(_("Le prix a plus de deux décimales."))
    raw_rate = record.get("vat_rate", "").strip().rstrip("%").strip()
    try:
        rate = csv_decimal(raw_rate).quantize(vat.CENT)
    except InvalidOperation:
        rate = None
    if rate not in vat.RATES:
        raise ValueError(
            _("Taux de TVA « %(value)s » inconnu : 20, 10, 5,5 ou 2,1.")
            % {"value": record.get("vat_rate", "")}
        )
    raw_stock = record.get("stock", "").strip()
    if not re.fullmatch(r"\d{1,9}", raw_stock):
        raise ValueError(
            _("Stock « %(value)s » invalide : un nombre entier positif ou nul.") % {"value": raw_stock}
        )
    ean = record.get("ean", "").strip()
    if ean and not _ean_valid(ean):
        raise ValueError(_("Code EAN « %(value)s » invalide.") % {"value": ean})
    image = record.get("image", "").strip()
    # Only a base name, with Windows separators too, as for the members of the archive.
    image = re.split(r"[\\/]", image)[-1] if image else ""
    food = food_row_parse(record) if with_food else None
    return CatalogueRow(
        line=line,
        sku=sku,
        title=title,
        # Shown as HTML on the product page: stored through the allowlist, as the product form does.
        description=html_sanitise(record.get("description", "").strip()),
        category=" > ".join(parts),
        price=price.quantize(vat.CENT),
        vat_rate=rate,
        stock=int(raw_stock),
        ean=ean,
        image=image,
        food=food,
    )


def catalogue_rows_parse(*, text: str) -> tuple[list[CatalogueRow], list[dict]]:
    """The valid rows of a catalogue file and the rejected ones as {line, reason}; line 1 is the header."""
    header, reader = _reader(text)
    with_food = any(column in header for column in FOOD_COLUMNS)
    rows, rejected, seen = [], [], {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            rejected.append(
                {
                    "line": line,
                    "reason": _("Trop de colonnes (un séparateur dans un texte sans guillemets ?)."),
                }
            )
            continue
        # A cell the export protected from spreadsheets ('=…) comes back as it was.
        record = dict(zip(header, map(csv_cell_restore, cells), strict=False))
        try:
            row = _row_parse(line, record, with_food=with_food)
        except ValueError as error:
            rejected.append({"line": line, "reason": str(error)})
            continue
        if row.sku in seen:
            rejected.append(
                {
                    "line": line,
                    "reason": _("SKU « %(sku)s » déjà présent ligne %(first)s.")
                    % {"sku": row.sku, "first": seen[row.sku]},
                }
            )
            continue
        seen[row.sku] = line
        rows.append(row)
    return rows, rejected


# Writing back


def _formatcsv_decimal(value: Decimal, *, places: bool = True) -> str:
    text = format(value.quantize(vat.CENT) if places else value.normalize(), "f")
    return text.replace(".", ",")


def catalogue_export(*, merchant: Merchant) -> str:
    """The merchant's catalogue as CSV in the import's format (`;`, decimal comma), ready to re-import; a cell
    starting with =, +, -, @, a tab or a CR is prefixed with a ' (see core.text.csv_cell_neutralise). The food
    columns are written when one of the merchant's products has food information."""
    records = (
        StockRecord.objects.filter(partner=merchant.partner)
        .select_related("product__product_class")
        .prefetch_related("product__categories", "product__images", "product__attribute_values__attribute")
        .order_by("partner_sku")
    )
    foods = {
        info.product_id: info
        for info in FoodInformation.objects.filter(product__stockrecords__partner=merchant.partner)
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    # A catalogue without food information exports as before the food columns existed.
    food_columns = FOOD_COLUMNS if foods else []
    writer.writerow(COLUMNS + food_columns)
    names: dict[int, str] = {}
    for record in records:
        product = record.product
        categories = list(product.categories.all())
        images = sorted(product.images.all(), key=lambda image: (image.display_order, image.pk))
        ean = next(
            (
                value.value_text
                for value in product.attribute_values.all()
                if value.attribute.code == EAN_ATTRIBUTE
            ),
            "",
        )
        rate = product.product_class.vat_rate if product.product_class else vat.STANDARD
        cells = [
            record.partner_sku,
            product.title,
            product.description,
            names.setdefault(categories[0].pk, categories[0].full_name) if categories else "",
            _formatcsv_decimal(record.price) if record.price is not None else "",
            _formatcsv_decimal(rate, places=False),
            record.num_in_stock or 0,
            ean or "",
            Path(images[0].original.name).name if images else "",
            *(food_row_cells(foods.get(product.pk)) if food_columns else []),
        ]
        # Opened in a spreadsheet, « =HYPERLINK(…) » in a title would run: such cells start with a ', which the
        # import removes again.
        writer.writerow([csv_cell_neutralise(str(cell)) for cell in cells])
    return buffer.getvalue()
