"""When a parcel leaves the shop (issue 5, item 3: « the delivery mode and collection time »): the delivery
round's pass for home delivery and contact points, the resident's earliest visit for click-and-collect."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from merchants.calculations import collection_time
from merchants.models import Fulfilment, OpeningHours
from territory.models import times_of_day_parse
from tests.factories import MerchantFactory, TerritoryFactory, make_merchant_user, make_product
from tests.merchants.factories import make_order

PARIS = ZoneInfo("Europe/Paris")
PASSES = (time(10, 30), time(16))
# Monday to Saturday, 9:00–12:00 and 14:00–19:00, Wednesday afternoon closed.
SHOP_HOURS = [
    (day, opens, closes)
    for day in range(6)
    for opens, closes in ((time(9), time(12)), (time(14), time(19)))
    if not (day == 2 and opens == time(14))
]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Day ``day`` after Monday 30 November 2026, in Paris."""
    moment = datetime(2026, 11, 30, hour, minute) + timedelta(days=day)
    return moment.replace(tzinfo=PARIS)


def when(
    placed: datetime, *, mode: str = "home-delivery", hours=SHOP_HOURS, passes=PASSES, minutes: int = 60
):
    found = collection_time(
        shipping_code=mode, placed_at=placed, opening_hours=hours, passes=passes, preparation_minutes=minutes
    )
    return found.astimezone(PARIS) if found else None


@pytest.mark.parametrize(
    ("placed", "expected"),
    [
        (at(0, 9), at(0, 10, 30)),  # an hour to prepare, then the morning pass
        (at(0, 9, 45), at(0, 16)),  # too late for the morning pass
        (at(0, 15, 30), at(1, 10, 30)),  # too late for the day: tomorrow morning
        (at(2, 11), at(3, 10, 30)),  # Wednesday afternoon the shop is closed: no pass then
        (at(5, 15, 30), at(7, 10, 30)),  # Saturday evening: Sunday closed, Monday morning
    ],
)
def test_the_round_collects_at_its_first_pass_after_preparation_while_the_shop_is_open(placed, expected):
    assert when(placed) == expected
    assert when(placed, mode="contact-point") == expected


@pytest.mark.parametrize(
    ("placed", "expected"),
    [
        (at(0, 9, 7), at(0, 10, 15)),  # an hour later, on the next quarter hour
        (at(0, 11, 7), at(0, 14)),  # ready at lunchtime: when the shop opens again
        (at(0, 18, 30), at(1, 9)),  # ready after closing: the next opening
        (at(0, 10, 0), at(0, 11, 0)),  # already on a quarter hour
    ],
)
def test_click_and_collect_starts_at_the_first_open_moment_after_preparation(placed, expected):
    assert when(placed, mode="click-and-collect") == expected


def test_a_shop_without_known_hours_counts_as_always_open():
    assert when(at(0, 22), hours=[]) == at(1, 10, 30)
    assert when(at(0, 22), hours=[], mode="click-and-collect") == at(0, 23)


def test_no_collection_time_when_the_shop_is_never_open_at_a_pass():
    evenings = [(day, time(17), time(19)) for day in range(6)]
    assert when(at(0, 9), hours=evenings) is None
    assert when(at(0, 9), hours=evenings, mode="click-and-collect") == at(0, 17)


def test_collection_times_are_read_as_a_town_hall_writes_them():
    assert times_of_day_parse("16h, 10:30, 9h05, 7, 16:00") == (time(7), time(9, 5), time(10, 30), time(16))
    assert times_of_day_parse("") == ()
    for wrong in ("25:00", "10:75", "midi", "10:30; 16:00"):
        with pytest.raises(ValidationError) as error:
            times_of_day_parse(wrong)
        assert "n'est pas une heure" in error.value.messages[0]


# In the order's way.


@pytest.fixture
def grocer(db):
    TerritoryFactory(collection_times="11:00, 17:30", preparation_minutes=30)
    shop = MerchantFactory(trade_name="Épicerie du Lot", email="epicerie@example.test", hours=False)
    for day, opens, closes in SHOP_HOURS:
        OpeningHours.objects.create(merchant=shop, weekday=day, opens_at=opens, closes_at=closes)
    return shop, make_product(merchant=shop, title="Confiture de prunes", price=Decimal("4.10"))


def test_each_fulfilment_gets_its_collection_time_from_the_municipalitys_passes(grocer):
    shop, jam = grocer
    delivered = make_order([(jam, 1)], placed=at(0, 10, 40))
    collected = make_order([(jam, 1)], placed=at(0, 10, 40), shipping_code="click-and-collect")
    assert Fulfilment.objects.get(order=delivered).collection_at == at(0, 17, 30)
    assert Fulfilment.objects.get(order=collected).collection_at == at(0, 11, 15)


def test_the_merchant_sees_the_collection_time_on_the_order_the_list_the_label_and_the_email(
    client, grocer, django_capture_on_commit_callbacks
):
    shop, jam = grocer
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order([(jam, 1)], placed=at(0, 10, 40))
    fulfilment = Fulfilment.objects.get(order=order)
    client.force_login(make_merchant_user(shop))

    detail = client.get(reverse("merchant-space:fulfilment-detail", args=[fulfilment.pk])).content.decode()
    assert "Enlèvement par la tournée" in detail and "lundi 30 novembre, 17:30" in detail
    assert 'datetime="2026-11-30T17:30:00+01:00"' in detail
    listing = client.get(reverse("merchant-space:fulfilment-list")).content.decode()
    assert "tournée le" in listing and "lundi 30 novembre, 17:30" in listing
    Fulfilment.objects.filter(pk=fulfilment.pk).update(status=Fulfilment.Status.READY)
    label = client.get(reverse("merchant-space:fulfilment-label", args=[fulfilment.pk])).content.decode()
    assert "lundi 30 novembre, 17:30" in label
    [message] = mail.outbox
    assert "enlèvement par la tournée : lundi 30 novembre, 17:30" in message.body


def test_without_a_collection_time_the_page_says_to_see_the_town_hall(client, grocer):
    shop, jam = grocer
    fulfilment = Fulfilment.objects.get(order=make_order([(jam, 1)]))
    Fulfilment.objects.filter(pk=fulfilment.pk).update(collection_at=None)
    client.force_login(make_merchant_user(shop))
    detail = client.get(reverse("merchant-space:fulfilment-detail", args=[fulfilment.pk])).content.decode()
    assert "à convenir avec la mairie" in detail


def test_a_click_and_collect_resident_sees_where_and_from_when_to_collect(client, grocer):
    shop, jam = grocer
    order = make_order([(jam, 1)], placed=at(0, 10, 40), shipping_code="click-and-collect")
    client.force_login(order.user)
    url = reverse("customer:order", kwargs={"order_number": order.number})
    html = client.get(url).content.decode()
    assert f"À retirer à la boutique, {shop.full_address}, à partir du" in html
    assert 'datetime="2026-11-30T11:15:00+01:00"' in html and "lundi 30 novembre, 11:15" in html

    # Once the parcel is handed over, there is nothing left to collect.
    Fulfilment.objects.filter(order=order).update(status=Fulfilment.Status.HANDED_OVER)
    assert "À retirer à la boutique" not in client.get(url).content.decode()


def test_a_delivered_resident_is_not_told_to_collect_anything(client, grocer):
    shop, jam = grocer
    order = make_order([(jam, 1)], placed=at(0, 10, 40))
    client.force_login(order.user)
    html = client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
    assert "À retirer à la boutique" not in html
