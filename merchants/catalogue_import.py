"""A merchant's catalogue import: the CSV (see merchants.catalogue_csv) and its optional ZIP of pictures (see
merchants.catalogue_images) are checked and stored, then imported in the background: upsert by SKU, in
batches, with a report of the rows left out.

Publication: a new product is public, except a food product lacking mandatory food information, which is imported
not public, with a warning naming what is missing; an existing product keeps its visibility, except that it is
hidden when its row lacks that information, and published again by the import that completes it."""

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from core import vat
from core.csv_text import csv_bytes_decode
from core.outbox import outbox_enqueue
from core.text import html_text, search_document, unaccent
from merchants.catalogue_csv import EAN_ATTRIBUTE, CatalogueRow, catalogue_file_check, catalogue_rows_parse
from merchants.catalogue_images import (
    archive_warning,
    catalogue_archive_check,
    catalogue_archive_extract,
    catalogue_images_dir,
    catalogue_rows_match_images,
)
from merchants.food_information import FIELDS as FOOD_FIELDS
from merchants.food_information import FoodInformation
from merchants.models import CatalogueImport, Merchant

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
StockRecord = get_model("partner", "StockRecord")


BATCH_SIZE = 1000
VAT_CLASS_NAMES = {
    vat.STANDARD: "Produits à 20 %",
    vat.INTERMEDIATE: "Produits à 10 %",
    vat.REDUCED: "Produits à 5,5 %",
    vat.SUPER_REDUCED: "Presse (2,1 %)",
}


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
    foods = {
        info.product_id: info
        for info in FoodInformation.objects.filter(
            product_id__in=[record.product_id for record in existing.values()]
        )
    }
    new_products, changed_products, changed_records, pairs = [], [], [], []
    for row in rows:
        record = existing.get(row.sku)
        product = (
            record.product
            if record
            else Product(structure=Product.STANDALONE, is_public=True, territory_id=merchant.territory_id)
        )
        if row.food is not None:
            missing = row.food.missing
            if missing:
                product.is_public = False
                warnings.append(_food_warning(row=row, missing=missing))
            elif record and record.product_id in foods and foods[record.product_id].missing():
                product.is_public = True
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
        ["title", "description", "product_class", "search_text", "title_sort", "date_updated", "is_public"],
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
    _food_write(pairs=pairs, foods=foods, territory_id=merchant.territory_id)
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


def _food_warning(*, row: CatalogueRow, missing: dict[str, str]) -> dict:
    columns = {
        "ingredients": "ingredients",
        "allergens": "allergenes",
        "net_quantity": "quantite_nette/unite",
        "date_type": "type_date",
        "producer_name": "producteur",
        "producer_address": "adresse_producteur",
    }
    return {
        "line": row.line,
        "reason": _("Produit alimentaire importé sans être publié : colonnes à remplir : %(columns)s.")
        % {"columns": ", ".join(columns[field] for field in missing)},
    }


def _food_write(*, pairs, foods: dict, territory_id: int) -> None:
    """Upserts the food information of the rows that carry food columns."""
    new, changed = [], []
    for row, product in pairs:
        if row.food is None:
            continue
        info = foods.get(product.pk) or FoodInformation(product=product, territory_id=territory_id)
        for name, value in row.food.values().items():
            setattr(info, name, value)
        info.updated_at = timezone.now()
        (changed if info.pk else new).append(info)
    FoodInformation.objects.bulk_create(new, batch_size=500)
    FoodInformation.objects.bulk_update(changed, [*FOOD_FIELDS, "updated_at"], batch_size=500)


@dataclass
class CatalogueWritten:
    """What writing rows did to a catalogue: rows written, products created and updated, and the warnings (a
    picture missing) as {line, reason}."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    warnings: list[dict] = field(default_factory=list)


def catalogue_rows_write(
    *,
    merchant: Merchant,
    rows: list[CatalogueRow],
    after_batch: Callable[[CatalogueWritten], None] | None = None,
) -> CatalogueWritten:
    """Upserts checked rows into the merchant's catalogue by SKU, BATCH_SIZE rows per transaction, each with its
    picture from the merchant's images folder; ``after_batch`` runs inside each batch's transaction with what
    that batch did. Returns the totals."""
    images_dir = catalogue_images_dir(merchant)
    rows = catalogue_rows_match_images(rows=rows, images_dir=images_dir)
    classes = _product_classes()
    attributes = _ean_attributes(classes)
    categories: dict[str, object] = {}
    total = CatalogueWritten()
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
            written = CatalogueWritten(rows=len(batch), created=created, updated=updated, warnings=warnings)
            if after_batch is not None:
                after_batch(written)
        total.rows += written.rows
        total.created += written.created
        total.updated += written.updated
        total.warnings += written.warnings
    return total


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
    images_dir = catalogue_images_dir(merchant)
    if catalogue_import.images_archive:
        # Before the rows, so that they find their pictures; a second run extracts the same files again.
        try:
            handle = catalogue_import.images_archive.open("rb")
        except OSError:
            catalogue_import.warnings = [
                archive_warning(_("Archive de photos illisible : aucune photo ajoutée."))
            ]
        else:
            # A failure to write the pictures (disk full…) is not the archive's fault: it fails the import.
            with handle:
                catalogue_import.warnings = catalogue_archive_extract(
                    archive_file=handle, images_dir=images_dir
                )
        catalogue_import.save(update_fields=["warnings"])

    def progress_save(written: CatalogueWritten) -> None:
        catalogue_import.created += written.created
        catalogue_import.updated += written.updated
        catalogue_import.warnings += written.warnings
        catalogue_import.processed_rows += written.rows
        catalogue_import.save(update_fields=["created", "updated", "warnings", "processed_rows"])

    catalogue_rows_write(merchant=merchant, rows=rows, after_batch=progress_save)
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
