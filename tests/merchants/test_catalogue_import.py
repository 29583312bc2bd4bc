from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model

from merchants.catalogue_csv import catalogue_export
from merchants.catalogue_import import catalogue_import_run, catalogue_import_start
from merchants.models import CatalogueImport
from tests.factories import MerchantFactory, UserFactory, make_merchant_user

StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")

pytestmark = pytest.mark.django_db
HEADER = "sku;title;description;category;price;vat_rate;stock;ean;image\n"


def _import(merchant, text, *, encoding="utf-8", name="catalogue.csv"):
    upload = SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
    catalogue_import = catalogue_import_start(merchant=merchant, file=upload, by=None)
    catalogue_import_run(import_id=catalogue_import.pk)
    catalogue_import.refresh_from_db()
    return catalogue_import


def _record(merchant, sku):
    return StockRecord.objects.select_related("product__product_class").get(
        partner=merchant.partner, partner_sku=sku
    )


def test_valid_rows_are_imported_with_price_vat_stock_category_and_ean():
    merchant = MerchantFactory()
    result = _import(
        merchant,
        HEADER
        + "PAIN-1;Pain de campagne;Levain naturel;Boulangerie > Pains;3,50;5,5;12;4006381333931;\n"
        + "CROI-1;Croissant;;Boulangerie > Viennoiseries;1.20;5.5;40;;\n",
    )
    assert result.status == CatalogueImport.Status.DONE
    assert (result.created, result.updated, result.rejected) == (2, 0, [])
    assert result.processed_rows == result.total_rows == 2
    record = _record(merchant, "PAIN-1")
    assert record.price == Decimal("3.50") and record.num_in_stock == 12
    assert record.product.product_class.vat_rate == Decimal("5.50")
    assert [c.full_name for c in record.product.categories.all()] == ["Boulangerie > Pains"]
    assert record.product.search_text.strip() and record.product.title_sort == "pain de campagne"
    assert record.product.attribute_values.get(attribute__code="ean").value_text == "4006381333931"


@pytest.mark.parametrize(
    "row, reason",
    [
        (";Sans SKU;;A > B;1;20;1;;", "SKU manquant"),
        ("S1;;;A > B;1;20;1;;", "Titre manquant"),
        ("S1;Titre;;;1;20;1;;", "Catégorie manquante"),
        ("S1;Titre;;A > B;abc;20;1;;", "Prix illisible"),
        ("S1;Titre;;A > B;;20;1;;", "Prix manquant"),
        ("S1;Titre;;A > B;-2;20;1;;", "prix doit être positif"),
        ("S1;Titre;;A > B;1,234;20;1;;", "deux décimales"),
        ("S1;Titre;;A > B;1;19,6;1;;", "Taux de TVA"),
        ("S1;Titre;;A > B;1;20;-1;;", "Stock"),
        ("S1;Titre;;A > B;1;20;2,5;;", "Stock"),
        ("S1;Titre;;A > B;1;20;1;1234567890123;", "EAN"),
        ("S1;Titre;;A > B;1;20;1;;;extra", "Trop de colonnes"),
        ("S1;Titre;;" + " > ".join(f"c{i}" for i in range(70)) + ";1;20;1;;", "trop profonde"),
        ("S1;Titre;;A > " + "b" * 300 + ";1;20;1;;", "trop long"),
    ],
)
def test_each_bad_row_is_rejected_with_its_line_and_a_french_reason(row, reason):
    merchant = MerchantFactory()
    result = _import(merchant, HEADER + "OK-1;Bon produit;;A > B;2;20;3;;\n" + row + "\n")
    assert result.status == CatalogueImport.Status.DONE
    assert result.created == 1
    assert len(result.rejected) == 1
    assert result.rejected[0]["line"] == 3
    assert reason.lower() in result.rejected[0]["reason"].lower()


def test_duplicate_sku_in_the_file_is_rejected():
    merchant = MerchantFactory()
    result = _import(merchant, HEADER + "S1;Un;;A > B;1;20;1;;\nS1;Deux;;A > B;1;20;1;;\n")
    assert result.created == 1
    assert result.rejected == [{"line": 3, "reason": "SKU « S1 » déjà présent ligne 2."}]


def test_reimport_updates_by_sku_without_duplicates():
    merchant = MerchantFactory()
    _import(merchant, HEADER + "S1;Un;;A > B;1;20;1;;\nS2;Deux;;A > B;2;20;2;;\n")
    result = _import(merchant, HEADER + "S1;Un renommé;Nouveau;A > C;1,50;10;7;;\nS3;Trois;;A > B;3;20;3;;\n")
    assert (result.created, result.updated) == (1, 1)
    assert StockRecord.objects.filter(partner=merchant.partner).count() == 3
    record = _record(merchant, "S1")
    assert (
        record.product.title == "Un renommé" and record.price == Decimal("1.50") and record.num_in_stock == 7
    )
    assert record.product.product_class.vat_rate == Decimal("10.00")
    assert [c.full_name for c in record.product.categories.all()] == ["A > C"]
    assert Product.objects.count() == 3


def test_another_merchants_sku_is_never_touched():
    mine, theirs = MerchantFactory(), MerchantFactory()
    _import(theirs, HEADER + "S1;Le leur;;A > B;9;20;9;;\n")
    result = _import(mine, HEADER + "S1;Le mien;;A > B;1;20;1;;\n")
    assert result.created == 1
    assert _record(theirs, "S1").product.title == "Le leur"
    assert _record(theirs, "S1").price == Decimal("9.00")
    assert _record(mine, "S1").product_id != _record(theirs, "S1").product_id


def test_a_finished_import_is_not_run_again():
    merchant = MerchantFactory()
    result = _import(merchant, HEADER + "S1;Un;;A > B;1;20;1;;\n")
    StockRecord.objects.filter(partner=merchant.partner).update(num_in_stock=99)
    catalogue_import_run(import_id=result.pk)
    assert _record(merchant, "S1").num_in_stock == 99


def test_export_round_trips():
    merchant = MerchantFactory()
    source = (
        HEADER
        + 'S1;Pain « spécial »;"Avec ; point-virgule";Boulangerie > Pains;3,50;5,5;12;4006381333931;\n'
        + "S2;Journal;;Presse;1,30;2,1;4;;\n"
    )
    _import(merchant, source)
    exported = catalogue_export(merchant=merchant)
    lines = exported.splitlines()
    assert lines[0] == HEADER.strip()
    assert lines[2] == "S2;Journal;;Presse;1,30;2,1;4;;"
    result = _import(merchant, exported)
    assert (result.created, result.updated, result.rejected) == (0, 2, [])
    assert catalogue_export(merchant=merchant) == exported


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "iso-8859-15"])
def test_encodings_and_comma_separator(encoding):
    merchant = MerchantFactory()
    text = 'sku,title,category,price,vat_rate,stock\nS1,Pâté en croûte,Épicerie > Pâtés,"4,50","5,5",3\n'
    result = _import(merchant, text, encoding=encoding)
    assert result.rejected == []
    record = _record(merchant, "S1")
    assert record.product.title == "Pâté en croûte" and record.price == Decimal("4.50")


def test_image_found_in_the_merchants_folder_or_ignored_with_a_warning(settings):
    merchant = MerchantFactory()
    folder = Path(settings.MEDIA_ROOT) / "merchants" / merchant.slug / "images"
    folder.mkdir(parents=True)
    (folder / "pain.jpg").write_bytes(b"fake")
    result = _import(
        merchant, HEADER + "S1;Pain;;A > B;1;20;1;;pain.jpg\nS2;Autre;;A > B;1;20;1;;absente.jpg\n"
    )
    assert result.created == 2
    assert ProductImage.objects.get(product=_record(merchant, "S1").product).original.name.endswith(
        "pain.jpg"
    )
    assert [warning["line"] for warning in result.warnings] == [3]
    _import(merchant, HEADER + "S1;Pain;;A > B;1;20;1;;pain.jpg\n")
    assert ProductImage.objects.filter(product=_record(merchant, "S1").product).count() == 1


def test_file_without_required_columns_is_refused_at_upload():
    from django.core.exceptions import ValidationError

    merchant = MerchantFactory()
    with pytest.raises(ValidationError):
        catalogue_import_start(
            merchant=merchant, file=SimpleUploadedFile("x.csv", b"sku;title\nS1;Un\n"), by=None
        )
    assert not CatalogueImport.objects.exists()


# Pages


def test_upload_page_runs_the_import_after_commit_and_shows_the_report(
    client, django_capture_on_commit_callbacks
):
    merchant = MerchantFactory()
    client.force_login(make_merchant_user(merchant))
    url = reverse("merchant-space:catalogue-import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("cat.csv", (HEADER + "S1;Un;;A > B;1;20;1;;\nS2;;;A > B;1;20;1;;\n").encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload})
    catalogue_import = CatalogueImport.objects.get(merchant=merchant)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "merchant-space:catalogue-import-detail", args=[catalogue_import.pk]
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<progress" in page.content.decode() and "Titre manquant" in page.content.decode()
    progress = client.get(
        reverse("merchant-space:catalogue-import-progress", args=[catalogue_import.pk])
    ).json()
    assert progress["status"] == "done" and progress["percent"] == 100 and progress["rejected"] == 1
    assert progress["processed_rows"] == progress["total_rows"] == 2
    assert "cat.csv" in client.get(url).content.decode()


def test_upload_of_a_bad_file_is_a_400_with_a_message(client):
    merchant = MerchantFactory()
    client.force_login(make_merchant_user(merchant))
    response = client.post(
        reverse("merchant-space:catalogue-import"), {"file": SimpleUploadedFile("x.csv", b"foo;bar\n1;2\n")}
    )
    assert response.status_code == 400
    assert "Colonnes manquantes" in response.content.decode()
    assert client.post(reverse("merchant-space:catalogue-import"), {}).status_code == 400


def test_another_merchants_import_is_404(client):
    mine, theirs = MerchantFactory(), MerchantFactory()
    their_import = _import(theirs, HEADER + "S1;Un;;A > B;1;20;1;;\n")
    client.force_login(make_merchant_user(mine))
    assert (
        client.get(reverse("merchant-space:catalogue-import-detail", args=[their_import.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("merchant-space:catalogue-import-progress", args=[their_import.pk])).status_code
        == 404
    )
    assert "cat" not in client.get(reverse("merchant-space:catalogue-import")).context["imports"]


def test_anonymous_is_redirected_to_login_and_a_resident_is_refused(client):
    merchant = MerchantFactory()
    catalogue_import = _import(merchant, HEADER + "S1;Un;;A > B;1;20;1;;\n")
    urls = [
        reverse("merchant-space:catalogue-import"),
        reverse("merchant-space:catalogue-import-detail", args=[catalogue_import.pk]),
        reverse("merchant-space:catalogue-import-progress", args=[catalogue_import.pk]),
        reverse("merchant-space:catalogue-export"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(UserFactory())
    for url in urls:
        assert client.get(url).status_code == 403


def test_export_download_has_only_the_merchants_products(client):
    mine, theirs = MerchantFactory(), MerchantFactory()
    _import(mine, HEADER + "MINE;Le mien;;A > B;1;20;1;;\n")
    _import(theirs, HEADER + "THEIRS;Le leur;;A > B;1;20;1;;\n")
    client.force_login(make_merchant_user(mine))
    response = client.get(reverse("merchant-space:catalogue-export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "MINE;Le mien" in body and "THEIRS" not in body
