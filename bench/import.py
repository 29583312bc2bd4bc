"""How long does a merchant's 10,000-row catalogue CSV take to import?

Generates 10,000 rows (with a few bad ones), runs the import in-process on the bench database (PostgreSQL when
DATABASE_URL points at one), then re-imports the same file (every row an update), then re-imports it with a ZIP of
1,000 photos named by the first 1,000 rows (extracted, checked, decoded and attached). Target: each run <= 60 s."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import bench_environment, ensure_postgres_database, manage, write_result  # noqa: E402

ROWS = 10_000
PHOTOS = 1_000
TARGET_SECONDS = 60.0
RATES = ["20", "10", "5,5", "2,1"]


def catalogue_csv(rows: int, *, photos: int = 0) -> bytes:
    lines = ["sku;title;description;category;price;vat_rate;stock;ean;image"]
    for index in range(rows):
        price = f"{1 + index % 97},{index % 100:02d}"
        stock = "-1" if index % 1000 == 999 else str(index % 50)
        image = f"photo-{index:05d}.jpg" if index < photos else ""
        lines.append(
            f"BENCH-{index:05d};Produit de démonstration {index};Description du produit {index}, fabriqué ici;"
            f"Épicerie > Rayon {index % 25};{price};{RATES[index % 4]};{stock};;{image}"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def photos_zip(count: int) -> bytes:
    """``count`` distinct 640×480 JPEG photos (about 30 kB each, as a phone's picture resized for the web)."""
    import io
    import zipfile

    from PIL import Image

    base = Image.effect_noise((640, 480), 40).convert("RGB")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for index in range(count):
            picture = io.BytesIO()
            base.rotate(index % 360).save(picture, format="JPEG", quality=80)
            archive.writestr(f"photos/photo-{index:05d}.jpg", picture.getvalue())
    return buffer.getvalue()


def main():
    env = bench_environment("import")
    ensure_postgres_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    from territory.tenancy import territory_all

    with territory_all():  # a script, like a command: across territories on purpose
        _run()


def _run():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from merchants.catalogue_import import catalogue_import_run, catalogue_import_start
    from merchants.models import Merchant
    from tests.factories import MerchantFactory

    merchant = Merchant.objects.filter(slug="bench-import").first() or MerchantFactory(
        partner__code="bench-import", partner__name="Bench import", hours=False
    )
    from oscar.core.loading import get_model

    get_model("catalogue", "Product").objects.filter(stockrecords__partner=merchant.partner).delete()
    data = catalogue_csv(ROWS)
    with_photos = catalogue_csv(ROWS, photos=PHOTOS)
    archive = photos_zip(PHOTOS)
    runs = {}
    for name, csv_data, zip_data in (
        ("first_import", data, None),
        ("reimport", data, None),
        ("reimport_with_photos", with_photos, archive),
    ):
        upload = SimpleUploadedFile("bench.csv", csv_data, content_type="text/csv")
        images = (
            SimpleUploadedFile("photos.zip", zip_data, content_type="application/zip") if zip_data else None
        )
        started = time.perf_counter()
        catalogue_import = catalogue_import_start(merchant=merchant, file=upload, images=images, by=None)
        result = catalogue_import_run(import_id=catalogue_import.pk)
        seconds = time.perf_counter() - started
        runs[name] = {
            "seconds": round(seconds, 2),
            "rows_per_s": round(ROWS / seconds, 1),
            "created": result.created,
            "updated": result.updated,
            "rejected": len(result.rejected),
            "warnings": len(result.warnings),
            "status": result.status,
        }
    runs["reimport_with_photos"]["photos"] = PHOTOS
    runs["reimport_with_photos"]["photos_attached"] = (
        get_model("catalogue", "ProductImage")
        .objects.filter(product__stockrecords__partner=merchant.partner)
        .count()
    )
    # Every photo is attached, except to the rows rejected for their negative stock (one in a thousand).
    expected_photos = sum(1 for index in range(PHOTOS) if index % 1000 != 999)
    met = all(run["seconds"] <= TARGET_SECONDS and run["status"] == "done" for run in runs.values()) and (
        runs["reimport_with_photos"]["photos_attached"] == expected_photos
    )
    write_result(
        "import",
        {
            "bench": "import",
            "database": connection.vendor,
            "rows": ROWS,
            "seconds": runs["first_import"]["seconds"],
            "rows_per_s": runs["first_import"]["rows_per_s"],
            "runs": runs,
            "target_seconds": TARGET_SECONDS,
            "target_met": met,
        },
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
