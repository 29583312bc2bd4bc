import csv
import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from pickup.importers import ContactPointImportError, contact_points_import
from pickup.models import ContactPoint, IndexState, PointCategory

pytestmark = pytest.mark.django_db

HEADER_2020 = [
    "#Identifiant_du_site",
    "Libellé_du_site",
    "Caractéristique_du_site",
    "Site_Acores_de_rattachement",
    "Adresse",
    "Complément_d_adresse",
    "Lieu_dit",
    "Code_postal",
    "Localité",
    "Code_INSEE",
    "Pays",
    "Latitude",
    "Longitude",
    "Précision_du_géocodage",
    "Numéro_de_téléphone",
    "latlong",
]
HEADER_CURRENT = [
    "identifiant_a",
    "libelle_du_site",
    "caracteristique_du_site",
    "site_acores_de_rattachement",
    "adresse",
    "complement_d_adresse",
    "lieu_dit",
    "code_postal",
    "localite",
    "code_insee",
    "pays",
    "latitude",
    "longitude",
    "precision_du_geocodage",
    "numero_de_telephone",
    "latlong",
]


def point_row(
    site_id="08749A",
    name="MARMANDE",
    type="Bureau de Poste",
    parent="",
    address="41 RUE DE LA LIBERATION",
    complement="",
    lieu_dit="",
    postcode="47200",
    city="MARMANDE",
    insee="47157",
    country="FRANCE",
    lat="44.499404",
    lon="0.161791",
    precision="Géocodé au numéro",
    phone="3631",
):
    return [
        site_id,
        name,
        type,
        parent,
        address,
        complement,
        lieu_dit,
        postcode,
        city,
        insee,
        country,
        lat,
        lon,
        precision,
        phone,
        f"{lat},{lon}",
    ]


def bage_row(**changes):
    values = {
        "site_id": "00511A",
        "name": "CŒUR DE BÂGÉ AP",
        "type": "Agence postale communale",
        "parent": "00512A",
        "address": "PLACE DE L ÉGLISE",
        "complement": "MAIRIE",
        "lieu_dit": "LE BOURG",
        "postcode": "01380",
        "city": "BÂGÉ-DOMMARTIN",
        "insee": "01025",
        "lat": "46.331",
        "lon": "4.9306",
        "precision": "Géocodé au centre de la commune",
    }
    return point_row(**{**values, **changes})


def write_export(tmp_path, rows, *, header=HEADER_2020, delimiter=";", encoding="utf-8", name="points.csv"):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def reasons_by_line(report):
    return dict(report.rejected)


@pytest.mark.parametrize("header", [HEADER_2020, HEADER_CURRENT], ids=["2020", "current"])
@pytest.mark.parametrize("delimiter", [";", ","], ids=["semicolon", "comma"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "iso-8859-15"])
def test_import_reads_both_header_styles_separators_and_encodings(tmp_path, header, delimiter, encoding):
    path = write_export(
        tmp_path, [point_row(), bage_row()], header=header, delimiter=delimiter, encoding=encoding
    )

    report = contact_points_import(path=path)

    assert (report.created, report.updated, report.deactivated, report.rejected) == (2, 0, 0, [])
    bage = ContactPoint.objects.get(site_id="00511A")
    assert bage.name == "CŒUR DE BÂGÉ AP"
    assert bage.type == "Agence postale communale"
    assert bage.category == PointCategory.POSTAL_AGENCY
    assert bage.parent_site_id == "00512A"
    assert bage.address == "PLACE DE L ÉGLISE"
    assert bage.address_complement == "MAIRIE"
    assert bage.locality == "LE BOURG"
    assert (bage.postcode, bage.city, bage.insee_code) == ("01380", "BÂGÉ-DOMMARTIN", "01025")
    assert bage.country == "FRANCE"
    assert (bage.latitude, bage.longitude) == (46.331, 4.9306)
    assert bage.geocoding_precision == "Géocodé au centre de la commune"
    assert bage.phone == "3631"
    assert bage.is_active
    assert ContactPoint.objects.get(site_id="08749A").category == PointCategory.POST_OFFICE


def test_import_reads_an_open_binary_file(tmp_path):
    path = write_export(tmp_path, [bage_row()], encoding="iso-8859-15")

    with open(path, "rb") as handle:
        report = contact_points_import(file=handle)

    assert report.created == 1
    assert ContactPoint.objects.get().city == "BÂGÉ-DOMMARTIN"


def test_bad_rows_are_reported_with_their_line_and_reason_and_valid_rows_imported(tmp_path):
    rows = [
        point_row(site_id="00001A"),  # line 2
        point_row(site_id=""),  # 3
        point_row(site_id="00003A", lat="", lon=""),  # 4
        point_row(site_id="00004A", lat="quarante-quatre"),  # 5
        point_row(site_id="00005A", lat="91.2"),  # 6
        point_row(site_id="00006A", lon="-180.5"),  # 7
        point_row(site_id="00007A", postcode="7380"),  # 8
        point_row(site_id="00008A", postcode="472000"),  # 9
        point_row(site_id="00001A", name="DOUBLON"),  # 10
        point_row(site_id="00010A")[:-2],  # 11
        [*point_row(site_id="00011A"), "en trop"],  # 12
        point_row(site_id="00012A", address="LIGNE 1\nLIGNE 2"),  # 13-14: a quoted field spans two lines
        point_row(site_id="00013A", lat=""),  # 15
        point_row(site_id="00014A"),  # 16
    ]
    path = write_export(tmp_path, rows)

    report = contact_points_import(path=path)

    reasons = reasons_by_line(report)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15]
    assert reasons[3] == "identifiant du site manquant"
    assert reasons[4] == "coordonnées manquantes"
    assert reasons[5].startswith("coordonnées illisibles")
    assert reasons[6] == "latitude hors limites (-90 à 90) : 91.2"
    assert reasons[7] == "longitude hors limites (-180 à 180) : -180.5"
    assert reasons[8] == "code postal invalide : « 7380 » (5 chiffres attendus)"
    assert reasons[9].startswith("code postal invalide : « 472000 »")
    assert reasons[10] == "identifiant 00001A en double (déjà présent ligne 2)"
    assert reasons[11] == "nombre de colonnes incorrect : 14 au lieu de 16"
    assert reasons[12] == "nombre de colonnes incorrect : 17 au lieu de 16"
    assert reasons[15] == "coordonnées manquantes"
    assert report.created == 3
    assert set(ContactPoint.objects.values_list("site_id", flat=True)) == {"00001A", "00012A", "00014A"}
    assert ContactPoint.objects.get(site_id="00001A").name == "MARMANDE"
    assert ContactPoint.objects.get(site_id="00012A").address == "LIGNE 1\nLIGNE 2"


def test_reimport_updates_in_place_without_duplicates(tmp_path):
    contact_points_import(path=write_export(tmp_path, [point_row(), bage_row()], name="first.csv"))
    first_pk = ContactPoint.objects.get(site_id="08749A").pk

    moved = point_row(name="MARMANDE BP", lat="44.5", lon="0.162", phone="05 53 64 00 00")
    report = contact_points_import(
        path=write_export(tmp_path, [moved, bage_row()], header=HEADER_CURRENT, name="second.csv")
    )

    assert (report.created, report.updated, report.unchanged, report.deactivated) == (0, 1, 1, 0)
    assert ContactPoint.objects.count() == 2
    point = ContactPoint.objects.get(site_id="08749A")
    assert point.pk == first_pk
    assert (point.name, point.latitude, point.longitude, point.phone) == (
        "MARMANDE BP",
        44.5,
        0.162,
        "05 53 64 00 00",
    )


def test_type_change_recomputes_the_category(tmp_path):
    contact_points_import(path=write_export(tmp_path, [point_row()], name="first.csv"))

    contact_points_import(path=write_export(tmp_path, [point_row(type="Relais poste")], name="second.csv"))

    point = ContactPoint.objects.get()
    assert (point.type, point.category) == ("Relais poste", PointCategory.RELAY)


def test_full_import_deactivates_a_point_no_longer_listed_and_never_deletes_it(tmp_path):
    contact_points_import(path=write_export(tmp_path, [point_row(), bage_row()], name="first.csv"))

    report = contact_points_import(path=write_export(tmp_path, [point_row()], name="second.csv"))

    assert (report.deactivated, report.unchanged) == (1, 1)
    assert ContactPoint.objects.count() == 2
    assert not ContactPoint.objects.get(site_id="00511A").is_active
    assert ContactPoint.objects.get(site_id="08749A").is_active


def test_relisted_inactive_point_becomes_active_again(tmp_path):
    contact_points_import(path=write_export(tmp_path, [point_row(), bage_row()], name="first.csv"))
    contact_points_import(path=write_export(tmp_path, [point_row()], name="second.csv"))

    report = contact_points_import(path=write_export(tmp_path, [point_row(), bage_row()], name="third.csv"))

    assert (report.updated, report.unchanged, report.deactivated) == (1, 1, 0)
    assert ContactPoint.objects.filter(is_active=True).count() == 2


def test_partial_import_deactivates_nothing(tmp_path):
    contact_points_import(path=write_export(tmp_path, [point_row(), bage_row()], name="first.csv"))

    report = contact_points_import(path=write_export(tmp_path, [point_row()], name="second.csv"), full=False)

    assert report.deactivated == 0
    assert ContactPoint.objects.filter(is_active=True).count() == 2


def test_full_import_keeps_a_point_whose_row_is_rejected(tmp_path):
    contact_points_import(path=write_export(tmp_path, [point_row(), bage_row()], name="first.csv"))

    report = contact_points_import(
        path=write_export(tmp_path, [point_row(), bage_row(lat="", lon="")], name="second.csv")
    )

    assert report.deactivated == 0
    assert report.rejected == [(3, "coordonnées manquantes")]
    bage = ContactPoint.objects.get(site_id="00511A")
    assert bage.is_active
    assert bage.latitude == 46.331


@pytest.mark.parametrize(
    ("label", "category"),
    [
        ("Agence postale", PointCategory.POSTAL_AGENCY),
        ("Relais poste", PointCategory.RELAY),
        ("Point partenaire", PointCategory.OTHER),
        ("Consigne Pickup Station", PointCategory.OTHER),
    ],
)
def test_current_and_unknown_types_are_kept_as_given(tmp_path, label, category):
    contact_points_import(path=write_export(tmp_path, [point_row(type=label)], header=HEADER_CURRENT))

    point = ContactPoint.objects.get()
    assert (point.type, point.category) == (label, category)


def test_postcodes_and_insee_codes_stay_strings(tmp_path):
    rows = [
        point_row(site_id="01140A", postcode="07380", insee="07315", lat="44.62868", lon="4.201706"),
        point_row(site_id="03334A", postcode="20110", insee="2A035", lat="41.629103", lon="8.814465"),
        point_row(site_id="03318A", postcode="20270", insee="2b009", lat="42.114869", lon="9.513246"),
        point_row(site_id="09001A", postcode="97100", insee="97105", lat="15.99", lon="-61.72"),
    ]

    contact_points_import(path=write_export(tmp_path, rows))

    codes = dict(
        (site_id, (postcode, insee))
        for site_id, postcode, insee in ContactPoint.objects.values_list("site_id", "postcode", "insee_code")
    )
    assert codes == {
        "01140A": ("07380", "07315"),
        "03334A": ("20110", "2A035"),
        "03318A": ("20270", "2B009"),
        "09001A": ("97100", "97105"),
    }


def test_import_bumps_the_index_only_when_points_change(tmp_path):
    path = write_export(tmp_path, [point_row()])

    contact_points_import(path=path)
    after_first = IndexState.objects.get().version
    contact_points_import(path=path)

    assert after_first >= 1
    assert IndexState.objects.get().version == after_first


def test_unrecognised_header_is_refused_and_changes_nothing(tmp_path):
    path = write_export(tmp_path, [["1", "2"]], header=["nom", "ville"])

    with pytest.raises(ContactPointImportError, match="En-tête non reconnu"):
        contact_points_import(path=path)
    assert not ContactPoint.objects.exists()


def test_command_prints_rejections_and_a_french_summary(tmp_path):
    path = write_export(tmp_path, [point_row(), bage_row(postcode="1380")])
    out = io.StringIO()

    call_command("import_contact_points", str(path), stdout=out)

    output = out.getvalue()
    assert "ligne 3 : code postal invalide" in output
    assert "Import terminé : 1 créés, 0 mis à jour, 0 désactivés, 1 rejetés" in output
    assert "\r" not in output  # not a terminal: no progress line


def test_command_partial_keeps_missing_points_active(tmp_path):
    call_command(
        "import_contact_points", str(write_export(tmp_path, [point_row(), bage_row()], name="a.csv"))
    )
    out = io.StringIO()

    call_command(
        "import_contact_points",
        str(write_export(tmp_path, [point_row()], name="b.csv")),
        "--partial",
        stdout=out,
    )

    assert "0 désactivés" in out.getvalue()
    assert ContactPoint.objects.filter(is_active=True).count() == 2


def test_command_caps_the_listing_of_rejected_rows(tmp_path):
    rows = [point_row(site_id=f"{number:05d}A", lat="") for number in range(60)]
    out = io.StringIO()

    call_command("import_contact_points", str(write_export(tmp_path, rows)), stdout=out)

    output = out.getvalue()
    assert output.count("coordonnées manquantes") == 50
    assert "… et 10 autres lignes rejetées" in output
    assert "60 rejetés" in output


def test_command_refuses_an_unrecognised_header(tmp_path):
    path = write_export(tmp_path, [["a", "b"]], header=["code", "libelle"])

    with pytest.raises(CommandError, match="En-tête non reconnu"):
        call_command("import_contact_points", str(path))


def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_contact_points", str(tmp_path / "absent.csv"))


def test_the_2020_national_file_gives_17703_active_points():
    report = contact_points_import(path=settings.LAPOSTE_DATA_DIR / "laposte_poincont2_2020.csv")

    assert ContactPoint.objects.filter(is_active=True).count() == 17_703
    assert report.created == 17_703
    assert len(report.rejected) == 13
    assert {reason for _line, reason in report.rejected} == {"coordonnées manquantes"}
    assert (611, "coordonnées manquantes") in report.rejected
    marmande = ContactPoint.objects.get(site_id="08749A")
    assert (marmande.type, marmande.postcode, marmande.insee_code) == ("Bureau de Poste", "47200", "47157")
    assert ContactPoint.objects.get(site_id="03318A").insee_code == "2B009"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_command_shows_progress_on_a_terminal(tmp_path):
    out = Terminal()

    call_command("import_contact_points", str(write_export(tmp_path, [point_row(), bage_row()])), stdout=out)

    output = out.getvalue()
    assert "\rImport des points de contact : 100 %\n" in output
    assert output.rstrip().endswith("0 désactivés, 0 rejetés (0 inchangés).")
