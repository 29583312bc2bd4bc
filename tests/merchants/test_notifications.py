"""How a merchant hears of new orders: an e-mail for each, a morning digest, or both (issue 5, item 3)."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from merchants import services, tasks
from merchants.models import Fulfilment, Merchant
from tests.factories import MerchantFactory, make_merchant_user, make_product
from tests.merchants.factories import make_order

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
MORNING = datetime(2026, 11, 27, 7, 0, tzinfo=PARIS)


@pytest.fixture
def shops():
    baker = MerchantFactory(
        trade_name="Boulangerie du Marché", email="boulangerie@example.test", daily_digest=True
    )
    cheese = MerchantFactory(trade_name="Fromagerie Garonne", email="fromagerie@example.test")
    products = {
        "baguette": make_product(merchant=baker, title="Baguette tradition", price=Decimal("1.30")),
        "campagne": make_product(merchant=baker, title="Pain de campagne", price=Decimal("3.20")),
        "tomme": make_product(merchant=cheese, title="Tomme des Pyrénées", price=Decimal("6.80")),
    }
    return baker, cheese, products


def received_at(order, when: datetime) -> None:
    Fulfilment.objects.filter(order=order).update(created_at=when)


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


# One e-mail per new order.


def test_each_new_order_is_emailed_to_the_merchant_by_default(shops, django_capture_on_commit_callbacks):
    baker, cheese, products = shops
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order([(products["baguette"], 2), (products["tomme"], 1)])

    [to_baker] = sent_to("boulangerie@example.test")
    [to_cheese] = sent_to("fromagerie@example.test")
    assert order.number in to_baker.subject
    assert "Baguette tradition" in to_baker.body and "Tomme" not in to_baker.body
    assert "Tomme des Pyrénées" in to_cheese.body and "Baguette" not in to_cheese.body


def test_a_merchant_who_chose_the_digest_only_gets_no_email_per_order(
    shops, django_capture_on_commit_callbacks
):
    baker, cheese, products = shops
    Merchant.objects.filter(pk=baker.pk).update(notify_each_order=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order([(products["baguette"], 1), (products["tomme"], 1)])

    assert sent_to("boulangerie@example.test") == []
    assert len(sent_to("fromagerie@example.test")) == 1
    # Handled all the same: a retried task sends nothing later.
    assert Fulfilment.objects.get(order=order, merchant=baker).merchant_notified_at is not None


def test_order_emails_go_to_the_shop_and_its_active_users_only(shops, django_capture_on_commit_callbacks):
    baker, cheese, products = shops
    make_merchant_user(baker, email="marie@example.test")
    make_merchant_user(baker, email="ancien@example.test", is_active=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_order([(products["baguette"], 1)])

    [message] = mail.outbox
    assert message.to == ["boulangerie@example.test", "marie@example.test"]


# The morning digest.


def test_the_digest_goes_only_to_merchants_who_chose_it_and_received_orders(shops):
    baker, cheese, products = shops
    cheese.daily_digest = True
    cheese.save()
    bookshop = MerchantFactory(
        trade_name="Librairie des Quais", email="librairie@example.test", daily_digest=True
    )
    grocer = MerchantFactory(trade_name="Épicerie du Lot", email="epicerie@example.test")
    jam = make_product(merchant=grocer, title="Confiture de prunes", price=Decimal("4.10"))
    received_at(make_order([(products["baguette"], 1)]), MORNING - timedelta(hours=20))
    received_at(make_order([(products["campagne"], 2)]), MORNING - timedelta(hours=1))
    received_at(make_order([(products["tomme"], 1)]), MORNING - timedelta(hours=30))
    received_at(make_order([(jam, 1)]), MORNING - timedelta(hours=2))
    mail.outbox.clear()

    assert services.merchants_send_daily_digest(now=MORNING) == 1
    [message] = mail.outbox
    assert message.to == ["boulangerie@example.test"]
    assert "2 nouvelles commandes" in message.subject
    assert "Baguette tradition" in message.body and "Pain de campagne" in message.body
    assert "Tomme" not in message.body and "Abel Boyé" not in message.body and "Laborde" not in message.body
    assert bookshop.email not in message.to and grocer.email not in message.to


def test_the_digest_is_sent_once_a_day_however_often_the_job_runs(shops):
    baker, cheese, products = shops
    received_at(make_order([(products["baguette"], 1)]), MORNING - timedelta(hours=3))
    mail.outbox.clear()

    assert services.merchants_send_daily_digest(now=MORNING) == 1
    received_at(make_order([(products["campagne"], 1)]), MORNING + timedelta(minutes=2))
    assert services.merchants_send_daily_digest(now=MORNING + timedelta(minutes=5)) == 0
    assert len(sent_to("boulangerie@example.test")) == 1

    # The next morning covers what came after the last digest, and only that.
    mail.outbox.clear()
    assert services.merchants_send_daily_digest(now=MORNING + timedelta(days=1)) == 1
    [message] = mail.outbox
    assert "Pain de campagne" in message.body and "Baguette" not in message.body


def test_a_missed_morning_is_covered_by_the_next_digest(shops):
    baker, cheese, products = shops
    Merchant.objects.filter(pk=baker.pk).update(digest_sent_until=MORNING - timedelta(days=2))
    received_at(make_order([(products["baguette"], 1)]), MORNING - timedelta(hours=40))
    received_at(make_order([(products["campagne"], 1)]), MORNING - timedelta(hours=50))
    mail.outbox.clear()
    assert services.merchants_send_daily_digest(now=MORNING) == 1
    assert "Baguette tradition" in mail.outbox[0].body and "Pain de campagne" not in mail.outbox[0].body


def test_a_digest_never_reaches_back_more_than_a_week(shops):
    baker, cheese, products = shops
    Merchant.objects.filter(pk=baker.pk).update(digest_sent_until=MORNING - timedelta(days=20))
    received_at(make_order([(products["baguette"], 1)]), MORNING - timedelta(days=10))
    received_at(make_order([(products["campagne"], 1)]), MORNING - timedelta(days=6))
    mail.outbox.clear()
    assert services.merchants_send_daily_digest(now=MORNING) == 1
    assert "Pain de campagne" in mail.outbox[0].body and "Baguette" not in mail.outbox[0].body


def test_a_suspended_merchant_gets_no_digest(shops):
    baker, cheese, products = shops
    received_at(make_order([(products["baguette"], 1)]), MORNING - timedelta(hours=3))
    Merchant.objects.filter(pk=baker.pk).update(status=Merchant.Status.SUSPENDED)
    mail.outbox.clear()
    assert services.merchants_send_daily_digest(now=MORNING) == 0
    assert mail.outbox == []


def test_a_digest_the_mail_server_refused_is_sent_by_the_next_run_and_the_others_go(shops, monkeypatch):
    baker, cheese, products = shops
    Merchant.objects.filter(pk=cheese.pk).update(daily_digest=True)
    received_at(make_order([(products["baguette"], 1)]), MORNING - timedelta(hours=3))
    received_at(make_order([(products["tomme"], 1)]), MORNING - timedelta(hours=3))
    mail.outbox.clear()
    real_send = mail.EmailMessage.send

    def refuse_the_bakery(message, *args, **kwargs):
        if "boulangerie@example.test" in message.to:
            raise ConnectionRefusedError("smtp down")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", refuse_the_bakery)
    with pytest.raises(services.DigestIncomplete) as incomplete:
        services.merchants_send_daily_digest(now=MORNING)
    assert (incomplete.value.sent, incomplete.value.failed) == (1, [baker.pk])
    assert [message.to for message in mail.outbox] == [["fromagerie@example.test"]]
    baker.refresh_from_db()
    assert baker.digest_sent_until is None

    monkeypatch.undo()
    mail.outbox.clear()
    assert services.merchants_send_daily_digest(now=MORNING + timedelta(minutes=10)) == 1
    [message] = mail.outbox
    assert message.to == ["boulangerie@example.test"] and "Baguette tradition" in message.body


def test_the_digest_task_retries_until_every_digest_went(shops):
    entry = tasks.merchants_send_daily_digest
    assert entry.autoretry_for == (Exception,) and entry.max_retries >= 3


def test_the_digest_is_scheduled_every_morning(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["merchants-daily-digest"]
    assert entry["task"] == "merchants.tasks.merchants_send_daily_digest"
    assert tasks.merchants_send_daily_digest.name == entry["task"]
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}


def test_the_digest_task_sends_nothing_on_a_quiet_day(shops):
    mail.outbox.clear()
    assert tasks.merchants_send_daily_digest.delay().get() == 0
    assert mail.outbox == []


# The merchant's choice, in the merchant space.


def test_the_merchant_sees_their_choices_and_where_emails_go(client, shops):
    baker, cheese, products = shops
    client.force_login(make_merchant_user(baker, email="marie@example.test"))
    response = client.get(reverse("merchant-space:notifications"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="notify_each_order" id="id_notify_each_order"' in html
    assert "boulangerie@example.test, marie@example.test" in html
    form = response.context["form"]
    assert form["notify_each_order"].value() is True and form["daily_digest"].value() is True


def test_the_merchant_chooses_the_digest_only(client, shops):
    baker, cheese, products = shops
    client.force_login(make_merchant_user(cheese))
    response = client.post(reverse("merchant-space:notifications"), {"daily_digest": "on"}, follow=True)
    assert response.status_code == 200
    assert "préférences de notification sont enregistrées" in response.content.decode()
    cheese.refresh_from_db()
    assert cheese.daily_digest is True and cheese.notify_each_order is False


def test_turning_every_notification_off_is_refused_in_french_and_changes_nothing(client, shops):
    baker, cheese, products = shops
    client.force_login(make_merchant_user(baker))
    response = client.post(reverse("merchant-space:notifications"), {})
    assert response.status_code == 400
    assert "Gardez au moins un moyen d&#x27;être prévenu" in response.content.decode()
    baker.refresh_from_db()
    assert baker.notify_each_order is True and baker.daily_digest is True


def test_a_merchant_changes_only_their_own_shops_choices(client, shops):
    baker, cheese, products = shops
    client.force_login(make_merchant_user(cheese))
    client.post(reverse("merchant-space:notifications"), {"daily_digest": "on"})
    baker.refresh_from_db()
    assert baker.notify_each_order is True and baker.daily_digest is True


def test_the_merchant_space_menu_leads_to_every_merchant_page(client, shops):
    baker, cheese, products = shops
    client.force_login(make_merchant_user(baker))
    html = client.get(reverse("merchant-space:fulfilment-list")).content.decode()
    for name in ("fulfilment-list", "catalogue-import", "sales", "payouts", "notifications"):
        assert f'href="{reverse(f"merchant-space:{name}")}"' in html, name
