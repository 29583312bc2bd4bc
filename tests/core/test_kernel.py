"""The shared kernel's small helpers, each the one place the project does it."""

from decimal import Decimal

from django.utils import translation

from core.csv_text import csv_bytes_decode
from core.geo import distance_text, geodesic_m
from core.qr import qr_data_uri, qr_png
from core.vat import euros_fr


def test_euros_are_written_with_a_french_comma_and_two_decimals():
    assert [euros_fr(Decimal(value)) for value in ("12.5", "0", "1234.56", "3.905")] == [
        "12,50",
        "0,00",
        "1234,56",
        "3,90",
    ]


def test_csv_text_is_read_as_utf8_with_or_without_bom_else_latin9():
    assert csv_bytes_decode("Pâtes;€".encode()) == "Pâtes;€"
    assert csv_bytes_decode(b"\xef\xbb\xbf" + "Pâtes".encode()) == "Pâtes"
    assert csv_bytes_decode("Pâtes;€".encode("iso-8859-15")) == "Pâtes;€"
    assert csv_bytes_decode("\ufeffdéjà du texte") == "déjà du texte"


def test_a_qr_code_is_a_png_and_its_data_uri_carries_it():
    png = qr_png("COMPTOIR:100001:123456")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert qr_data_uri("COMPTOIR:100001:123456").startswith("data:image/png;base64,iVBOR")


def test_distances_are_geodesic_and_said_as_a_french_page_says_them():
    # Marmande's town hall to Tonneins' post office: about 17 km on the ellipsoid.
    assert 16_000 < geodesic_m(44.5003, 0.1653, 44.3906, 0.3094) < 18_000
    with translation.override("fr"):
        assert distance_text(762.4) == "762 m"
        assert distance_text(1149) == "1,1 km"
    with translation.override("en"):
        assert distance_text(1149) == "1.1 km"
