from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from merchants import refunds, selectors, services
from merchants.models import Fulfilment
from tests.factories import MerchantFactory, UserFactory, make_merchant_user, make_product
from tests.merchants.factories import make_order

Order = get_model("order", "Order")
Line = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")
ShippingAddress = get_model("order", "ShippingAddress")
Basket = get_model("basket", "Basket")

PARIS = ZoneInfo("Europe/Paris")
METHODS = {
    "home-delivery": "Livraison à domicile",
    "contact-point": "Retrait en point de contact",
    "click-and-collect": "Retrait en boutique",
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def shops():
    baker = MerchantFactory(trade_name="Boulangerie du Marché", email="boulangerie@example.test")
    cheese = MerchantFactory(trade_name="Fromagerie Garonne", email="fromagerie@example.test")
    products = {
        "baguette": make_product(merchant=baker, title="Baguette tradition", price=Decimal("1.30")),
        "campagne": make_product(merchant=baker, title="Pain de campagne", price=Decimal("3.20")),
        "tomme": make_product(merchant=cheese, title="Tomme des Pyrénées", price=Decimal("6.80")),
    }
    return baker, cheese, products


def fulfilment_of(order, merchant) -> Fulfilment:
    return Fulfilment.objects.get(order=order, merchant=merchant)


# The workflow.


def test_each_preparation_step_moves_on_and_records_who_did_it(shops):
    baker, _cheese, products = shops
    order = make_order([(products["baguette"], 2)])
    fulfilment = fulfilment_of(order, baker)
    user = make_merchant_user(baker, username="boulanger")

    for step, expected in (
        (services.fulfilment_accept, Fulfilment.Status.ACCEPTED),
        (services.fulfilment_mark_ready, Fulfilment.Status.READY),
        (services.fulfilment_hand_over, Fulfilment.Status.HANDED_OVER),
    ):
        assert step(fulfilment=fulfilment, by=user).status == expected
        fulfilment.refresh_from_db()
        assert fulfilment.status == expected

    notes = list(
        OrderNote.objects.filter(order=order, note_type=services.PREPARATION_NOTE_TYPE).order_by("pk")
    )
    assert len(notes) == 3
    assert all(note.user == user and note.date_created for note in notes)
    assert "Nouvelle → Acceptée" in notes[0].message and "boulanger" in notes[0].message
    assert "Prête → Remise au livreur" in notes[2].message


ILLEGAL = (
    [
        (services.fulfilment_accept, status)
        for status in ("accepted", "ready", "handed_over", "delivered", "cancelled")
    ]
    + [
        (services.fulfilment_mark_ready, status)
        for status in ("new", "ready", "handed_over", "delivered", "cancelled")
    ]
    + [
        (services.fulfilment_hand_over, status)
        for status in ("new", "accepted", "handed_over", "delivered", "cancelled")
    ]
)


@pytest.mark.parametrize(("step", "status"), ILLEGAL)
def test_an_illegal_step_is_refused_in_french_and_changes_nothing(shops, step, status):
    baker, _cheese, products = shops
    order = make_order([(products["baguette"], 1)])
    fulfilment = fulfilment_of(order, baker)
    Fulfilment.objects.filter(pk=fulfilment.pk).update(status=status)
    fulfilment.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        step(fulfilment=fulfilment, by=make_merchant_user(baker))
    assert f"« {fulfilment.get_status_display()} »" in error.value.messages[0]
    fulfilment.refresh_from_db()
    assert fulfilment.status == status
    assert not OrderNote.objects.filter(order=order, note_type=services.PREPARATION_NOTE_TYPE).exists()


def test_the_merchant_prepares_through_the_page_buttons(client, shops):
    baker, _cheese, products = shops
    order = make_order([(products["baguette"], 1)])
    fulfilment = fulfilment_of(order, baker)
    client.force_login(make_merchant_user(baker))
    page = reverse("merchant-space:fulfilment-detail", args=[fulfilment.pk])

    html = client.get(page).content.decode()
    assert reverse("merchant-space:fulfilment-accepter", args=[fulfilment.pk]) in html
    assert reverse("merchant-space:fulfilment-prete", args=[fulfilment.pk]) not in html

    for action, status in (("accepter", "accepted"), ("prete", "ready"), ("remise", "handed_over")):
        response = client.post(reverse(f"merchant-space:fulfilment-{action}", args=[fulfilment.pk]))
        assert response.status_code == 302 and response["Location"] == page
        fulfilment.refresh_from_db()
        assert fulfilment.status == status

    # A second click on a step already done is told, not crashed on.
    response = client.post(reverse("merchant-space:fulfilment-remise", args=[fulfilment.pk]), follow=True)
    assert response.status_code == 200
    assert "seul un colis prêt peut être remis" in response.content.decode()


# What the merchant sees.


def test_the_page_shows_only_own_lines_and_no_payment_detail(client, shops):
    baker, _cheese, products = shops
    order = make_order([(products["baguette"], 2), (products["campagne"], 1), (products["tomme"], 1)])
    client.force_login(make_merchant_user(baker))

    response = client.get(reverse("merchant-space:fulfilment-detail", args=[fulfilment_of(order, baker).pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert order.number in html
    assert "Baguette tradition" in html and "Pain de campagne" in html
    assert "Tomme des Pyrénées" not in html
    assert f"pi_test_{order.number}" not in html and "pi_" not in html
    total = f"{order.total_incl_tax:.2f}".replace(".", ",")
    assert total not in html and "Remboursement" not in html
    baguette = order.lines.get(title="Baguette tradition")
    assert (
        reverse("merchant-space:line-unavailable", args=[fulfilment_of(order, baker).pk, baguette.pk]) in html
    )


def test_the_list_links_each_row_to_its_page(client, shops):
    baker, _cheese, products = shops
    order = make_order([(products["baguette"], 1)])
    client.force_login(make_merchant_user(baker))
    html = client.get(reverse("merchant-space:fulfilment-list")).content.decode()
    assert reverse("merchant-space:fulfilment-detail", args=[fulfilment_of(order, baker).pk]) in html


def test_merchant_cannot_open_another_merchants_fulfilment(client, shops):
    baker, cheese, products = shops
    order = make_order([(products["baguette"], 1), (products["tomme"], 1)])
    Fulfilment.objects.filter(order=order).update(status=Fulfilment.Status.READY)
    theirs = fulfilment_of(order, cheese)
    client.force_login(make_merchant_user(baker))

    assert client.get(reverse("merchant-space:fulfilment-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("merchant-space:fulfilment-label", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("merchant-space:fulfilment-remise", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Fulfilment.Status.READY


def test_the_preparation_pages_are_closed_to_residents_and_anonymous(client, shops):
    baker, _cheese, products = shops
    fulfilment = fulfilment_of(make_order([(products["baguette"], 1)]), baker)
    urls = [
        reverse("merchant-space:fulfilment-detail", args=[fulfilment.pk]),
        reverse("merchant-space:fulfilment-label", args=[fulfilment.pk]),
        reverse("merchant-space:sales"),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(reverse("merchant-space:fulfilment-accepter", args=[fulfilment.pk])).status_code == 403


def _destination_html(client, order, merchant) -> str:
    response = client.get(
        reverse("merchant-space:fulfilment-detail", args=[fulfilment_of(order, merchant).pk])
    )
    html = response.content.decode()
    return html[html.index('id="destination-title"') : html.index('id="lines-title"')]


def test_home_delivery_shows_name_address_and_phone(client, shops):
    baker, _cheese, products = shops
    order = make_order([(products["baguette"], 1)], shipping_code="home-delivery")
    client.force_login(make_merchant_user(baker))
    section = _destination_html(client, order, baker)
    assert "Camille Laborde" in section
    assert "8 rue Abel Boyé" in section and "47200 Marmande" in section
    assert "+33553930000" in section


def test_contact_point_shows_name_and_the_points_copy_never_the_home(client, shops):
    baker, _cheese, products = shops
    order = make_order([(products["baguette"], 1)], shipping_code="contact-point")
    # The point changes later: the order keeps saying what it was when chosen.
    order.pickup.contact_point.__class__.objects.update(name="RENAMED")
    client.force_login(make_merchant_user(baker))
    section = _destination_html(client, order, baker)
    assert "Camille Laborde" in section
    assert "MARMANDE AGENCE POSTALE" in section and "3 RUE DES ÉCOLES" in section
    assert "RENAMED" not in section
    assert "Abel Boyé" not in section and "+33553930000" not in section


def test_click_and_collect_shows_the_name_only(client, shops):
    baker, _cheese, products = shops
    order = make_order([(products["baguette"], 1)], shipping_code="click-and-collect")
    client.force_login(make_merchant_user(baker))
    section = _destination_html(client, order, baker)
    assert "Camille Laborde" in section
    assert "Abel Boyé" not in section and "47200" not in section and "+33553930000" not in section


# The parcel label.


def test_the_label_of_a_ready_parcel_has_its_number_merchant_destination_and_qr_code(client, shops):
    import base64
    import io

    from PIL import Image

    baker, _cheese, products = shops
    order = make_order([(products["baguette"], 2), (products["campagne"], 1), (products["tomme"], 1)])
    fulfilment = fulfilment_of(order, baker)
    Fulfilment.objects.filter(pk=fulfilment.pk).update(status=Fulfilment.Status.READY)
    client.force_login(make_merchant_user(baker))

    response = client.get(reverse("merchant-space:fulfilment-label", args=[fulfilment.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert order.number in html and "Boulangerie du Marché" in html
    assert "Camille Laborde" in html and "8 rue Abel Boyé" in html
    assert "2 lignes" in html and "3 articles" in html
    assert f"COMPTOIR:{order.number}:{baker.slug}" in html  # the image's text alternative
    assert "Tomme" not in html and "pi_" not in html
    start = html.index('src="data:image/png;base64,') + len('src="data:image/png;base64,')
    png = base64.b64decode(html[start : html.index('"', start)])
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size[0] > 50

    detail = client.get(reverse("merchant-space:fulfilment-detail", args=[fulfilment.pk])).content.decode()
    assert reverse("merchant-space:fulfilment-label", args=[fulfilment.pk]) in detail


def test_no_label_before_the_parcel_is_ready(client, shops):
    baker, _cheese, products = shops
    fulfilment = fulfilment_of(make_order([(products["baguette"], 1)]), baker)
    client.force_login(make_merchant_user(baker))
    response = client.get(reverse("merchant-space:fulfilment-label", args=[fulfilment.pk]))
    assert response.status_code == 409
    assert "prêt" in response.content.decode()


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ("detail", "detail"),
        ("https://evil.example/phish", "list"),
        ("//evil.example/phish", "list"),
        ("", "list"),
    ],
)
def test_after_marking_a_line_unavailable_the_merchant_returns_to_their_own_page_only(
    client, shops, monkeypatch, sent, expected
):
    from merchants import refunds as refunds_module

    monkeypatch.setattr(refunds_module, "fulfilment_lines_mark_unavailable", lambda **kwargs: [])
    baker, _cheese, products = shops
    fulfilment = fulfilment_of(make_order([(products["baguette"], 1)]), baker)
    line = fulfilment.lines.get()
    detail = reverse("merchant-space:fulfilment-detail", args=[fulfilment.pk])
    client.force_login(make_merchant_user(baker))
    response = client.post(
        reverse("merchant-space:line-unavailable", args=[fulfilment.pk, line.pk]),
        {"next": detail if sent == "detail" else sent},
    )
    assert response.status_code == 302
    assert response["Location"] == (
        detail if expected == "detail" else reverse("merchant-space:fulfilment-list")
    )


# Sales.


def _paris(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def sales(shops):
    """The baker's sales on a Monday and a Tuesday of one week and the next Monday, with a refunded line, a
    cancelled fulfilment and the cheese shop's sales on the same orders."""
    baker, cheese, products = shops
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 7)
    # 23:30 in Paris is the next day in UTC in winter and summer alike: it belongs to Monday.
    first = make_order([(products["baguette"], 2), (products["tomme"], 1)], placed=_paris(monday, 23, 30))
    second = make_order([(products["campagne"], 1), (products["tomme"], 3)], placed=_paris(monday, 9))
    third = make_order([(products["baguette"], 1)], placed=_paris(monday + timedelta(days=1), 10))
    refunded = make_order([(products["baguette"], 1), (products["campagne"], 4)], placed=_paris(monday, 11))
    refunds.fulfilment_lines_mark_unavailable(
        fulfilment=fulfilment_of(refunded, baker),
        lines=list(refunded.lines.filter(title="Pain de campagne")),
        by=None,
    )
    cancelled = make_order([(products["campagne"], 5)], placed=_paris(monday, 12))
    Fulfilment.objects.filter(order=cancelled).update(status=Fulfilment.Status.CANCELLED)
    next_monday = make_order([(products["campagne"], 1)], placed=_paris(monday + timedelta(days=7), 8))
    outside = make_order([(products["baguette"], 9)], placed=_paris(monday - timedelta(days=40), 8))
    return baker, cheese, monday, [first, second, third, refunded, next_monday, outside]


def test_sales_add_up_by_day_week_and_product_without_refunds_or_cancellations(sales):
    baker, _cheese, monday, _orders = sales
    result = selectors.merchant_sales(merchant=baker, start=monday, end=monday + timedelta(days=7))

    # Baguette 2×1.30 + 1×1.30 + 1×1.30 ; campagne 1×3.20 + 1×3.20 (the 4 refunded, the 5 cancelled).
    assert result.total_incl_tax == Decimal("11.60")
    assert result.quantity == 6
    assert result.orders == 5
    assert [(row["period"], row["total"], row["orders"]) for row in result.by_day] == [
        (monday, Decimal("7.10"), 3),
        (monday + timedelta(days=1), Decimal("1.30"), 1),
        (monday + timedelta(days=7), Decimal("3.20"), 1),
    ]
    assert [(row["period"], row["total"], row["quantity"]) for row in result.by_week] == [
        (monday, Decimal("8.40"), 5),
        (monday + timedelta(days=7), Decimal("3.20"), 1),
    ]
    assert [(row["title"], row["total"], row["quantity"]) for row in result.by_product] == [
        ("Pain de campagne", Decimal("6.40"), 2),
        ("Baguette tradition", Decimal("5.20"), 4),
    ]


def test_another_merchants_sales_are_never_counted(sales):
    baker, cheese, monday, _orders = sales
    theirs = selectors.merchant_sales(merchant=cheese, start=monday, end=monday + timedelta(days=7))
    assert theirs.total_incl_tax == Decimal("6.80") * 4
    assert [row["title"] for row in theirs.by_product] == ["Tomme des Pyrénées"]
    nobody = selectors.merchant_sales(merchant=MerchantFactory(), start=monday, end=monday)
    assert (nobody.total_incl_tax, nobody.by_day, nobody.by_product) == (Decimal("0.00"), [], [])


def test_sales_are_aggregated_in_a_constant_number_of_queries(sales, django_assert_num_queries):
    baker, _cheese, monday, _orders = sales
    with django_assert_num_queries(4):
        selectors.merchant_sales(merchant=baker, start=monday - timedelta(days=60), end=timezone.localdate())


def test_the_sales_page_shows_own_sales_for_the_chosen_period(client, sales):
    baker, _cheese, monday, _orders = sales
    client.force_login(make_merchant_user(baker))
    url = reverse("merchant-space:sales")
    response = client.get(url, {"du": monday.isoformat(), "au": (monday + timedelta(days=1)).isoformat()})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Baguette tradition" in html and "Tomme" not in html
    assert "8,40" in html  # Monday 7.10 and Tuesday 1.30; the next Monday is outside the period
    assert reverse("merchant-space:payouts") in html


def test_the_sales_page_defaults_to_the_last_30_days_in_constant_queries(client, shops):
    baker, _cheese, products = shops
    client.force_login(make_merchant_user(baker))
    url = reverse("merchant-space:sales")
    make_order([(products["baguette"], 1)])
    client.get(url)  # the territory's lookup, cached from then on
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["sales"].start == timezone.localdate() - timedelta(days=29)
    assert response.context["sales"].total_incl_tax == Decimal("1.30")
    for _index in range(5):
        make_order([(products["baguette"], 1), (products["campagne"], 1)])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "query",
    [{"du": "hier"}, {"du": "2026-02-30"}, {"du": "2026-03-10", "au": "2026-03-01"}, {"du": "2020-01-01"}],
)
def test_a_bad_period_is_a_400_with_a_french_message(client, shops, query):
    baker, _cheese, _products = shops
    client.force_login(make_merchant_user(baker))
    response = client.get(reverse("merchant-space:sales"), query)
    assert response.status_code == 400
    assert 'id="period-error"' in response.content.decode()
