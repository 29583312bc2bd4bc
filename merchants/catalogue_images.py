"""The pictures of a catalogue import: the optional ZIP archive sent with the CSV, checked at upload, extracted
by the background task into the merchant's images folder, and the CSV's `image` names matched to its files."""

import dataclasses
import lzma
import os
import re
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image

from merchants.catalogue_csv import CatalogueRow
from merchants.models import Merchant

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


def catalogue_images_dir(merchant: Merchant) -> Path:
    """The folder of the merchant's product pictures, where the `image` column's names are looked up."""
    return Path(settings.MEDIA_ROOT) / "merchants" / merchant.slug / "images"


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


def archive_warning(reason: str) -> dict:
    """A warning of the import about the archive, not a line of the CSV: the report shows « Archive ZIP »."""
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


def catalogue_archive_extract(*, archive_file, images_dir: Path) -> list[dict]:
    """Extracts the pictures of a ZIP into images_dir, by base name only; returns the warnings, one per member
    left out. A picture replaces the one of the same name."""
    try:
        archive = zipfile.ZipFile(archive_file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return [archive_warning(_("Archive de photos illisible : aucune photo ajoutée."))]
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
                    archive_warning(
                        _("« %(name)s » : nom de fichier trop long ou invalide (%(max)s caractères au plus).")
                        % {"name": shown, "max": MAX_IMAGE_NAME}
                    )
                )
                continue
            if Path(name).suffix.lower() not in IMAGE_EXTENSIONS:
                warnings.append(
                    archive_warning(
                        _("« %(name)s » n'est pas une photo JPEG, PNG ou WebP : ignoré.") % {"name": shown}
                    )
                )
                continue
            try:
                _member_extract(archive=archive, member=member, target=images_dir / name, shown=shown)
            except _PictureRefused as refusal:
                warnings.append(archive_warning(str(refusal)))
                continue
            if name in extracted:
                warnings.append(
                    archive_warning(
                        _("« %(name)s » figure plusieurs fois dans l'archive : la dernière photo est gardée.")
                        % {"name": name}
                    )
                )
            extracted.add(name)
    return warnings


def catalogue_rows_match_images(*, rows: list[CatalogueRow], images_dir: Path) -> list[CatalogueRow]:
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
