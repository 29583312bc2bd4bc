"""The resident follows the delivery on the order page (issue 11, item 5): each shop's part in plain French, the
arrival window from the plan narrowed as the round advances, delivered and when, failed and where the parcel waits;
a click-and-collect order shows the shops' parts only; the page costs the same queries for one shop or five."""

import html
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delivery.eta import stop_arrival_window
from delivery.models import Courier, Round, Stop, Vehicle, VehicleKind
from merchants.models import Fulfilment
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, make_product
from tests.merchants.factories import make_order
from tests.pickup.factories import ContactPointFactory, make_parcel

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 12, 8)


def at(clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(TUESDAY, clock))


def order_of(shops: int, *, shipping_code: str = "home-delivery"):
    merchants = [MerchantFactory(trade_name=f"Commerce {index}") for index in range(shops)]
    return make_order(
        [(make_product(merchant=merchant), 1) for merchant in merchants], shipping_code=shipping_code
    )


def planned_round(order) -> Round:
    """A round collecting each part at its shop, then delivering them one after the other from 10:00."""
    vehicle = Vehicle.objects.create(
        name="Utilitaire", kind=VehicleKind.ELECTRIC_VAN, capacity_parcels=50, capacity_litres=2000
    )
    courier = Courier.objects.create(user=UserFactory(), vehicle=vehicle)
    tour = Round.objects.create(
        day=TUESDAY, courier=courier, vehicle=vehicle, planned_start=at(time(9)), planned_end=at(time(13))
    )
    fulfilments = list(order.fulfilments.order_by("pk"))
    kind = Stop.Kind.HOME if order.shipping_code == "home-delivery" else Stop.Kind.CONTACT_POINT
    steps = [(Stop.Kind.PICKUP, item) for item in fulfilments] + [(kind, item) for item in fulfilments]
    for sequence, (stop_kind, fulfilment) in enumerate(steps, start=1):
        moment = at(time(9)) + timedelta(minutes=20 * sequence)
        Stop.objects.create(
            round=tour,
            sequence=sequence,
            kind=stop_kind,
            fulfilment=fulfilment,
            latitude=44.5,
            longitude=0.16,
            planned_arrival=moment,
            planned_service_start=moment,
        )
    return tour


def page(client, order) -> str:
    client.force_login(order.user)
    response = client.get(reverse("customer:order", kwargs={"order_number": order.number}))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def window_text(stop: Stop) -> str:
    stops = list(stop.round.stops.select_related("round").order_by("sequence"))
    start, end = stop_arrival_window(stop=stop, round_stops=stops, now=timezone.now())
    return f"entre {timezone.localtime(start):%H:%M} et {timezone.localtime(end):%H:%M}"


def test_each_part_in_plain_french_and_the_window_narrows_as_the_round_advances(client):
    TerritoryFactory()
    order = order_of(2)
    first, second = order.fulfilments.order_by("pk")
    Fulfilment.objects.filter(pk=first.pk).update(status=Fulfilment.Status.READY)
    tour = planned_round(order)
    text = page(client, order)
    assert 'Commerce 0</strong> : <span class="part-state">prête' in text
    assert 'Commerce 1</strong> : <span class="part-state">en préparation' in text
    last = tour.stops.get(sequence=4)
    planned = window_text(last)
    assert f"Livraison à domicile le mardi 8 décembre, {planned}." in text
    assert "Le livreur est en tournée" not in text

    # Out: both parts collected and the first delivered, 25 minutes late.
    Round.objects.filter(pk=tour.pk).update(status=Round.Status.STARTED)
    Fulfilment.objects.filter(pk=second.pk).update(status=Fulfilment.Status.HANDED_OVER)
    for stop in tour.stops.filter(sequence__lte=3):
        Stop.objects.filter(pk=stop.pk).update(
            status=Stop.Status.DONE, done_at=stop.planned_service_start + timedelta(minutes=25)
        )
    Fulfilment.objects.filter(pk=first.pk).update(status=Fulfilment.Status.DELIVERED)
    text = page(client, order)
    narrowed = window_text(last)
    assert narrowed != planned and f"{narrowed}." in text
    assert "Le livreur est en tournée" in text and "enlevée par le livreur" in text
    width = {
        name: (datetime.strptime(value.split()[3], "%H:%M") - datetime.strptime(value.split()[1], "%H:%M"))
        for name, value in (("planned", planned), ("narrowed", narrowed))
    }
    assert width["narrowed"] < width["planned"]
    assert "Livrée chez vous le mardi 8 décembre à 10:25." in text  # the first part, at 10:00 + 25 min
    assert 'Commerce 0</strong> : <span class="part-state">livrée' in text


def test_a_failed_delivery_says_at_which_contact_point_the_parcel_waits(client):
    TerritoryFactory()
    order = order_of(1)
    tour = planned_round(order)
    make_parcel(
        order=order, contact_point=ContactPointFactory(name="MARMANDE BP", address="12 RUE DE LA GARE")
    )
    Stop.objects.filter(round=tour, kind=Stop.Kind.HOME).update(
        status=Stop.Status.FAILED, done_at=at(time(11))
    )
    text = page(client, order)
    assert "La livraison du mardi 8 décembre n'a pas pu se faire." in text
    assert "Votre colis vous attend au point de contact MARMANDE BP, 12 RUE DE LA GARE" in text


def test_a_contact_point_drop_has_its_window_and_a_click_and_collect_order_only_its_parts(client):
    TerritoryFactory()
    order = order_of(1, shipping_code="contact-point")
    planned_round(order)
    assert "Dépôt au point de contact le mardi 8 décembre, entre" in page(client, order)

    collect = order_of(1, shipping_code="click-and-collect")
    text = page(client, collect)
    assert "Suivi de votre commande" in text and "en préparation" in text
    assert "Livraison à domicile" not in text and "Dépôt au point de contact le" not in text


def test_tracking_costs_the_same_queries_for_one_shop_and_for_five(client, django_assert_max_num_queries):
    TerritoryFactory()
    counts = []
    for shops in (1, 5):
        order = order_of(shops)
        planned_round(order)
        page(client, order)  # the session and the caches are warm from here on
        with CaptureQueriesContext(connection) as queries:
            text = page(client, order)
        assert text.count("Livraison à domicile le mardi 8 décembre") == shops
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        page(client, order)


def test_the_resident_reads_their_delivery_code_while_the_round_is_on_its_way(client):
    from delivery.services import delivery_code_clear, delivery_code_issue

    TerritoryFactory()
    order = order_of(1)
    tour = planned_round(order)
    code = delivery_code_clear(delivery_code_issue(order=order))
    assert "Votre code de livraison" not in page(client, order)  # not before the round leaves

    Round.objects.filter(pk=tour.pk).update(status=Round.Status.STARTED)
    assert f"Votre code de livraison : <strong>{code}</strong>." in page(client, order)

    Stop.objects.filter(round=tour, kind=Stop.Kind.HOME).update(
        status=Stop.Status.DONE, done_at=timezone.now()
    )
    assert "Votre code de livraison" not in page(client, order)  # delivered: the code is of no more use
