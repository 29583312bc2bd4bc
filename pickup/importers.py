"""Import of La Poste's contact-point export (open data "laposte_poincont2"), 2020 or current header style."""

import csv
import io
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.csv_text import csv_bytes_decode
from pickup.models import ContactPoint, category_of
from pickup.services import index_bump

# Both header styles reduce to the same names once accents, case and the 2020 leading "#" are dropped;
# only the identifier column was renamed.
COLUMNS = {
    "identifiant_du_site": "site_id",
    "identifiant_a": "site_id",
    "libelle_du_site": "name",
    "caracteristique_du_site": "type",
    "site_acores_de_rattachement": "parent_site_id",
    "adresse": "address",
    "complement_d_adresse": "address_complement",
    "lieu_dit": "locality",
    "code_postal": "postcode",
    "localite": "city",
    "code_insee": "insee_code",
    "pays": "country",
    "latitude": "latitude",
    "longitude": "longitude",
    "precision_du_geocodage": "geocoding_precision",
    "numero_de_telephone": "phone",
}
REQUIRED_COLUMNS = ("site_id", "name", "type", "postcode", "city", "latitude", "longitude")
TEXT_FIELDS = (
    "site_id",
    "name",
    "type",
    "parent_site_id",
    "address",
    "address_complement",
    "locality",
    "postcode",
    "city",
    "insee_code",
    "country",
    "geocoding_precision",
    "phone",
)
IMPORTED_FIELDS = (*TEXT_FIELDS, "latitude", "longitude")
UPDATED_FIELDS = (*IMPORTED_FIELDS[1:], "category", "is_active", "updated_at")
MAX_LENGTHS = {name: ContactPoint._meta.get_field(name).max_length for name in TEXT_FIELDS}
FIELD_LABELS = {
    "site_id": "identifiant",
    "name": "libellé du site",
    "type": "caractéristique du site",
    "parent_site_id": "site de rattachement",
    "address": "adresse",
    "address_complement": "complément d'adresse",
    "locality": "lieu-dit",
    "postcode": "code postal",
    "city": "localité",
    "insee_code": "code INSEE",
    "country": "pays",
    "latitude": "latitude",
    "longitude": "longitude",
    "geocoding_precision": "précision du géocodage",
    "phone": "numéro de téléphone",
}
POSTCODE = re.compile(r"\d{5}")
INSEE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
BATCH_SIZE = 500

# Share of the run spent in each phase, measured on the national file, so the percentage moves evenly.
PARSE_SHARE, COMPARE_SHARE = 0.15, 0.1


class ContactPointImportError(Exception):
    """The file cannot be imported at all (unreadable, or not La Poste's export); the message is for the user."""


@dataclass(frozen=True)
class ImportReport:
    """What an import did; ``rejected`` holds (physical line number, reason) for each skipped row."""

    created: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


class _RowRejected(Exception):
    pass


class _Progress:
    """Reports the run's advance as a fraction in [0, 1], at most once per percent."""

    def __init__(self, callback: Callable[[float], None] | None):
        self.callback = callback
        self.last = -1.0

    def __call__(self, fraction: float) -> None:
        if self.callback is not None and (fraction - self.last >= 0.01 or fraction >= 1.0 > self.last):
            self.last = fraction
            self.callback(min(fraction, 1.0))


def contact_points_import(
    *,
    path: str | Path | None = None,
    file: IO | None = None,
    full: bool = True,
    progress: Callable[[float], None] | None = None,
) -> ImportReport:
    """Upserts La Poste's contact points from an export (a path or an open file), in one transaction.

    A full import makes inactive the points the file no longer lists (a rejected row still lists its point)."""
    if (path is None) == (file is None):
        raise TypeError("contact_points_import() takes either path or file.")
    report_progress = _Progress(progress)
    text = _read_text(path=path, file=file)
    listed, rows, rejected = _parse(text, report_progress)

    with transaction.atomic():
        existing = {point.site_id: point for point in ContactPoint.objects.order_by()}
        now = timezone.now()
        to_create, to_update = [], []
        unchanged = 0
        for index, values in enumerate(rows):
            if index % 1000 == 0:
                report_progress(PARSE_SHARE + COMPARE_SHARE * index / len(rows))
            category = category_of(values["type"])
            point = existing.get(values["site_id"])
            if point is None:
                to_create.append(ContactPoint(**values, category=category, is_active=True, updated_at=now))
            elif (
                point.is_active
                and point.category == category
                and all(getattr(point, name) == values[name] for name in IMPORTED_FIELDS)
            ):
                unchanged += 1
            else:
                for name, value in values.items():
                    setattr(point, name, value)
                point.category, point.is_active, point.updated_at = category, True, now
                to_update.append(point)
        to_deactivate = []
        if full:
            for site_id, point in existing.items():
                if point.is_active and site_id not in listed:
                    point.is_active, point.updated_at = False, now
                    to_deactivate.append(point)

        writes = len(to_create) + len(to_update) + len(to_deactivate)
        written = 0

        def advance(count: int) -> None:
            nonlocal written
            written += count
            report_progress(
                PARSE_SHARE + COMPARE_SHARE + (1 - PARSE_SHARE - COMPARE_SHARE) * written / writes
            )

        for batch in _batches(to_create):
            ContactPoint.objects.bulk_create(batch)
            advance(len(batch))
        for batch in _batches(to_update):
            _update(batch, UPDATED_FIELDS)
            advance(len(batch))
        for batch in _batches(to_deactivate):
            ContactPoint.objects.filter(pk__in=[point.pk for point in batch]).update(
                is_active=False, updated_at=now
            )
            advance(len(batch))
        if writes:
            index_bump()
    report_progress(1.0)
    return ImportReport(
        created=len(to_create),
        updated=len(to_update),
        deactivated=len(to_deactivate),
        unchanged=unchanged,
        rejected=rejected,
    )


def _update(points: list[ContactPoint], names: tuple[str, ...]) -> None:
    # bulk_update() writes one CASE per column over the whole batch, quadratic in its size: 17,703 changed
    # points took 56 s on SQLite and 121 s on PostgreSQL. One prepared UPDATE per row through executemany
    # (pipelined by psycopg 3) takes about 2 s on SQLite and 5 s on PostgreSQL.
    connection = connections[ContactPoint.objects.db]
    quote = connection.ops.quote_name
    fields = [ContactPoint._meta.get_field(name) for name in names]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(ContactPoint._meta.db_table)} SET {assignments} "
        f"WHERE {quote(ContactPoint._meta.pk.column)} = %s"
    )
    params = [
        [field.get_db_prep_save(getattr(point, field.attname), connection) for field in fields] + [point.pk]
        for point in points
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _batches(items: list) -> list[list]:
    return [items[start : start + BATCH_SIZE] for start in range(0, len(items), BATCH_SIZE)]


def _read_text(*, path: str | Path | None, file: IO | None) -> str:
    if path is not None:
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise ContactPointImportError(_("Fichier introuvable : %(path)s") % {"path": path}) from None
        except IsADirectoryError:
            raise ContactPointImportError(
                _("%(path)s est un dossier, pas un fichier.") % {"path": path}
            ) from None
        except OSError as error:
            raise ContactPointImportError(
                _("Impossible de lire le fichier %(path)s : %(reason)s")
                % {"path": path, "reason": error.strerror}
            ) from None
    else:
        data = file.read()
    return csv_bytes_decode(data)


def _column_key(header: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def _columns(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for position, name in enumerate(header):
        target = COLUMNS.get(_column_key(name))
        if target is not None and target not in positions:
            positions[target] = position
    missing = [FIELD_LABELS[name] for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        raise ContactPointImportError(
            _(
                "En-tête non reconnu (colonnes manquantes : %(missing)s). Le fichier doit être l'export La Poste "
                "des points de contact, en-tête « #Identifiant_du_site;Libellé_du_site;… » ou "
                "« identifiant_a;libelle_du_site;… », séparé par « ; » ou « , »."
            )
            % {"missing": ", ".join(missing)}
        )
    return positions


def _parse(text: str, report_progress: _Progress) -> tuple[set[str], list[dict], list[tuple[int, str]]]:
    """Reads and checks every row before anything is written: the identifiers listed, the valid rows' values,
    and the rejected rows with their physical line number (header = 1)."""
    header_line = re.match(r"[^\r\n]*", text).group()
    if not header_line.strip():
        raise ContactPointImportError(_("Le fichier est vide ou sa première ligne n'est pas un en-tête."))
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    positions = _columns(header)
    # Physical lines, not records: a quoted field may span lines, and this is only for the percentage.
    total_lines = text.count("\n") + 1

    first_line: dict[str, int] = {}
    rows: list[dict] = []
    rejected: list[tuple[int, str]] = []
    line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ContactPointImportError(
                _("Fichier CSV illisible à la ligne %(line)d : %(error)s")
                % {"line": line + 1, "error": error}
            ) from None
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if start % 1000 == 0:
            report_progress(PARSE_SHARE * min(start / total_lines, 1.0))
        try:
            site_id = _site_id(cells, positions)
            if site_id in first_line:
                raise _RowRejected(
                    _("identifiant %(site_id)s en double (déjà présent ligne %(line)d)")
                    % {"site_id": site_id, "line": first_line[site_id]}
                )
            first_line[site_id] = start
            if len(cells) != len(header):
                raise _RowRejected(
                    _("nombre de colonnes incorrect : %(found)d au lieu de %(expected)d")
                    % {"found": len(cells), "expected": len(header)}
                )
            rows.append(_values(cells, positions))
        except _RowRejected as rejection:
            rejected.append((start, str(rejection)))
    return set(first_line), rows, rejected


def _site_id(cells: list[str], positions: dict[str, int]) -> str:
    position = positions["site_id"]
    site_id = cells[position].strip() if position < len(cells) else ""
    if not site_id:
        raise _RowRejected(_("identifiant du site manquant"))
    return site_id


def _values(cells: list[str], positions: dict[str, int]) -> dict:
    values: dict = {}
    for name in TEXT_FIELDS:
        value = cells[positions[name]].strip() if name in positions else ""
        # Codes get their own, clearer reason below.
        if len(value) > MAX_LENGTHS[name] and name not in ("postcode", "insee_code"):
            raise _RowRejected(
                _("%(field)s trop long : %(length)d caractères, %(max)d au plus")
                % {"field": FIELD_LABELS[name], "length": len(value), "max": MAX_LENGTHS[name]}
            )
        values[name] = value
    for name in ("name", "type", "city"):
        if not values[name]:
            raise _RowRejected(_("%(field)s manquant") % {"field": FIELD_LABELS[name]})
    if not POSTCODE.fullmatch(values["postcode"]):
        raise _RowRejected(
            _("code postal invalide : « %(postcode)s » (5 chiffres attendus)")
            % {"postcode": values["postcode"]}
        )
    values["insee_code"] = values["insee_code"].upper()
    if values["insee_code"] and not INSEE_CODE.fullmatch(values["insee_code"]):
        raise _RowRejected(
            _("code INSEE invalide : « %(insee)s » (5 caractères, 2A ou 2B pour la Corse)")
            % {"insee": values["insee_code"]}
        )
    values["latitude"], values["longitude"] = _coordinates(
        cells[positions["latitude"]].strip(), cells[positions["longitude"]].strip()
    )
    return values


def _coordinates(latitude_text: str, longitude_text: str) -> tuple[float, float]:
    if not latitude_text or not longitude_text:
        raise _RowRejected(_("coordonnées manquantes"))
    try:
        # A spreadsheet saving in French writes a decimal comma.
        latitude = float(latitude_text.replace(",", "."))
        longitude = float(longitude_text.replace(",", "."))
    except ValueError:
        raise _RowRejected(
            _("coordonnées illisibles : « %(latitude)s », « %(longitude)s »")
            % {"latitude": latitude_text, "longitude": longitude_text}
        ) from None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise _RowRejected(
            _("coordonnées illisibles : « %(latitude)s », « %(longitude)s »")
            % {"latitude": latitude_text, "longitude": longitude_text}
        )
    if not -90 <= latitude <= 90:
        raise _RowRejected(_("latitude hors limites (-90 à 90) : %(value)s") % {"value": latitude_text})
    if not -180 <= longitude <= 180:
        raise _RowRejected(_("longitude hors limites (-180 à 180) : %(value)s") % {"value": longitude_text})
    if latitude == 0 and longitude == 0:
        # No La Poste site lies in the Gulf of Guinea: (0, 0) is a geocoder's placeholder for "unknown".
        raise _RowRejected(_("coordonnées nulles (0, 0) : point non géocodé"))
    return latitude, longitude
