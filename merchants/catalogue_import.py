"""A merchant's catalogue as CSV: import in the background (upsert by SKU, in batches, with a report of the rows
left out) and export in the same format.

Columns, in any order, `;` or `,` separated, UTF-8 (with or without BOM) or ISO-8859-15:
sku;title;description;category;price;vat_rate;stock;ean;image

The pictures named in the `image` column come with the CSV as one optional ZIP archive, extracted by the
background task into the merchant's images folder (see `_archive_extract`), or from an earlier import.
"""

import csv
import dataclasses
import io
import lzma
import os
import re
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from PIL import Image

from core import vat
from core.csv_text import csv_bytes_decode
from core.outbox import outbox_enqueue
from core.text import (
    csv_cell_neutralise,
    csv_cell_restore,
    html_sanitise,
    html_text,
    search_document,
    unaccent,
)
from merchants.models import CatalogueImport, Merchant

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
StockRecord = get_model("partner", "StockRecord")

COLUMNS = ["sku", "title", "description", "category", "price", "vat_rate", "stock", "ean", "image"]
REQUIRED_COLUMNS = ["sku", "title", "category", "price", "vat_rate", "stock"]
# A shop's shelves: a few levels are plenty, and Oscar's category tree refuses past about 60.
MAX_CATEGORY_DEPTH = 10
MAX_ROWS = 10_000
MAX_FILE_BYTES = 20 * 1024 * 1024
BATCH_SIZE = 1000
VAT_CLASS_NAMES = {
    vat.STANDARD: "Produits à 20 %",
    vat.INTERMEDIATE: "Produits à 10 %",
    vat.REDUCED: "Produits à 5,5 %",
    vat.SUPER_REDUCED: "Presse (2,1 %)",
}
EAN_ATTRIBUTE = "ean"
MAX_PRICE = Decimal("99999999.99")
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 10_000
# A stored central directory entry is ~100 bytes; anything far above means a forged directory.
ARCHIVE_DIRECTORY_BYTES_PER_MEMBER = 512
MAX_IMAGE_BYTES = 15 * 1024 * 1024
# merchants/<slug ≤ 120>/images/<name> must fit in ProductImage.original (255 characters).
MAX_IMAGE_NAME = 100
IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".webp"})
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
_CHUNK_BYTES = 1024 * 1024


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


def _decimal(value: str) -> Decimal:
    return Decimal(value.replace("\u00a0", "").replace(" ", "").replace("€", "").replace(",", "."))


def _ean_valid(value: str) -> bool:
    if not re.fullmatch(r"\d{8}|\d{12,14}", value):
        return False
    digits = [int(char) for char in value]
    check = digits.pop()
    total = sum(digit * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(digits)))
    return (10 - total % 10) % 10 == check


def _row_parse(line: int, record: dict[str, str]) -> CatalogueRow:
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
        price = _decimal(record.get("price", "").strip())
    except InvalidOperation:
        raise ValueError(_("Prix illisible : « %(value)s ».") % {"value": record.get("price", "")}) from None
    if not price.is_finite() or price <= 0 or price > MAX_PRICE:
        raise ValueError(_("Le prix doit être positif."))
    if price != price.quantize(vat.CENT):
        raise ValueError(_("Le prix a plus de deux décimales."))
    raw_rate = record.get("vat_rate", "").strip().rstrip("%").strip()
    try:
        rate = _decimal(raw_rate).quantize(vat.CENT)
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
    )


def catalogue_rows_parse(*, text: str) -> tuple[list[CatalogueRow], list[dict]]:
    """The valid rows of a catalogue file and the rejected ones as {line, reason}; line 1 is the header."""
    header, reader = _reader(text)
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
            row = _row_parse(line, record)
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


# Pictures


def catalogue_archive_check(*, file: UploadedFile) -> int:
    """The number of members of a ZIP of product pictures; raises ValidationError if it must not be extracted."""
    if file.size is not None and file.size > MAX_ARCHIVE_BYTES:
        raise ValidationError(
            _("L'archive de photos dépasse %(max)s Mo.") % {"max": MAX_ARCHIVE_BYTES // (1024 * 1024)}
        )
    unreadable = ValidationError(_("Les photos doivent être envoyées dans une archive ZIP lisible."))
    try:
        if not zipfile.is_zipfile(file):
            raise unreadable
        # The end record is read before ZipFile loads the whole central directory in memory, so that a
        # forged directory of millions of entries is refused for the price of a few bytes. _EndRecData is
        # private but has not changed since Python 2.6; the count is checked again on the parsed list.
        file.seek(0)
        end = zipfile._EndRecData(file)
        if end is None:
            raise unreadable
        if (
            end[zipfile._ECD_ENTRIES_TOTAL] > MAX_ARCHIVE_MEMBERS
            or end[zipfile._ECD_SIZE] > MAX_ARCHIVE_MEMBERS * ARCHIVE_DIRECTORY_BYTES_PER_MEMBER
        ):
            raise _too_many_members()
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise unreadable from None
    finally:
        file.seek(0)
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise _too_many_members()
    if sum(member.file_size for member in members) > MAX_ARCHIVE_UNCOMPRESSED_BYTES:
        raise ValidationError(
            _("Une fois décompressée, l'archive de photos dépasserait %(max)s Mo.")
            % {"max": MAX_ARCHIVE_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )
    return len(members)


def _too_many_members() -> ValidationError:
    return ValidationError(
        _("L'archive de photos contient trop de fichiers : %(max)s au plus.") % {"max": MAX_ARCHIVE_MEMBERS}
    )


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _member_name(member: zipfile.ZipInfo) -> str | None:
    """The file name a member is extracted to, its folders dropped; None for what is not meant to be a picture
    (folders, hidden files, macOS resource forks)."""
    parts = [part for part in re.split(r"[\\/]", member.filename) if part]
    if member.is_dir() or not parts or "__MACOSX" in parts[:-1] or parts[-1].startswith("."):
        return None
    return unicodedata.normalize("NFC", parts[-1])


class _PictureRefused(Exception):
    pass


_ARCHIVE_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    RuntimeError,
    NotImplementedError,
    EOFError,
    OSError,
    ValueError,
)


def _member_chunks(*, archive: zipfile.ZipFile, member: zipfile.ZipInfo, shown: str) -> Iterator[bytes]:
    """The bytes of one member, in bounded chunks; a member that cannot be read raises _PictureRefused."""
    try:
        with archive.open(member) as source:
            while chunk := source.read(_CHUNK_BYTES):
                yield chunk
    except _ARCHIVE_READ_ERRORS:
        # CRC mismatch, password-protected member, unsupported compression, truncated archive…
        raise _PictureRefused(
            _("« %(name)s » est illisible dans l'archive : photo ignorée.") % {"name": shown}
        ) from None


def _member_extract(*, archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, shown: str) -> None:
    """Writes one member to target, atomically, once it is known to be a picture; raises _PictureRefused."""
    too_large = _("« %(name)s » dépasse %(max)s Mo : photo ignorée.") % {
        "name": shown,
        "max": MAX_IMAGE_BYTES // (1024 * 1024),
    }
    if member.file_size > MAX_IMAGE_BYTES:
        raise _PictureRefused(too_large)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".archive-", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as out:
            # Counted while reading: the size declared in the archive may lie.
            written = 0
            for chunk in _member_chunks(archive=archive, member=member, shown=shown):
                written += len(chunk)
                if written > MAX_IMAGE_BYTES:
                    raise _PictureRefused(too_large)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        try:
            with Image.open(temporary, formats=IMAGE_FORMATS) as image:
                image.verify()
            # verify() reads the structure only; decoding catches a truncated or corrupt picture, and Pillow's
            # pixel limit (DecompressionBombError) a forged size.
            with Image.open(temporary, formats=IMAGE_FORMATS) as image:
                image.load()
        except Exception:
            # Pillow reports a damaged or forged file with many exception types (OSError, SyntaxError,
            # struct.error, DecompressionBombError…): all of them mean « not a usable picture ».
            raise _PictureRefused(
                _("« %(name)s » n'est pas une photo JPEG, PNG ou WebP lisible : ignorée.") % {"name": shown}
            ) from None
        # mkstemp creates the file readable by its owner only; the web server must be able to serve it.
        os.chmod(temporary, settings.FILE_UPLOAD_PERMISSIONS or 0o644)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _archive_warning(reason: str) -> dict:
    # No line of the CSV: the report shows « Archive ZIP » instead of a line number.
    return {"line": None, "reason": reason}


STALE_PART_SECONDS = 3600


def _stale_parts_remove(*, images_dir: Path) -> None:
    """Removes the temporary files of an extraction whose worker died, once old enough not to be another
    extraction's, still running."""
    import time

    limit = time.time() - STALE_PART_SECONDS
    for part in images_dir.glob(".archive-*.part"):
        try:
            if part.stat().st_mtime < limit:
                part.unlink()
        except FileNotFoundError:
            pass


def _archive_extract(*, archive_file, images_dir: Path) -> list[dict]:
    """Extracts the pictures of a ZIP into images_dir, by base name only; returns the warnings, one per member
    left out. A picture replaces the one of the same name."""
    try:
        archive = zipfile.ZipFile(archive_file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return [_archive_warning(_("Archive de photos illisible : aucune photo ajoutée."))]
    warnings: list[dict] = []
    extracted: set[str] = set()
    images_dir.mkdir(parents=True, exist_ok=True)
    _stale_parts_remove(images_dir=images_dir)
    with archive:
        for member in archive.infolist()[:MAX_ARCHIVE_MEMBERS]:
            name = _member_name(member)
            if name is None:
                continue
            shown = member.filename[:200]
            if any(unicodedata.category(char) == "Cc" for char in name) or len(name) > MAX_IMAGE_NAME:
                warnings.append(
                    _archive_warning(
                        _("« %(name)s » : nom de fichier trop long ou invalide (%(max)s caractères au plus).")
                        % {"name": shown, "max": MAX_IMAGE_NAME}
                    )
                )
                continue
            if Path(name).suffix.lower() not in IMAGE_EXTENSIONS:
                warnings.append(
                    _archive_warning(
                        _("« %(name)s » n'est pas une photo JPEG, PNG ou WebP : ignoré.") % {"name": shown}
                    )
                )
                continue
            try:
                _member_extract(archive=archive, member=member, target=images_dir / name, shown=shown)
            except _PictureRefused as refusal:
                warnings.append(_archive_warning(str(refusal)))
                continue
            if name in extracted:
                warnings.append(
                    _archive_warning(
                        _("« %(name)s » figure plusieurs fois dans l'archive : la dernière photo est gardée.")
                        % {"name": name}
                    )
                )
            extracted.add(name)
    return warnings


def _rows_match_images(*, rows: list[CatalogueRow], images_dir: Path) -> list[CatalogueRow]:
    """The rows with their image named as the file of the images folder it designates, ignoring case and
    Unicode normalisation: « IMG_1.JPG » in a ZIP made on Windows or macOS matches « img_1.jpg » in the CSV.
    An exact name always wins."""
    try:
        names = sorted(name for name in os.listdir(images_dir) if not name.startswith("."))
    except OSError:
        return rows
    exact = set(names)
    folded: dict[str, str] = {}
    for name in names:
        folded.setdefault(_fold(name), name)
    return [
        dataclasses.replace(row, image=folded[_fold(row.image)])
        if row.image and row.image not in exact and _fold(row.image) in folded
        else row
        for row in rows
    ]


# Writing


def _product_classes() -> dict[Decimal, "ProductClass"]:
    classes = {
        product_class.vat_rate: product_class for product_class in ProductClass.objects.order_by("-pk")
    }
    for rate, name in VAT_CLASS_NAMES.items():
        if rate not in classes:
            classes[rate], _created = ProductClass.objects.get_or_create(
                slug=slugify(name),
                defaults={"name": name, "vat_rate": rate, "track_stock": True, "requires_shipping": True},
            )
    return classes


def _ean_attributes(classes) -> dict[int, "ProductAttribute"]:
    return {
        product_class.pk: ProductAttribute.objects.get_or_create(
            product_class=product_class,
            code=EAN_ATTRIBUTE,
            defaults={"name": "EAN", "type": ProductAttribute.TEXT},
        )[0]
        for product_class in classes.values()
    }


def _images_dir(merchant: Merchant) -> Path:
    return Path(settings.MEDIA_ROOT) / "merchants" / merchant.slug / "images"


def _batch_write(
    *, merchant: Merchant, rows: list[CatalogueRow], classes, attributes, categories, images_dir
):
    """Upserts one batch; returns (created, updated, warnings)."""
    now = timezone.now()
    existing = {
        record.partner_sku: record
        for record in StockRecord.objects.filter(
            partner=merchant.partner, partner_sku__in=[row.sku for row in rows]
        ).select_related("product")
    }
    warnings = []
    for row in rows:
        if row.category not in categories:
            categories[row.category] = create_from_breadcrumbs(row.category)
    new_products, changed_products, changed_records, pairs = [], [], [], []
    for row in rows:
        record = existing.get(row.sku)
        product = (
            record.product
            if record
            else Product(structure=Product.STANDALONE, is_public=True, territory_id=merchant.territory_id)
        )
        product.title = row.title
        product.description = row.description
        product.product_class = classes[row.vat_rate]
        product.search_text = search_document(row.title, html_text(row.description), row.sku)
        product.title_sort = unaccent(row.title)[:255]
        product.date_updated = now
        if record:
            changed_products.append(product)
            record.price, record.num_in_stock, record.date_updated = row.price, row.stock, now
            changed_records.append(record)
        else:
            product.slug = slugify(row.title)[:128] or "produit"
            new_products.append(product)
        pairs.append((row, product))
    Product.objects.bulk_create(new_products, batch_size=500)
    Product.objects.bulk_update(
        changed_products,
        ["title", "description", "product_class", "search_text", "title_sort", "date_updated"],
        batch_size=500,
    )
    StockRecord.objects.bulk_create(
        [
            StockRecord(
                product=product,
                partner=merchant.partner,
                partner_sku=row.sku,
                price_currency=getattr(settings, "OSCAR_DEFAULT_CURRENCY", "EUR"),
                price=row.price,
                num_in_stock=row.stock,
            )
            for row, product in pairs
            if row.sku not in existing
        ],
        batch_size=500,
    )
    StockRecord.objects.bulk_update(
        changed_records, ["price", "num_in_stock", "date_updated"], batch_size=500
    )

    product_ids = [product.pk for _row, product in pairs]
    updated_ids = [product.pk for product in changed_products]
    ProductCategory.objects.filter(product_id__in=updated_ids).delete()
    ProductCategory.objects.bulk_create(
        [ProductCategory(product=product, category=categories[row.category]) for row, product in pairs],
        batch_size=500,
    )
    ProductAttributeValue.objects.filter(product_id__in=updated_ids, attribute__code=EAN_ATTRIBUTE).delete()
    ProductAttributeValue.objects.bulk_create(
        [
            ProductAttributeValue(
                product=product, attribute=attributes[product.product_class_id], value_text=row.ean
            )
            for row, product in pairs
            if row.ean
        ],
        batch_size=500,
    )
    with_image = [(row, product) for row, product in pairs if row.image]
    if with_image:
        known = set(
            ProductImage.objects.filter(product_id__in=product_ids).values_list("product_id", "original")
        )
        new_images = []
        for row, product in with_image:
            if not (images_dir / row.image).is_file():
                warnings.append(
                    {
                        "line": row.line,
                        "reason": _(
                            "Image « %(name)s » absente de l'archive de photos et des imports précédents :"
                            " produit importé sans image."
                        )
                        % {"name": row.image},
                    }
                )
                continue
            path = f"merchants/{merchant.slug}/images/{row.image}"
            if (product.pk, path) not in known:
                new_images.append(
                    ProductImage(product=product, original=path, caption=row.title, display_order=0)
                )
        ProductImage.objects.bulk_create(new_images, batch_size=500)
    return len(new_products), len(changed_products), warnings


def catalogue_import_start(
    *, merchant: Merchant, file: UploadedFile, images: UploadedFile | None = None, by
) -> CatalogueImport:
    """Checks the file and the optional ZIP of pictures, stores them, then queues the import once the
    transaction commits; raises ValidationError keyed by "file" and "images", with nothing stored."""
    from merchants import tasks

    errors: dict[str, list[str]] = {}
    try:
        total = catalogue_file_check(raw=file.read())
    except ValidationError as error:
        errors["file"] = error.messages
    file.seek(0)
    if images is not None:
        try:
            catalogue_archive_check(file=images)
        except ValidationError as error:
            errors["images"] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        catalogue_import = CatalogueImport.objects.create(
            merchant=merchant,
            file=file,
            images_archive=images,
            original_name=Path(file.name or "").name[:255],
            total_rows=total,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        outbox_enqueue(task=tasks.catalogue_import_run, import_id=catalogue_import.pk)
    return catalogue_import


def catalogue_import_run(*, import_id: int) -> CatalogueImport | None:
    """Imports the file in batches, saving progress after each; a finished import is left as it is."""
    catalogue_import = (
        CatalogueImport.objects.select_related("merchant__partner").filter(pk=import_id).first()
    )
    if catalogue_import is None or catalogue_import.status == CatalogueImport.Status.DONE:
        return catalogue_import
    merchant = catalogue_import.merchant
    try:
        with catalogue_import.file.open("rb") as handle:
            text = csv_bytes_decode(handle.read())
        rows, rejected = catalogue_rows_parse(text=text)
    except (ValidationError, OSError, csv.Error) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else _("Fichier illisible.")
        catalogue_import.status = CatalogueImport.Status.FAILED
        catalogue_import.error = message[:500]
        catalogue_import.finished_at = timezone.now()
        catalogue_import.save(update_fields=["status", "error", "finished_at"])
        return catalogue_import

    catalogue_import.status = CatalogueImport.Status.RUNNING
    catalogue_import.total_rows = len(rows) + len(rejected)
    catalogue_import.processed_rows = len(rejected)
    catalogue_import.created = catalogue_import.updated = 0
    catalogue_import.rejected = sorted(rejected, key=lambda item: item["line"])
    catalogue_import.warnings = []
    catalogue_import.error = ""
    catalogue_import.save()
    images_dir = _images_dir(merchant)
    if catalogue_import.images_archive:
        # Before the rows, so that they find their pictures; a second run extracts the same files again.
        try:
            handle = catalogue_import.images_archive.open("rb")
        except OSError:
            catalogue_import.warnings = [
                _archive_warning(_("Archive de photos illisible : aucune photo ajoutée."))
            ]
        else:
            # A failure to write the pictures (disk full…) is not the archive's fault: it fails the import.
            with handle:
                catalogue_import.warnings = _archive_extract(archive_file=handle, images_dir=images_dir)
        catalogue_import.save(update_fields=["warnings"])
    rows = _rows_match_images(rows=rows, images_dir=images_dir)
    classes = _product_classes()
    attributes = _ean_attributes(classes)
    categories: dict[str, object] = {}
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        with transaction.atomic():
            created, updated, warnings = _batch_write(
                merchant=merchant,
                rows=batch,
                classes=classes,
                attributes=attributes,
                categories=categories,
                images_dir=images_dir,
            )
            catalogue_import.created += created
            catalogue_import.updated += updated
            catalogue_import.warnings += warnings
            catalogue_import.processed_rows += len(batch)
            catalogue_import.save(update_fields=["created", "updated", "warnings", "processed_rows"])
    catalogue_import.status = CatalogueImport.Status.DONE
    catalogue_import.finished_at = timezone.now()
    catalogue_import.save(update_fields=["status", "finished_at"])
    if catalogue_import.images_archive:
        # Its pictures are in the images folder now, and a finished import never runs again: up to 200 MB
        # freed per import.
        catalogue_import.images_archive.delete(save=False)
        catalogue_import.save(update_fields=["images_archive"])
    return catalogue_import


def catalogue_import_fail(*, import_id: int, reason: str) -> None:
    """Marks an import that crashed as failed, so that its page stops waiting."""
    CatalogueImport.objects.filter(pk=import_id).exclude(status=CatalogueImport.Status.DONE).update(
        status=CatalogueImport.Status.FAILED, error=reason[:500], finished_at=timezone.now()
    )


# Reading back


def catalogue_imports_for_merchant(*, merchant: Merchant) -> QuerySet[CatalogueImport]:
    """The merchant's imports, newest first."""
    return CatalogueImport.objects.filter(merchant=merchant).order_by("-created_at", "-pk")


def _format_decimal(value: Decimal, *, places: bool = True) -> str:
    text = format(value.quantize(vat.CENT) if places else value.normalize(), "f")
    return text.replace(".", ",")


def catalogue_export(*, merchant: Merchant) -> str:
    """The merchant's catalogue as CSV in the import's format (`;`, decimal comma), ready to re-import; a cell
    starting with =, +, -, @, a tab or a CR is prefixed with a ' (see core.text.csv_cell_neutralise)."""
    records = (
        StockRecord.objects.filter(partner=merchant.partner)
        .select_related("product__product_class")
        .prefetch_related("product__categories", "product__images", "product__attribute_values__attribute")
        .order_by("partner_sku")
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
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
            _format_decimal(record.price) if record.price is not None else "",
            _format_decimal(rate, places=False),
            record.num_in_stock or 0,
            ean or "",
            Path(images[0].original.name).name if images else "",
        ]
        # Opened in a spreadsheet, « =HYPERLINK(…) » in a title would run: such cells start with a ', which the
        # import removes again.
        writer.writerow([csv_cell_neutralise(str(cell)) for cell in cells])
    return buffer.getvalue()
