"""The observatory's pages: the municipality's (index, CSV exports, report, refresh) and the merchant's own; each
closed to the other roles, bad input refused in French with a 400, and every figure the published one."""

import csv
import io
import json
import re
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.forms.models import model_to_dict
from django.urls import reverse

from config.celery import app as celery_app
from observatory.models import Fact, NamedConsent, RefreshState
from observatory.periods import DAY, MONTH, Period
from observatory.report import SPECS, observatory_read
from observatory.secrecy import TOTAL
from tests.delivery.factories import make_courier
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, make_merchant_user, make_product
from tests.merchants.factories import make_order
from tests.observatory.fact_world import D, build_fact_world

pytestmark = pytest.mark.django_db

MUNICIPALITY_URLS = [
    ("get", "observatory:index", {}),
    ("get", "observatory:export", {"code": "sales"}),
    ("get", "observatory:report", {}),
    ("post", "observatory:refresh", {}),
]
MERCHANT_URLS = [
    ("get", "merchant-observatory:index", {}),
    ("post", "merchant-observatory:consent", {}),
]
ROLES = ["anonymous", "resident", "merchant", "courier", "municipality"]


def municipality_user():
    user = UserFactory(is_staff=True, first_name="Hélène", last_name="Mairie")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="territory", codename="change_territory")
    )
    return user


def log_in_as(client, who: str):
    user = {
        "anonymous": lambda: None,
        "resident": UserFactory,
        "merchant": lambda: make_merchant_user(MerchantFactory()),
        "courier": lambda: make_courier("Karim").user,
        "municipality": municipality_user,
    }[who]()
    if user is not None:
        client.force_login(user)
    return user


@pytest.fixture
def town_hall(client):
    TerritoryFactory()
    return log_in_as(client, "municipality")


def page_text(response) -> str:
    return unescape(response.content.decode())


def day_query(day=D, kind="jour") -> dict:
    return {"periode": kind, "date": day.isoformat()}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(("method", "name", "kwargs"), MUNICIPALITY_URLS)
def test_the_observatory_is_the_municipalitys_only(client, who, method, name, kwargs):
    TerritoryFactory()
    log_in_as(client, who)
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who == "municipality":
        assert response.status_code == (302 if method == "post" else 200)
    else:
        assert response.status_code == 403
    assert RefreshState.objects.exists() == (who == "municipality" and method == "post")


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(("method", "name", "kwargs"), MERCHANT_URLS)
def test_the_merchants_observatory_page_is_the_merchants_only(client, who, method, name, kwargs):
    TerritoryFactory()
    log_in_as(client, who)
    response = getattr(client, method)(reverse(name, kwargs=kwargs), {"named": "on"})
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who == "merchant":
        assert response.status_code == (302 if method == "post" else 200)
    else:
        assert response.status_code == 403
    assert NamedConsent.objects.exists() == (who == "merchant" and method == "post")


def test_the_menus_lead_to_the_observatory(client, town_hall):
    page = page_text(client.get(reverse("dashboard:index")))
    assert reverse("observatory:index") in page and reverse("merchant-observatory:index") not in page
    client.force_login(make_merchant_user(MerchantFactory()))
    page = page_text(client.get(reverse("dashboard:index")))
    assert reverse("merchant-observatory:index") in page and reverse("observatory:index") not in page


BAD_PERIODS = [
    ({"periode": "decennie"}, "Choisissez une période : jour, semaine, mois ou année."),
    ({"periode": "mois", "date": "2026-13"}, "« 2026-13 » n'est pas une période connue"),
    ({"periode": "jour", "date": "demain"}, "« demain » n'est pas une période connue"),
    ({"periode": "annee", "date": "1999"}, "Choisissez une période entre 2000 et 2100."),
    ({"periode": "semaine", "date": "2026-W60"}, "n'est pas une période connue"),
]


@pytest.mark.parametrize(("query", "message"), BAD_PERIODS)
@pytest.mark.parametrize(
    "url", [reverse("observatory:index"), reverse("observatory:export", kwargs={"code": "sales"})]
)
def test_a_bad_period_is_refused_in_french(client, town_hall, url, query, message):
    response = client.get(url, query)
    assert response.status_code == 400
    assert message in page_text(response)
    assert "text/html" in response["Content-Type"]


def test_a_bad_month_for_the_report_and_a_bad_period_for_the_merchant_are_refused(client, town_hall):
    response = client.get(reverse("observatory:report"), {"date": "2026-00"})
    assert response.status_code == 400 and "n'est pas une période connue" in page_text(response)
    client.force_login(make_merchant_user(MerchantFactory()))
    response = client.get(reverse("merchant-observatory:index"), {"periode": "siecle"})
    assert response.status_code == 400 and "Choisissez une période" in page_text(response)


def test_an_unknown_table_has_no_export(client, town_hall):
    assert client.get(reverse("observatory:export", kwargs={"code": "residents-names"})).status_code == 404
    assert client.get(reverse("observatory:export", kwargs={"code": "active"})).status_code == 404


def test_the_index_shows_the_period_the_year_before_every_table_and_why_a_cell_is_secret(client, town_hall):
    build_fact_world()
    response = client.get(reverse("observatory:index"), day_query(D + timedelta(days=1)))
    page = page_text(response)
    assert response.status_code == 200
    assert "<title>Observatoire — mercredi 11 novembre 2026" in page
    assert "mercredi 11 novembre 2026" in page and "mardi 11 novembre 2025" in page
    assert 'href="/dashboard/observatoire/?periode=jour&amp;date=2026-11-10"' in response.content.decode()
    for code, (title, *_rest) in SPECS.items():
        assert f'id="section-{code}"' in page and str(title) in page
        assert reverse("observatory:export", kwargs={"code": code}) in page
    # The butcher alone that day: every cell of the sales table is secret, each says why, with a footnote.
    assert 'secret<span class="sr-only"> (Secret statistique : moins de 3 commerçants)</span>' in page
    assert 'id="sales-note-1"' in page and 'href="#sales-note-1"' in page
    assert 'id="chart-sales-secret"' in page  # nothing it may draw: a sentence instead of an empty chart
    assert 'id="chart-communes" class="obs-map" role="img"' in page
    assert 'id="chart-named-secret"' in page and "tous ses chiffres sont couverts par le secret" in page
    assert "Facteurs d'émission" in page and "ADEME" in page
    assert '<script id="observatory-charts" type="application/json">' in page
    assert "15,00" not in page  # the butcher's sale shows nowhere, not even in the charts' data


def test_the_index_shows_the_headlines_and_published_totals(client, town_hall):
    build_fact_world()
    page = page_text(client.get(reverse("observatory:index"), day_query()))
    assert "360,00\u00a0€" in page  # sales of D: three bakeries, 36 residents
    assert "Ventes" in page and "Commandes" in page and "Panier moyen" in page
    assert '<canvas id="chart-sales" role="img" aria-label="Graphique : Ventes par secteur.' in page
    assert "10,00\u00a0€" in page  # the average basket
    assert '<th scope="row">Boulangerie-pâtisserie</th>' in page
    assert '<caption id="caption-sales">Ventes par secteur — mardi 10 novembre 2026</caption>' in page


def test_the_default_period_is_the_current_month(client, town_hall):
    page = page_text(client.get(reverse("observatory:index")))
    from django.utils import timezone

    assert Period.containing(MONTH, timezone.localdate()).label in page


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_every_export_holds_the_published_cells_hidden_ones_empty_with_their_reason(client, town_hall):
    world = build_fact_world()
    NamedConsent.objects.create(territory=world.territory, merchant_id=world.merchants["A"].pk)
    period = Period(MONTH, D)
    observatory = observatory_read(territory=world.territory, period=period)
    hidden = 0
    for code, table in observatory.tables.items():
        response = client.get(
            reverse("observatory:export", kwargs={"code": code}), {"periode": "mois", "date": "2026-11"}
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="observatoire-')
        assert response["Content-Disposition"].endswith('-2026-11.csv"')
        lines = read_csv(response)
        assert lines[0][2:] == [
            "novembre 2026",
            "Secret statistique, novembre 2026",
            "novembre 2025",
            "Secret statistique, novembre 2025",
        ]
        rows = [(axis.key, axis.label) for axis in table.rows] + [(TOTAL, "Total")]
        columns = [(axis.key, axis.label) for axis in table.columns]
        columns += [(TOTAL, "Total")] if table.row_totals else []
        assert [line[:2] for line in lines[1:]] == [
            [row_label, column_label] for _r, row_label in rows for _c, column_label in columns
        ]
        cells = [(row, column) for row, _r in rows for column, _c in columns]
        for line, (row, column) in zip(lines[1:], cells, strict=True):
            for value, reason, cell in (
                (line[2], line[3], table.cell(row, column)),
                (line[4], line[5], table.cell(row, column, previous=True)),
            ):
                if cell.hidden:
                    assert (value, reason) == ("", cell.reason), (code, row, column)
                    hidden += 1
                else:
                    assert reason == "" and Decimal(value.replace(",", ".")) == Decimal(str(cell.value))
    assert hidden > 0
    sales = read_csv(
        client.get(
            reverse("observatory:export", kwargs={"code": "sales"}), {"periode": "mois", "date": "2026-11"}
        )
    )
    assert ["Total", "Total", "383,00", "", "0,00", ""] in sales
    assert [
        "Boulangerie-pâtisserie",
        "Point de contact",
        "",
        "Secret statistique : moins de 3 commerçants",
        "0,00",
        "",
    ] in sales
    # Its row and column would give the bakeries' point sales away by subtraction: hidden too.
    assert [
        "Boulangerie-pâtisserie",
        "Livraison à domicile",
        "",
        "Masqué pour protéger une case secrète",
        "0,00",
        "",
    ] in sales
    assert [
        "Boucherie-charcuterie",
        "Livraison à domicile",
        "",
        "Secret statistique : moins de 3 commerçants",
        "0,00",
        "",
    ] in sales


def test_the_monthly_report_prints_every_table_with_the_secrecy_notice(client, town_hall):
    build_fact_world()
    response = client.get(reverse("observatory:report"), {"date": "2026-11"})
    page = page_text(response)
    assert response.status_code == 200
    assert "Observatoire du commerce local — Val de Garonne — novembre 2026" in page
    assert "<title>Rapport de l'observatoire, Val de Garonne, novembre 2026" in page
    assert 'id="secrecy-notice"' in page and "moins de 3 commerçants y contribuent" in page
    assert "data-obs-print" in page and "onclick" not in page.split("<body")[1].split("observatory-charts")[0]
    for code in SPECS:
        assert f'id="section-{code}"' in page
    assert "Chiffres clés" in page and "observatory/observatory.css" in page


def test_the_refresh_button_runs_the_task_or_refreshes_here_when_the_broker_is_down(client, town_hall):
    shop = MerchantFactory()
    order = make_order([(make_product(merchant=shop), 1)], placed=None)
    response = client.post(reverse("observatory:refresh"), {"periode": "jour", "date": "2026-11-10"})
    assert response.status_code == 302 and response["Location"].endswith("?periode=jour&date=2026-11-10")
    assert Fact.objects.filter(order_id=order.pk).exists()  # eager here: the task ran
    second = make_order([(make_product(merchant=shop), 1)])
    with broker_down():
        response = client.post(
            reverse("observatory:refresh"), {"periode": "n'importe", "date": "quoi"}, follow=True
        )
    assert response.status_code == 200
    assert "Les chiffres sont à jour." in page_text(response)
    assert Fact.objects.filter(order_id=second.pk).exists()


@contextmanager
def broker_down():
    """This process publishes to a broker nobody listens to, instead of running tasks in-process."""
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = "redis://127.0.0.1:9/0", False
    try:
        yield
    finally:
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved


def test_the_merchant_sees_their_own_figures_beside_their_sectors(client):
    world = build_fact_world()
    client.force_login(world.users["A"])
    page = page_text(client.get(reverse("merchant-observatory:index"), day_query()))
    assert "<title>Mes chiffres dans l'observatoire — mardi 10 novembre 2026" in page
    assert '<td id="own-sales">120,00\u00a0€</td>' in page
    assert '<td id="own-orders">12</td>' in page
    assert '<td id="sector-sales">360,00\u00a0€</td>' in page
    assert "Fournil du Pont" not in page and "Fournil de la Gare" not in page
    client.force_login(world.users["D"])
    page = page_text(client.get(reverse("merchant-observatory:index"), day_query(D + timedelta(days=1))))
    assert '<td id="own-sales">15,00\u00a0€</td>' in page
    assert "le chiffre du secteur est couvert par le secret statistique" in page
    assert "(Secret statistique : moins de 3 commerçants)" in page


def test_the_merchants_consent_changes_the_named_table_at_once(client, town_hall):
    world = build_fact_world()
    # A fourth bakery: the three others then pass the merchants' rules, so A's figure cannot be found from theirs.
    fourth = MerchantFactory(partner__name="Fournil du Lot", sector="boulangerie")
    Fact.objects.bulk_create(
        Fact(**{**model_to_dict(fact, exclude=["id", "territory"]), "territory": world.territory,
                "order_id": 5000 + n, "merchant_id": fourth.pk, "resident": f"{5000 + n:032d}"})
        for n, fact in enumerate(Fact.objects.filter(merchant_id=world.merchants["B"].pk, day=D))
    )  # fmt: skip
    export = reverse("observatory:export", kwargs={"code": "named"})
    query = day_query()

    def named_columns():
        client.force_login(town_hall)
        return {line[1] for line in read_csv(client.get(export, query))[1:]}

    assert "Fournil des Arcades" not in named_columns()
    client.force_login(world.users["A"])
    response = client.post(reverse("merchant-observatory:consent"), {"named": "on", **query}, follow=True)
    assert "la mairie voit dès maintenant les ventes de votre boutique sous son nom" in page_text(response)
    assert 'id="id_named" checked' in page_text(response)
    assert NamedConsent.objects.filter(merchant_id=world.merchants["A"].pk).exists()
    assert client.get(export, query).status_code == 403
    assert "Fournil des Arcades" in named_columns()
    client.force_login(town_hall)
    named = read_csv(client.get(export, query))
    assert ["Boulangerie-pâtisserie", "Fournil des Arcades", "120,00", "", "0,00", ""] in named
    assert ["Boulangerie-pâtisserie", "Les autres commerçants", "360,00", "", "0,00", ""] in named
    client.force_login(world.users["A"])
    response = client.post(reverse("merchant-observatory:consent"), query, follow=True)
    assert "la mairie ne voit plus votre boutique par son nom" in page_text(response)
    assert not NamedConsent.objects.exists()
    assert "Fournil des Arcades" not in named_columns()


def test_the_merchants_own_figures_leave_out_what_was_refunded(client):
    world = build_fact_world()
    Fact.objects.filter(order_id=1000).update(revenue=Decimal("0"), refunded=Decimal("10.00"))
    client.force_login(world.users["A"])
    page = page_text(client.get(reverse("merchant-observatory:index"), day_query()))
    assert '<td id="own-sales">110,00\u00a0€</td>' in page and '<td id="own-orders">11</td>' in page
    assert Period(DAY, D).label in page


def test_a_named_merchants_total_waives_the_merchants_rules_as_their_cells_do():
    from observatory.secrecy import Cell, Table, secrecy_apply

    named = Cell(Decimal("120"), {"A": Decimal("120")}, 12, 12, consented=True)
    others = Cell(Decimal("360"), {"B": Decimal("120"), "C": Decimal("120"), "E": Decimal("120")}, 36, 36)
    published = secrecy_apply(
        table=Table(("bakery",), ("A", "others"), {("bakery", "A"): named, ("bakery", "others"): others})
    )
    assert published[("bakery", "A")].value == published[(TOTAL, "A")].value == Decimal("120")
    alone = Cell(Decimal("120"), {"A": Decimal("120")}, 12, 12)  # not named: one merchant, secret
    published = secrecy_apply(table=Table(("bakery",), ("A",), {("bakery", "A"): alone}))
    assert published[(TOTAL, "A")].code == "few_merchants"


def test_a_secret_value_is_a_gap_in_the_charts_never_a_zero(client, town_hall):
    world = build_fact_world()
    response = client.get(reverse("observatory:index"), {"periode": "mois", "date": "2026-11"})
    charts = json.loads(
        re.search(
            r'<script id="observatory-charts" type="application/json">(.*?)</script>',
            response.content.decode(),
            re.S,
        ).group(1)
    )
    observatory = observatory_read(territory=world.territory, period=Period(MONTH, D))
    gaps = 0
    for code, table in observatory.tables.items():
        chart = charts[code]
        if chart["kind"] == "bar":
            for dataset in chart["datasets"]:
                column = next(axis.key for axis in table.columns if axis.label == dataset["label"])
                # Every bar secret: the chart shows the published totals instead.
                keys = [TOTAL] if chart["totals_only"] else [row.key for row in table.rows]
                for row, value in zip(keys, dataset["data"], strict=True):
                    cell = table.cell(row, column)
                    assert value == (None if cell.hidden else float(cell.value)), (code, row, column)
                    gaps += value is None
        elif chart["kind"] == "heatmap":
            for row, values in zip(table.rows, chart["values"], strict=True):
                for column, value in zip(table.columns, values, strict=True):
                    assert (value is None) == table.cell(row.key, column.key).hidden
                    gaps += value is None
    marmande = next(point for point in charts["communes"]["points"] if point["name"] == "Marmande")
    assert marmande["value"] == 383.0
    assert gaps > 0


def test_a_bar_chart_whose_every_bar_is_secret_shows_the_published_totals_and_says_so():
    from decimal import Decimal

    from observatory.display import table_show
    from observatory.periods import DAY, Period
    from observatory.report import Axis, IndicatorTable, Observatory
    from observatory.secrecy import TOTAL, PublishedCell, PublishedTable

    secret = PublishedCell(None, "Secret statistique : moins de 3 commerçants", "few_merchants")
    cells = {
        ("bakery", "home"): secret,
        ("bakery", "shop"): secret,
        ("books", "home"): secret,
        ("books", "shop"): secret,
        ("bakery", TOTAL): secret,
        ("books", TOTAL): secret,
        (TOTAL, "home"): PublishedCell(Decimal("120.00")),
        (TOTAL, "shop"): PublishedCell(Decimal("80.00")),
        (TOTAL, TOTAL): PublishedCell(Decimal("200.00")),
    }
    published = PublishedTable(("bakery", "books"), ("home", "shop"), cells)
    empty = PublishedTable((), (), {})
    table = IndicatorTable(
        "sales",
        "Ventes par secteur",
        "",
        "euro",
        "bar",
        [Axis("bakery", "Boulangerie"), Axis("books", "Librairie")],
        [Axis("home", "Livraison à domicile"), Axis("shop", "Retrait en boutique")],
        published,
        empty,
    )
    period = Period(DAY, D)
    observatory = Observatory(
        period=period, previous=period.year_earlier(), headlines=[], tables={"sales": table}
    )
    shown = table_show(table, observatory=observatory)
    assert shown.chart_data["totals_only"] is True and not shown.all_secret
    assert shown.chart_data["labels"] == ["Total"]
    assert [data["data"] for data in shown.chart_data["datasets"]] == [[120.0], [80.0]]

    # One bar published: the chart draws the sectors, the secret one as a gap.
    cells[("bakery", "home")] = PublishedCell(Decimal("60.00"))
    shown = table_show(table, observatory=observatory)
    assert shown.chart_data["totals_only"] is False
    assert shown.chart_data["labels"] == ["Boulangerie", "Librairie"]
    assert shown.chart_data["datasets"][0]["data"] == [60.0, None]
