import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import roles
from core.hours import END_OF_DAY
from pickup import selectors
from pickup.hours import (
    contact_point_delete_exception,
    contact_point_is_open_at,
    contact_point_is_open_now,
    contact_point_is_open_on,
    contact_point_set_exception,
    contact_point_set_weekly_hours,
    open_point_ids_on,
    opening_hours_summary,
    opening_ranges_on,
    weekly_hours_display,
)
from pickup.hours_import import opening_hours_import
from pickup.models import ContactPoint, IndexState, OpeningException, WeeklyOpening
from shop.services import roles_ensure
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, make_merchant_user
from tests.pickup.factories import ContactPointFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 6, 2)
SUNDAY = date(2025, 6, 8)
MORNING = (time(9), time(12))
AFTERNOON = (time(14), time(17, 30))
OFFICE_WEEK = {day: [MORNING, AFTERNOON] for day in range(5)} | {5: [MORNING]}


def index_version() -> int:
    state = IndexState.objects.filter(pk=1).first()
    return state.version if state else 0


def weekly_of(point) -> list[tuple[int, time, time]]:
    return list(
        WeeklyOpening.objects.filter(contact_point=point)
        .order_by("weekday", "opens_at")
        .values_list("weekday", "opens_at", "closes_at")
    )


@pytest.fixture
def office():
    point = ContactPointFactory(site_id="08749A", name="MARMANDE")
    contact_point_set_weekly_hours(point=point, ranges_by_weekday=OFFICE_WEEK)
    return point


# The calendar


def test_weekly_hours_answer_open_on_a_date(office):
    assert contact_point_is_open_on(point=office, day=MONDAY)
    assert opening_ranges_on(point=office, day=MONDAY) == [MORNING, AFTERNOON]
    assert opening_ranges_on(point=office, day=MONDAY + timedelta(days=5)) == [MORNING]
    assert not contact_point_is_open_on(point=office, day=SUNDAY)


def test_an_exception_overrides_the_weekly_hours_of_its_date(office):
    contact_point_set_exception(point=office, day=MONDAY, is_closed=True, label="Pentecôte")
    contact_point_set_exception(point=office, day=SUNDAY, is_closed=False, ranges=[(time(10), time(12))])
    assert not contact_point_is_open_on(point=office, day=MONDAY)
    assert opening_ranges_on(point=office, day=SUNDAY) == [(time(10), time(12))]
    assert contact_point_is_open_on(point=office, day=MONDAY + timedelta(days=7))


@pytest.mark.parametrize(
    "moment, is_open",
    [
        (datetime(2025, 6, 2, 6, 59, tzinfo=UTC), False),  # 08:59 in Paris (summer time)
        (datetime(2025, 6, 2, 7, 0, tzinfo=UTC), True),  # 09:00 opens
        (datetime(2025, 6, 2, 9, 59, tzinfo=UTC), True),
        (datetime(2025, 6, 2, 10, 0, tzinfo=UTC), False),  # 12:00 closes
        (datetime(2025, 6, 2, 12, 0, tzinfo=UTC), True),  # 14:00
        (datetime(2025, 6, 2, 15, 30, tzinfo=UTC), False),  # 17:30
        (datetime(2025, 1, 6, 8, 30, tzinfo=UTC), True),  # 09:30 in Paris (winter time)
        (datetime(2025, 1, 6, 7, 30, tzinfo=UTC), False),  # 08:30 in Paris
        (datetime(2025, 6, 8, 8, 0, tzinfo=UTC), False),  # Sunday
    ],
)
def test_open_at_a_moment_reads_the_clock_in_paris(office, moment, is_open):
    assert contact_point_is_open_at(point=office, moment=moment) is is_open


def test_open_at_a_moment_honours_the_exception_of_that_date(office):
    contact_point_set_exception(point=office, day=MONDAY, is_closed=False, ranges=[(time(10), time(11))])
    paris = timezone.get_fixed_timezone(120)
    assert not contact_point_is_open_at(point=office, moment=datetime(2025, 6, 2, 9, 30, tzinfo=paris))
    assert contact_point_is_open_at(point=office, moment=datetime(2025, 6, 2, 10, 30, tzinfo=paris))
    assert not contact_point_is_open_at(point=office, moment=datetime(2025, 6, 2, 15, 0, tzinfo=paris))


def test_a_range_to_midnight_is_open_until_the_day_ends():
    point = ContactPointFactory()
    contact_point_set_weekly_hours(point=point, ranges_by_weekday={0: [(time(20), END_OF_DAY)]})
    assert contact_point_is_open_at(point=point, moment=datetime(2025, 6, 2, 21, 59, tzinfo=UTC))
    assert not contact_point_is_open_at(point=point, moment=datetime(2025, 6, 2, 22, 0, tzinfo=UTC))
    assert opening_hours_summary(point=point, today=MONDAY)["weekly"]["lundi"] == ["20:00-24:00"]


def test_open_now_follows_the_clock(office, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2025, 6, 2, 8, 0, tzinfo=UTC))
    assert contact_point_is_open_now(point=office)
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2025, 6, 2, 11, 0, tzinfo=UTC))
    assert not contact_point_is_open_now(point=office)
    contact_point_set_exception(point=office, day=MONDAY, is_closed=True)
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2025, 6, 2, 8, 0, tzinfo=UTC))
    assert not contact_point_is_open_now(point=office)


def test_open_point_ids_on_takes_two_queries_whatever_the_number_of_points(django_assert_max_num_queries):
    weekday_only = [ContactPointFactory() for _ in range(30)]
    for point in weekday_only:
        contact_point_set_weekly_hours(point=point, ranges_by_weekday={0: [MORNING, AFTERNOON]})
    closed_for_holiday, never_open, opens_on_exception = (
        ContactPointFactory(),
        ContactPointFactory(),
        ContactPointFactory(),
    )
    contact_point_set_weekly_hours(point=closed_for_holiday, ranges_by_weekday={0: [MORNING]})
    contact_point_set_exception(point=closed_for_holiday, day=MONDAY, is_closed=True)
    contact_point_set_exception(point=opens_on_exception, day=MONDAY, is_closed=False, ranges=[MORNING])
    expected = {point.pk for point in weekday_only} | {opens_on_exception.pk}

    with django_assert_max_num_queries(2):
        assert open_point_ids_on(day=MONDAY, point_ids=None) == expected
    every_id = [*expected, closed_for_holiday.pk, never_open.pk]
    with django_assert_max_num_queries(2):
        assert open_point_ids_on(day=MONDAY, point_ids=every_id[:5]) == set(every_id[:5]) & expected
    with django_assert_max_num_queries(2):
        assert (
            open_point_ids_on(day=MONDAY, point_ids=every_id + list(range(10**6, 10**6 + 2000))) == expected
        )
    with django_assert_max_num_queries(2):
        assert open_point_ids_on(day=SUNDAY, point_ids=None) == set()
    assert open_point_ids_on(day=MONDAY, point_ids=[]) == set()


def test_the_selectors_module_still_offers_open_point_ids_on():
    assert selectors.open_point_ids_on is open_point_ids_on


def test_weekly_display_lists_the_seven_days_from_monday(office):
    display = weekly_hours_display(point=office)
    assert [label for label, _ranges in display] == [
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
    ]
    assert display[0][1] == [MORNING, AFTERNOON] and display[6][1] == []


def test_summary_is_json_ready_and_costs_no_query_when_prefetched(office, django_assert_num_queries):
    contact_point_set_exception(point=office, day=MONDAY + timedelta(days=1), is_closed=True, label="Travaux")
    contact_point_set_exception(point=office, day=SUNDAY, is_closed=False, ranges=[(time(10), time(12))])
    contact_point_set_exception(point=office, day=MONDAY - timedelta(days=1), is_closed=True)  # past
    contact_point_set_exception(point=office, day=MONDAY + timedelta(days=14), is_closed=True)  # too far
    point = ContactPoint.objects.prefetch_related(
        "weekly_openings", Prefetch("opening_exceptions", queryset=OpeningException.objects.order_by("date"))
    ).get(pk=office.pk)

    with django_assert_num_queries(0):
        summary = opening_hours_summary(point=point, today=MONDAY)

    assert json.loads(json.dumps(summary)) == summary
    assert summary["weekly"]["lundi"] == ["09:00-12:00", "14:00-17:30"]
    assert summary["weekly"]["samedi"] == ["09:00-12:00"] and summary["weekly"]["dimanche"] == []
    assert list(summary["weekly"]) == [
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
    ]
    assert summary["exceptions"] == [
        {"date": "2025-06-03", "closed": True, "ranges": [], "label": "Travaux"},
        {"date": "2025-06-08", "closed": False, "ranges": ["10:00-12:00"], "label": ""},
    ]


# The services


def test_setting_weekly_hours_replaces_them_and_bumps_the_index(office):
    version = index_version()
    contact_point_set_weekly_hours(
        point=office, ranges_by_weekday={2: [(time(14), time(16)), (time(8), time(11))]}
    )
    assert weekly_of(office) == [(2, time(8), time(11)), (2, time(14), time(16))]
    assert index_version() == version + 1


def test_touching_ranges_are_merged_into_one(office):
    contact_point_set_weekly_hours(
        point=office, ranges_by_weekday={0: [(time(9), time(12)), (time(12), time(14))]}
    )
    assert weekly_of(office) == [(0, time(9), time(14))]


@pytest.mark.parametrize(
    "ranges, message",
    [
        (
            [(time(8), time(9)), (time(10), time(11)), (time(12), time(13))],
            "au plus deux plages horaires par jour",
        ),
        ([(time(9), time(12)), (time(11), time(14))], "se chevauchent"),
        ([(time(12), time(9))], "doit fermer après son ouverture"),
        ([(time(9), time(9))], "doit fermer après son ouverture"),
        ([(time(9), None)], "une heure d'ouverture et une heure de fermeture"),
    ],
)
def test_bad_weekly_hours_are_refused_in_french_and_nothing_changes(office, ranges, message):
    version = index_version()
    with pytest.raises(ValidationError) as error:
        contact_point_set_weekly_hours(point=office, ranges_by_weekday={1: [MORNING], 3: ranges})
    assert message in " ".join(error.value.messages)
    assert "Jeudi" in " ".join(error.value.messages)
    assert len(weekly_of(office)) == 11 and index_version() == version


def test_exception_is_replaced_on_the_same_date_and_deleted(office):
    contact_point_set_exception(point=office, day=MONDAY, is_closed=True, label="Férié")
    version = index_version()
    contact_point_set_exception(
        point=office, day=MONDAY, is_closed=False, ranges=[MORNING], label="Matin seul"
    )
    exception = OpeningException.objects.get(contact_point=office)
    assert (exception.is_closed, exception.opens_at, exception.closes_at, exception.label) == (
        False,
        time(9),
        time(12),
        "Matin seul",
    )
    assert index_version() == version + 1
    assert contact_point_delete_exception(point=office, day=MONDAY)
    assert not OpeningException.objects.exists() and index_version() == version + 2
    assert not contact_point_delete_exception(point=office, day=MONDAY)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"is_closed": True, "ranges": [MORNING]}, "une journée fermée n'a pas de plage horaire"),
        ({"is_closed": False, "ranges": []}, "indiquez au moins une plage horaire"),
        ({"is_closed": False, "ranges": [MORNING, AFTERNOON, (time(18), time(19))]}, "au plus deux"),
        ({"is_closed": True, "label": "x" * 121}, "120 caractères"),
    ],
)
def test_bad_exceptions_are_refused_in_french(office, kwargs, message):
    with pytest.raises(ValidationError) as error:
        contact_point_set_exception(point=office, day=MONDAY, **kwargs)
    assert message in " ".join(error.value.messages)
    assert not OpeningException.objects.exists()


# The CSV import


def write(tmp_path, text, *, encoding="utf-8", name="horaires.csv"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def test_our_format_sets_weekly_hours_and_dated_exceptions(tmp_path, office):
    other = ContactPointFactory(site_id="47100X")
    contact_point_set_exception(point=other, day=date(2025, 8, 15), is_closed=False, ranges=[MORNING])
    path = write(
        tmp_path,
        "identifiant;jour;plage_1;plage_2\n"
        "47100X;lundi;09:00-12:00;14:00-18:00\n"
        "47100X;Mardi;9h00-12h30;\n"
        "47100X;mercredi;FERME;\n"
        "47100X;2025-08-15;FERME;\n"
        "47100X;2025-08-16;10:00-12:00;\n",
        encoding="utf-8-sig",
    )
    version = index_version()
    report = opening_hours_import(path=path)
    assert report.rejected == [] and report.rows == 5 and report.points == 1
    assert weekly_of(other) == [
        (0, time(9), time(12)),
        (0, time(14), time(18)),
        (1, time(9), time(12, 30)),
    ]
    assert not contact_point_is_open_on(point=other, day=date(2025, 8, 15))
    assert opening_ranges_on(point=other, day=date(2025, 8, 16)) == [(time(10), time(12))]
    assert len(weekly_of(office)) == 11
    assert index_version() == version + 1


def test_our_format_reports_bad_rows_with_line_and_reason_and_imports_the_rest(tmp_path, office):
    other = ContactPointFactory(site_id="47100X")
    contact_point_set_weekly_hours(point=other, ranges_by_weekday={4: [MORNING]})
    path = write(
        tmp_path,
        "identifiant;jour;plage_1;plage_2\n"
        "08749A;lundi;08:00-12:00;13:00-16:00\n"  # 2
        "08749A;mardi;08:00-12:00;11:00-16:00\n"  # 3 overlap
        "INCONNU;lundi;08:00-12:00;\n"  # 4
        "47100X;lundii;08:00-12:00;\n"  # 5
        "47100X;2025-02-30;FERME;\n"  # 6
        "47100X;2025-07-14;25:00-26:00;\n"  # 7
        "47100X;2025-07-15;;\n"  # 8
        "47100X;2025-07-16;12:00-09:00;\n"  # 9
        "47100X;2025-07-17;FERME;09:00-12:00\n"  # 10
        "47100X;samedi;09:00-12:00;\n"  # 11
        "47100X;samedi;10:00-12:00;\n"  # 12 duplicate
        ";lundi;09:00-12:00;\n"  # 13
        "INCONNU;mardi;08:00-12:00;\n"  # 14
        "47100X;2025-07-18;FERME;\n",  # 15
    )
    report = opening_hours_import(path=path)
    reasons = dict(report.rejected)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 12, 13]
    assert "se chevauchent" in reasons[3] and "restent inchangés" in reasons[3]
    assert "inconnu « INCONNU »" in reasons[4] and "2 ligne" in reasons[4]
    assert "jour « lundii »" in reasons[5] and "jour « 2025-02-30 »" in reasons[6]
    assert "heure impossible" in reasons[7]
    assert "aucune plage" in reasons[8]
    assert "doit fermer après" in reasons[9]
    assert "FERME ne se combine pas" in reasons[10]
    assert "déjà donné ligne 11" in reasons[12]
    assert "identifiant manquant" in reasons[13]
    assert report.rejected_rows == 11
    # A bad weekday row leaves the point's week as it was; its valid dated rows are imported.
    assert weekly_of(office) == [(day, *r) for day, ranges in sorted(OFFICE_WEEK.items()) for r in ranges]
    assert weekly_of(other) == [(4, time(9), time(12))]
    assert not contact_point_is_open_on(point=other, day=date(2025, 7, 18))


def test_a_bad_day_name_keeps_the_points_week(tmp_path):
    point = ContactPointFactory(site_id="47100X")
    contact_point_set_weekly_hours(point=point, ranges_by_weekday={4: [MORNING]})
    path = write(
        tmp_path, "identifiant;jour;plage_1;plage_2\n47100X;lundi;09:00-12:00;\n47100X;lundii;09:00-12:00;\n"
    )
    report = opening_hours_import(path=path)
    assert [line for line, _reason in report.rejected] == [3]
    assert "lundi … dimanche" in report.rejected[0][1]
    assert weekly_of(point) == [(4, time(9), time(12))]


def test_our_format_reads_commas_and_iso_8859_15_through_the_command(tmp_path, capsys):
    point = ContactPointFactory(site_id="47100X")
    path = write(
        tmp_path,
        "identifiant,jour,plage_1,plage_2,motif\n47100X,vendredi,09:00-12:00,\n47100X,2025-12-25,FERME,,Noël €\n",
        encoding="iso-8859-15",
    )
    call_command("import_opening_hours", str(path))
    output = capsys.readouterr().out
    assert "Import des horaires terminé (format Comptoir)" in output and "0 lignes rejetées" in output
    assert weekly_of(point) == [(4, time(9), time(12))]
    assert OpeningException.objects.get(contact_point=point).label == "Noël €"


def laposte_rows(site_id: str, start: date, weeks: int, overrides: dict[date, list[str]]) -> list[str]:
    rows = []
    for offset in range(weeks * 7):
        day = start + timedelta(days=offset)
        if day in overrides:
            ranges = overrides[day]
        elif day.weekday() < 5:
            ranges = ["09:00-12:00", "14:00-17:00"]
        elif day.weekday() == 5:
            ranges = ["09:00-12:00"]
        else:
            ranges = ["FERME"]
        rows.append(";".join([site_id, day.isoformat(), *(ranges + ["", "", "", ""])[:4]]))
    return rows


@pytest.mark.parametrize(
    "header, encoding",
    [
        (
            "identifiant;date_calendrier;plage_horaire_1;plage_horaire_2;plage_horaire_3;plage_horaire_4",
            "utf-8",
        ),
        (
            "#Identifiant_du_site;Date_calendrier;Plage_horaire_1;Plage_horaire_2;Plage_horaire_3;Plage_horaire_4",
            "iso-8859-15",
        ),
    ],
)
def test_la_postes_daily_export_gives_weekly_hours_and_only_the_differing_dates(tmp_path, header, encoding):
    point = ContactPointFactory(site_id="08749A")
    contact_point_set_exception(point=point, day=date(2025, 6, 4), is_closed=True, label="ancienne")
    contact_point_set_exception(point=point, day=date(2025, 12, 1), is_closed=True, label="hors fichier")
    holiday, special, merged, too_many = (
        date(2025, 6, 9),
        date(2025, 6, 11),
        date(2025, 6, 12),
        date(2025, 6, 13),
    )
    rows = laposte_rows(
        "08749A",
        MONDAY,
        4,
        {
            holiday: ["FERME"],
            special: ["10:00-12:00"],
            merged: ["09:00-10:00", "10:00-12:00", "14:00-15:30", "15:30-17:00"],
            too_many: ["08:00-09:00", "10:00-11:00", "14:00-15:00"],
        },
    )
    path = write(
        tmp_path,
        "\n".join([header, *rows, "ZZZ;2025-06-02;09:00-12:00;;;", "08749A;32/06/2025;;;;"]) + "\n",
        encoding=encoding,
    )

    report = opening_hours_import(path=path)

    reasons = dict(report.rejected)
    assert sorted(reasons) == [2 + 11, 2 + 28, 2 + 29]
    assert "au plus deux plages" in reasons[13]
    assert "inconnu « ZZZ »" in reasons[30]
    assert "date_calendrier « 32/06/2025 »" in reasons[31]
    week = [(day, time(9), time(12)) for day in range(6)] + [(day, time(14), time(17)) for day in range(5)]
    assert weekly_of(point) == sorted(week)
    exceptions = {
        item.date: (item.is_closed, item.opens_at, item.closes_at, item.label)
        for item in OpeningException.objects.filter(contact_point=point)
    }
    assert exceptions == {
        holiday: (True, None, None, ""),
        special: (False, time(10), time(12), ""),
        date(2025, 12, 1): (True, None, None, "hors fichier"),
    }
    assert report.exceptions_written == 2 and report.exceptions_removed == 1 and report.points == 1


def test_la_poste_export_keeps_the_weekdays_it_does_not_cover(tmp_path):
    point = ContactPointFactory(site_id="08749A")
    contact_point_set_weekly_hours(point=point, ranges_by_weekday={0: [MORNING], 3: [AFTERNOON]})
    path = write(
        tmp_path,
        "identifiant;date_calendrier;plage_horaire_1;plage_horaire_2\n08749A;2025-06-02;08:00-11:00;\n",
    )
    opening_hours_import(path=path)
    assert weekly_of(point) == [(0, time(8), time(11)), (3, time(14), time(17, 30))]


def test_an_unrecognised_header_or_unreadable_file_is_refused_and_changes_nothing(tmp_path, office):
    path = write(tmp_path, "site;day;from;to\n08749A;lundi;08:00;12:00\n")
    with pytest.raises(ValidationError, match="En-tête non reconnu"):
        opening_hours_import(path=path)
    with pytest.raises(CommandError, match="En-tête non reconnu"):
        call_command("import_opening_hours", str(path))
    huge = write(tmp_path, "identifiant;jour;plage_1\n08749A;" + "x" * 200_000 + ";FERME\n", name="huge.csv")
    with pytest.raises(CommandError, match="Fichier CSV illisible"):
        call_command("import_opening_hours", str(huge))
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_opening_hours", str(tmp_path / "absent.csv"))
    assert len(weekly_of(office)) == 11


def test_the_command_lists_rejections_and_prints_a_french_summary(tmp_path, office, capsys):
    path = write(
        tmp_path,
        "identifiant;date_calendrier;plage_horaire_1;plage_horaire_2\n"
        "08749A;2025-06-02;09:00-12:00;14:00-17:30\n"
        "08749A;2025-06-03;midi;\n",
    )
    call_command("import_opening_hours", str(path))
    output = capsys.readouterr().out
    assert "ligne 3 : plage « midi » illisible" in output
    assert "export La Poste jour par jour" in output and "1 lignes rejetées" in output


# The dashboard


@pytest.fixture
def territory():
    return TerritoryFactory()


@pytest.fixture
def mayor(client, territory):
    roles_ensure()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.GROUP_NAMES[roles.MUNICIPALITY]))
    client.force_login(user)
    return user


def test_the_list_shows_the_territorys_points_and_searches_all_france_on_demand(client, mayor, office):
    faraway = ContactPointFactory(
        site_id="75001A", name="PARIS LOUVRE", postcode="75001", city="PARIS", insee_code="75101"
    )
    url = reverse("pickup-dashboard:point-list")
    html = client.get(url).content.decode()
    assert "MARMANDE" in html and "PARIS LOUVRE" not in html
    assert "PARIS LOUVRE" not in client.get(url, {"q": "paris"}).content.decode()
    html = client.get(url, {"q": "paris", "partout": "1"}).content.decode()
    assert "PARIS LOUVRE" in html and reverse("pickup-dashboard:point-hours", args=[faraway.pk]) in html
    assert "MARMANDE" in client.get(url, {"q": "47200"}).content.decode()
    assert "MARMANDE" in client.get(url, {"q": "08749a"}).content.decode()
    assert "MARMANDE" not in client.get(url, {"q": "tonneins"}).content.decode()


def test_the_list_takes_the_same_queries_for_5_or_30_points(
    client, mayor, office, django_assert_max_num_queries
):
    url = reverse("pickup-dashboard:point-list")
    for _ in range(4):
        ContactPointFactory()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(25):
        contact_point_set_weekly_hours(point=ContactPointFactory(), ranges_by_weekday={0: [MORNING]})
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    second_page = client.get(url, {"page": 2}).content.decode()
    assert "Page 2 sur 2" in second_page


def test_the_dashboard_menu_offers_contact_points_to_the_municipality(client, mayor):
    assert reverse("pickup-dashboard:point-list") in client.get(reverse("dashboard:index")).content.decode()


def test_municipality_edits_the_weekly_hours(client, mayor, office):
    url = reverse("pickup-dashboard:point-hours", args=[office.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="09:00"' in html and 'scope="row"' in html and "<caption>" in html
    response = client.post(
        url, {"d0_opens_1": "08:30", "d0_closes_1": "12:00", "d2_opens_2": "14:00", "d2_closes_2": "18:00"}
    )
    assert response.status_code == 302
    assert weekly_of(office) == [(0, time(8, 30), time(12)), (2, time(14), time(18))]


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"d0_opens_1": "09:00", "d0_closes_1": "12:00", "d0_opens_2": "11:00", "d0_closes_2": "15:00"},
            "se chevauchent",
        ),
        ({"d1_opens_1": "12:00", "d1_closes_1": "09:00"}, "doit fermer après son ouverture"),
        ({"d1_opens_1": "09:00"}, "Indiquez aussi l&#x27;heure de fermeture"),
        ({"d1_opens_1": "9 heures", "d1_closes_1": "12:00"}, "Saisissez une heure valide"),
    ],
)
def test_bad_weekly_hours_get_a_400_in_french_and_nothing_changes(client, mayor, office, data, message):
    version = index_version()
    response = client.post(reverse("pickup-dashboard:point-hours", args=[office.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "rien n&#x27;a été modifié" in html
    assert len(weekly_of(office)) == 11 and index_version() == version


def test_every_mistake_of_the_week_is_listed_at_once(client, mayor, office):
    data = {"d0_opens_1": "09:00", "d1_opens_1": "12:00", "d1_closes_1": "09:00"}
    response = client.post(reverse("pickup-dashboard:point-hours", args=[office.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_d0_closes_1"' in html and 'aria-invalid="true"' in html
    assert "Mardi : la plage 12:00-09:00 doit fermer après son ouverture" in html


def test_municipality_adds_and_deletes_an_exception(client, mayor, office):
    day = timezone.localdate() + timedelta(days=3)
    url = reverse("pickup-dashboard:exception-add", args=[office.pk])
    response = client.post(url, {"date": day.isoformat(), "is_closed": "on", "label": "Inventaire"})
    assert response.status_code == 302
    exception = OpeningException.objects.get(contact_point=office)
    assert exception.is_closed and exception.label == "Inventaire" and exception.date == day
    assert (
        "Inventaire" in client.get(reverse("pickup-dashboard:point-hours", args=[office.pk])).content.decode()
    )

    other_day = day + timedelta(days=1)
    response = client.post(
        url,
        {
            "date": other_day.isoformat(),
            "opens_1": "10:00",
            "closes_1": "12:00",
            "opens_2": "",
            "closes_2": "",
        },
    )
    assert response.status_code == 302
    assert opening_ranges_on(point=office, day=other_day) == [(time(10), time(12))]

    delete = reverse("pickup-dashboard:exception-delete", args=[office.pk, exception.pk])
    assert client.post(delete).status_code == 302
    assert list(OpeningException.objects.values_list("date", flat=True)) == [other_day]
    assert client.get(delete).status_code == 405


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"is_closed": "on", "opens_1": "10:00", "closes_1": "12:00"},
            "une journée fermée n&#x27;a pas de plage",
        ),
        ({}, "indiquez au moins une plage horaire"),
        ({"opens_1": "10:00", "closes_1": "09:00"}, "doit fermer après son ouverture"),
        ({"is_closed": "on", "past": True}, "Choisissez une date à venir"),
        ({"is_closed": "on", "date": "31/02/2030"}, "Saisissez une date valide"),
        ({"is_closed": "on", "label": "x" * 121}, "120 caractères"),
    ],
)
def test_a_bad_exception_gets_a_400_in_french_and_nothing_is_saved(client, mayor, office, data, message):
    data = dict(data)
    day = timezone.localdate() + (timedelta(days=-1) if data.pop("past", False) else timedelta(days=2))
    data.setdefault("date", day.isoformat())
    response = client.post(reverse("pickup-dashboard:exception-add", args=[office.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OpeningException.objects.exists()


def test_an_unknown_point_or_exception_is_a_404(client, mayor, office):
    assert client.get(reverse("pickup-dashboard:point-hours", args=[office.pk + 1000])).status_code == 404
    other = ContactPointFactory()
    exception = contact_point_set_exception(point=other, day=MONDAY, is_closed=True)
    response = client.post(reverse("pickup-dashboard:exception-delete", args=[office.pk, exception.pk]))
    assert response.status_code == 404 and OpeningException.objects.filter(pk=exception.pk).exists()


def test_only_the_municipality_reaches_the_contact_point_pages(client, territory, office):
    urls = [reverse("pickup-dashboard:point-list"), reverse("pickup-dashboard:point-hours", args=[office.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url
    resident = UserFactory()
    merchant_user = make_merchant_user(MerchantFactory())
    staff_without_role = UserFactory(is_staff=True)
    for user in [resident, merchant_user, staff_without_role]:
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
        response = client.post(urls[1], {"d0_opens_1": "07:00", "d0_closes_1": "08:00"})
        assert response.status_code == 403
        day = (timezone.localdate() + timedelta(days=2)).isoformat()
        response = client.post(
            reverse("pickup-dashboard:exception-add", args=[office.pk]), {"date": day, "is_closed": "on"}
        )
        assert response.status_code == 403
    assert len(weekly_of(office)) == 11 and not OpeningException.objects.exists()
