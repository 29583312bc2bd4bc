"""La Poste's official postcode base (laposte_hexasmal), read once per process."""

import csv
import gzip
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class PostcodeEntry:
    insee_code: str
    commune: str
    postcode: str
    label: str
    latitude: float | None
    longitude: float | None


def _open(path: Path):
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def read_postcodes(path: Path) -> list[PostcodeEntry]:
    """Parses a hexasmal export (`;`-separated, `coordonnees_gps` as "lat,lon")."""
    entries = []
    with _open(path) as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            lat = lon = None
            coordinates = (row.get("coordonnees_gps") or "").strip()
            if coordinates:
                lat_text, _sep, lon_text = coordinates.partition(",")
                lat, lon = float(lat_text), float(lon_text)
            entries.append(
                PostcodeEntry(
                    insee_code=row["Code_commune_INSEE"].strip(),
                    commune=row["Nom_commune"].strip(),
                    postcode=row["Code_postal"].strip(),
                    label=(row.get("Ligne_5") or "").strip(),
                    latitude=lat,
                    longitude=lon,
                )
            )
    return entries


@lru_cache(maxsize=1)
def postcode_entries() -> tuple[PostcodeEntry, ...]:
    return tuple(read_postcodes(settings.POSTCODES_FILE))


@lru_cache(maxsize=1)
def entries_by_insee() -> dict[str, list[PostcodeEntry]]:
    index: dict[str, list[PostcodeEntry]] = {}
    for entry in postcode_entries():
        index.setdefault(entry.insee_code, []).append(entry)
    return index


@lru_cache(maxsize=1)
def entries_by_postcode() -> dict[str, list[PostcodeEntry]]:
    index: dict[str, list[PostcodeEntry]] = {}
    for entry in postcode_entries():
        index.setdefault(entry.postcode, []).append(entry)
    return index
