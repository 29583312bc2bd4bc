"""The ZIP of product pictures sent with a catalogue CSV: checked at upload, extracted safely by the task."""

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from merchants import catalogue_images
from merchants import catalogue_import as service
from merchants.catalogue_csv import catalogue_export
from merchants.catalogue_import import catalogue_import_run, catalogue_import_start
from merchants.models import CatalogueImport
from tests.factories import MerchantFactory, make_merchant_user
from tests.merchants.test_catalogue_import import HEADER, _record

ProductImage = get_model("catalogue", "ProductImage")

pytestmark = pytest.mark.django_db


def _picture(color: str, image_format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), color).save(buffer, format=image_format)
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            # A ZipInfo keeps the name as given: ZipFile.write would strip "../" and "/".
            archive.writestr(zipfile.ZipInfo(name), content)
    return buffer.getvalue()


def _upload_zip(members: dict[str, bytes], name: str = "photos.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _zip(members), content_type="application/zip")


def _import(merchant, text: str, members: dict[str, bytes]) -> CatalogueImport:
    catalogue_import = catalogue_import_start(
        merchant=merchant,
        file=SimpleUploadedFile("catalogue.csv", text.encode(), content_type="text/csv"),
        images=_upload_zip(members),
        by=None,
    )
    catalogue_import_run(import_id=catalogue_import.pk)
    catalogue_import.refresh_from_db()
    return catalogue_import


def _images_dir(settings, merchant) -> Path:
    return Path(settings.MEDIA_ROOT) / "merchants" / merchant.slug / "images"


def _files_under(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def test_csv_and_zip_uploaded_together_give_each_product_its_picture(
    client, settings, django_capture_on_commit_callbacks
):
    merchant = MerchantFactory()
    client.force_login(make_merchant_user(merchant))
    pain, croissant = _picture("red", "JPEG"), _picture("yellow")
    csv_file = SimpleUploadedFile(
        "cat.csv",
        (
            HEADER + "S1;Pain;;A > B;1;20;1;;pain.jpg\n"
            # Written in another case than in the ZIP, as a shopkeeper on Windows would.
            "S2;Croissant;;A > B;1;20;1;;croissant.png\n"
        ).encode(),
    )
    archive = _upload_zip({"photos/": b"", "photos/pain.jpg": pain, "photos/CROISSANT.PNG": croissant})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("merchant-space:catalogue-import"), {"file": csv_file, "images": archive}
        )
    assert response.status_code == 302
    result = CatalogueImport.objects.get(merchant=merchant)
    assert result.status == CatalogueImport.Status.DONE
    assert (result.created, result.rejected, result.warnings) == (2, [], [])
    folder = _images_dir(settings, merchant)
    assert (folder / "pain.jpg").read_bytes() == pain
    assert (folder / "CROISSANT.PNG").read_bytes() == croissant
    assert ProductImage.objects.get(product=_record(merchant, "S1").product).original.name == (
        f"merchants/{merchant.slug}/images/pain.jpg"
    )
    assert ProductImage.objects.get(product=_record(merchant, "S2").product).original.name == (
        f"merchants/{merchant.slug}/images/CROISSANT.PNG"
    )


def test_zip_slip_members_land_only_by_their_base_name_inside_the_images_folder(settings, tmp_path):
    merchant = MerchantFactory()
    media = Path(settings.MEDIA_ROOT)
    picture = _picture("blue")
    # An absolute path into this test's own folder: a regression is caught without writing anywhere else.
    absolute = tmp_path / "outside" / "abs.png"
    result = _import(
        merchant,
        HEADER + "S1;Un;;A > B;1;20;1;;evil.png\n",
        {
            "../../../../evil.png": picture,
            str(absolute): picture,
            "..\\..\\windows.png": picture,
            "__MACOSX/photos/._evil.png": b"resource fork",
            ".hidden.png": picture,
        },
    )
    assert result.warnings == []
    assert sorted(os.listdir(_images_dir(settings, merchant))) == ["abs.png", "evil.png", "windows.png"]
    assert not absolute.exists()
    images = f"merchants/{merchant.slug}/images/"
    # Besides the pictures, only the CSV is left: the archive is deleted once the import is done.
    assert {name for name in _files_under(media) if not name.startswith(images)} == {
        str(Path(result.file.name))
    }
    assert not (media.parent / "evil.png").exists() and not (media / "merchants" / "evil.png").exists()
    assert (
        ProductImage.objects.get(product=_record(merchant, "S1").product).original.name == f"{images}evil.png"
    )


def test_a_member_that_is_not_a_picture_is_skipped_with_a_warning(client, settings):
    merchant = MerchantFactory()
    result = _import(
        merchant,
        HEADER + "S1;Faux;;A > B;1;20;1;;faux.jpg\nS2;Vrai;;A > B;1;20;1;;vrai.webp\n",
        {
            "faux.jpg": os.urandom(2048),
            "notes.txt": b"liste des photos",
            "vrai.webp": _picture("green", "WEBP"),
        },
    )
    assert result.status == CatalogueImport.Status.DONE and result.created == 2
    assert [(warning["line"], warning["reason"].split(" ")[1]) for warning in result.warnings] == [
        (None, "faux.jpg"),
        (None, "notes.txt"),
        (2, "«"),
    ]
    assert "n'est pas une photo JPEG, PNG ou WebP lisible" in result.warnings[0]["reason"]
    assert sorted(os.listdir(_images_dir(settings, merchant))) == ["vrai.webp"]
    assert not ProductImage.objects.filter(product=_record(merchant, "S1").product).exists()
    assert ProductImage.objects.filter(product=_record(merchant, "S2").product).exists()

    client.force_login(make_merchant_user(merchant))
    page = client.get(reverse("merchant-space:catalogue-import-detail", args=[result.pk])).content.decode()
    assert '<th scope="row">Archive ZIP</th><td>« faux.jpg »' in page


def test_a_truncated_picture_is_skipped_with_a_warning(settings):
    merchant = MerchantFactory()
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, format="JPEG", quality=90)
    whole = buffer.getvalue()
    result = _import(
        merchant,
        HEADER + "S1;Coupé;;A > B;1;20;1;;coupe.jpg\nS2;Entier;;A > B;1;20;1;;entier.jpg\n",
        {"coupe.jpg": whole[: len(whole) // 2], "entier.jpg": whole},
    )
    assert [warning["reason"].split(" ")[1] for warning in result.warnings if warning["line"] is None] == [
        "coupe.jpg"
    ]
    assert sorted(os.listdir(_images_dir(settings, merchant))) == ["entier.jpg"]


def test_temporary_files_left_by_a_dead_worker_are_removed_by_the_next_extraction(settings):
    merchant = MerchantFactory()
    folder = _images_dir(settings, merchant)
    folder.mkdir(parents=True)
    stale, recent = folder / ".archive-dead.part", folder / ".archive-running.part"
    stale.write_bytes(b"half a picture")
    recent.write_bytes(b"another import, still writing")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))

    _import(merchant, HEADER + "S1;Pain;;A > B;1;20;1;;pain.png\n", {"pain.png": _picture("red")})

    assert not stale.exists() and recent.exists()
    assert sorted(os.listdir(folder)) == [".archive-running.part", "pain.png"]


def test_a_picture_over_the_size_limit_is_skipped_with_a_warning(settings, monkeypatch):
    monkeypatch.setattr(catalogue_images, "MAX_IMAGE_BYTES", 100)
    merchant = MerchantFactory()
    result = _import(
        merchant, HEADER + "S1;Un;;A > B;1;20;1;;\n", {"grande.png": _picture("red") + b"\0" * 200}
    )
    assert len(result.warnings) == 1 and "grande.png" in result.warnings[0]["reason"]
    assert os.listdir(_images_dir(settings, merchant)) == []


def test_a_file_that_is_not_a_zip_is_refused_at_upload_in_french(client):
    merchant = MerchantFactory()
    client.force_login(make_merchant_user(merchant))
    response = client.post(
        reverse("merchant-space:catalogue-import"),
        {
            "file": SimpleUploadedFile("cat.csv", (HEADER + "S1;Un;;A > B;1;20;1;;\n").encode()),
            "images": SimpleUploadedFile("photos.zip", b"PK pas vraiment une archive"),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="images-errors"' in body and "archive ZIP lisible" in body
    assert 'id="file-errors"' not in body
    assert not CatalogueImport.objects.exists()


def test_csv_and_archive_errors_are_reported_together_and_nothing_is_stored(client, settings):
    merchant = MerchantFactory()
    client.force_login(make_merchant_user(merchant))
    response = client.post(
        reverse("merchant-space:catalogue-import"),
        {
            "file": SimpleUploadedFile("cat.csv", b"foo;bar\n1;2\n"),
            "images": SimpleUploadedFile("photos.zip", b"nope"),
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Colonnes manquantes" in body and "archive ZIP lisible" in body
    assert not CatalogueImport.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "merchants" / "imports").exists()


@pytest.mark.parametrize(
    "limit, value, message",
    [
        ("MAX_ARCHIVE_MEMBERS", 2, "trop de fichiers"),
        ("MAX_ARCHIVE_UNCOMPRESSED_BYTES", 1000, "une fois décompressée"),
        ("MAX_ARCHIVE_BYTES", 100, "dépasse"),
    ],
)
def test_an_archive_over_a_limit_is_refused_at_upload(client, monkeypatch, limit, value, message):
    monkeypatch.setattr(catalogue_images, limit, value)
    merchant = MerchantFactory()
    client.force_login(make_merchant_user(merchant))
    members = {f"{index}.png": b"\0" * 600 for index in range(3)}
    response = client.post(
        reverse("merchant-space:catalogue-import"),
        {
            "file": SimpleUploadedFile("cat.csv", (HEADER + "S1;Un;;A > B;1;20;1;;\n").encode()),
            "images": _upload_zip(members),
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CatalogueImport.objects.exists()


def test_a_forged_member_count_is_refused_before_the_directory_is_read(monkeypatch):
    monkeypatch.setattr(catalogue_images, "MAX_ARCHIVE_MEMBERS", 1)
    parsed = []
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", lambda self: parsed.append(self))
    with pytest.raises(ValidationError, match="trop de fichiers"):
        catalogue_images.catalogue_archive_check(file=_upload_zip({"a.png": b"1", "b.png": b"2"}))
    assert parsed == []


def test_a_reimport_replaces_a_picture_of_the_same_name_and_export_keeps_its_name(settings):
    merchant = MerchantFactory()
    text = HEADER + "S1;Pain;;A > B;1;20;1;;pain.png\n"
    _import(merchant, text, {"pain.png": _picture("red")})
    blue = _picture("blue")
    result = _import(merchant, text, {"autre/pain.png": blue})
    folder = _images_dir(settings, merchant)
    assert result.warnings == []
    assert (folder / "pain.png").read_bytes() == blue
    assert os.listdir(folder) == ["pain.png"]
    assert ProductImage.objects.filter(product=_record(merchant, "S1").product).count() == 1
    assert catalogue_export(merchant=merchant).splitlines()[1] == "S1;Pain;;A > B;1,00;20;1;;pain.png"


def test_running_the_task_again_extracts_again_without_duplicates(settings, monkeypatch):
    merchant = MerchantFactory()
    picture = _picture("red")
    catalogue_import = catalogue_import_start(
        merchant=merchant,
        file=SimpleUploadedFile("cat.csv", (HEADER + "S1;Pain;;A > B;1;20;1;;pain.png\n").encode()),
        images=_upload_zip({"pain.png": picture, "x.txt": b""}),
        by=None,
    )
    # As after a worker lost mid-import (acks_late): the pictures are out, the rows are not, the task runs again.
    with monkeypatch.context() as patch:
        patch.setattr(service, "_batch_write", lambda **kwargs: (_ for _ in ()).throw(MemoryError("lost")))
        with pytest.raises(MemoryError):
            catalogue_import_run(import_id=catalogue_import.pk)
    assert os.listdir(_images_dir(settings, merchant)) == ["pain.png"]
    catalogue_import_run(import_id=catalogue_import.pk)
    catalogue_import.refresh_from_db()
    assert catalogue_import.status == CatalogueImport.Status.DONE
    assert len(catalogue_import.warnings) == 1
    assert os.listdir(_images_dir(settings, merchant)) == ["pain.png"]
    assert ProductImage.objects.filter(product=_record(merchant, "S1").product).count() == 1


def test_the_archive_is_deleted_once_the_import_is_done(settings):
    merchant = MerchantFactory()
    catalogue_import = catalogue_import_start(
        merchant=merchant,
        file=SimpleUploadedFile("cat.csv", (HEADER + "S1;Pain;;A > B;1;20;1;;pain.png\n").encode()),
        images=_upload_zip({"pain.png": _picture("red")}),
        by=None,
    )
    stored = Path(catalogue_import.images_archive.path)
    assert stored.is_file()
    catalogue_import_run(import_id=catalogue_import.pk)
    catalogue_import.refresh_from_db()
    assert not stored.exists() and not catalogue_import.images_archive
    assert (_images_dir(settings, merchant) / "pain.png").is_file()


def test_an_archive_gone_from_the_storage_is_a_warning_and_the_rows_are_still_imported():
    merchant = MerchantFactory()
    catalogue_import = catalogue_import_start(
        merchant=merchant,
        file=SimpleUploadedFile("cat.csv", (HEADER + "S1;Un;;A > B;1;20;1;;\n").encode()),
        images=_upload_zip({"a.png": _picture("red")}),
        by=None,
    )
    catalogue_import.images_archive.storage.delete(catalogue_import.images_archive.name)
    catalogue_import_run(import_id=catalogue_import.pk)
    catalogue_import.refresh_from_db()
    assert catalogue_import.status == CatalogueImport.Status.DONE and catalogue_import.created == 1
    assert [warning["line"] for warning in catalogue_import.warnings] == [None]
    assert "illisible" in catalogue_import.warnings[0]["reason"]
