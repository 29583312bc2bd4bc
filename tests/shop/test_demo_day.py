"""The demo's planned day (issue 11, item 8): after seeding, today's orders from the demo shops are planned, the
demo courier opens on today's round with its stops and the municipality's dispatcher on today's map; seeding again
the same day changes nothing."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from delivery.models import PlanRun, Round, Stop
from merchants.models import Fulfilment
from shop.demo.day import number_prefix
from shop.demo.seed import seed_demo

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
HOST = "valdegaronne.localhost"


def day_state():
    today = timezone.localdate()
    return (
        Order.objects.filter(number__startswith="H").count(),  # the past year's history (shop.demo.history)
        sorted(
            Order.objects.filter(number__startswith=number_prefix(today)).values_list("number", flat=True)
        ),
        sorted(Round.objects.filter(day=today).values_list("pk", "courier_id")),
        sorted(Stop.objects.filter(round__day=today).values_list("pk", "sequence", "fulfilment_id")),
        PlanRun.objects.filter(day=today).count(),
    )


def test_the_demo_seeds_a_planned_day_for_the_courier_and_the_dispatcher(client, settings):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]
    started = time.perf_counter()
    seed_demo(merchants=8, products_per_merchant=6, territories=1)
    seconds = time.perf_counter() - started
    today = timezone.localdate()
    orders = Order.objects.filter(number__startswith=number_prefix(today))
    assert 40 <= orders.count() <= 60
    assert orders.filter(shipping_code="contact-point").exists()
    assert orders.filter(shipping_code="home-delivery").exists()
    parts = Fulfilment.objects.filter(order__in=orders)
    assert set(parts.values_list("status", flat=True)) == {Fulfilment.Status.READY}
    assert all(timezone.localtime(at).date() == today for at in parts.values_list("collection_at", flat=True))
    assert len({address.line4 for address in (order.shipping_address for order in orders)}) > 3  # communes

    run = PlanRun.objects.get(day=today)
    placed = Stop.objects.filter(round__day=today).exclude(fulfilment=None).values("fulfilment").distinct()
    assert placed.count() + len(run.unassigned) == parts.count()
    assert placed.count() >= parts.count() * 0.8
    assert seconds < 120  # the whole seed, of which planning takes a few seconds

    User = get_user_model()
    courier = User.objects.get(email="livreur@comptoir.test")
    tour = Round.objects.get(day=today, courier__user=courier)
    assert tour.stops.exclude(kind=Stop.Kind.BREAK).count() >= 2
    client.force_login(courier)
    listing = client.get("/livreur/", HTTP_HOST=HOST)
    assert listing.status_code == 200 and f"/livreur/tournees/{tour.pk}/" in listing.content.decode()

    client.force_login(User.objects.get(email="mairie@comptoir.test"))
    dispatch = client.get(reverse("dispatch:day"), HTTP_HOST=HOST)
    assert dispatch.status_code == 200
    assert any(item["stops"] for item in dispatch.context["map_data"]["rounds"])
    assert "Tournées du jour" in dispatch.content.decode()  # the dashboard's menu links the dispatcher

    # The year before today, ending yesterday: the municipality's observatory reads it.
    past = Order.objects.filter(number__startswith="H")
    placed = {timezone.localtime(at).date() for at in past.values_list("date_placed", flat=True)}
    assert past.count() > 300 * 10 and max(placed) == today - timedelta(days=1)
    assert min(placed) >= today - timedelta(days=365) and len(placed) > 350
    assert set(past.values_list("territory__slug", flat=True)) == {"val-de-garonne"}

    before = day_state()
    seed_demo(merchants=8, products_per_merchant=6, territories=1)
    assert day_state() == before
