"""Hostile input found by probing from outside (issue 9): each answers a clear 4xx, never a 500."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from merchants.validators import validate_siret
from payments.models import PaymentAttempt
from tests.factories import MerchantFactory, make_merchant_user
from tests.payments.test_attempts import make_shop, start_checkout

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²" * 14, "7328293200007²", "٧٣٢٨٢٩٣٢٠٠٠٠٧٤"])
def test_a_siret_in_other_digits_than_0_to_9_is_refused_in_french(value):
    with pytest.raises(ValidationError, match="14 chiffres"):
        validate_siret(value)


@pytest.mark.parametrize("url_name", ["catalogue:index", "search:search"])
def test_a_category_filter_in_superscript_digits_is_ignored(client, url_name):
    make_shop()
    assert client.get(reverse(url_name), {"categorie": "²"}).status_code == 200


@pytest.mark.parametrize(("start", "end"), [("0001-01-01", "0001-01-02"), ("9999-12-30", "9999-12-31")])
def test_sales_at_the_calendars_edges_answer_400_in_french(client, start, end):
    merchant = MerchantFactory()
    client.force_login(make_merchant_user(merchant))
    response = client.get(reverse("merchant-space:sales"), {"du": start, "au": end})
    assert response.status_code == 400
    assert "Choisissez une date entre" in response.content.decode()


def test_a_get_on_a_payment_step_answers_json_405_and_leaves_the_payment_alone(client, localstripe):
    attempt = start_checkout(products=[make_shop()])
    client.force_login(attempt.user)
    for name in ("checkout:payment-start", "checkout:payment-confirm"):
        response = client.get(reverse(name))
        assert response.status_code == 405
        assert response["Content-Type"] == "application/json"
        assert "POST" in response["Allow"]
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.PENDING


def test_a_payment_step_without_its_security_token_answers_json_in_french(localstripe):
    attempt = start_checkout(products=[make_shop()])
    client = Client(enforce_csrf_checks=True)
    client.force_login(attempt.user)
    response = client.post(reverse("checkout:payment-start"))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "rechargez la page" in response.json()["error"]


def test_a_form_without_its_security_token_gets_a_french_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("customer:login"), {"login-username": "x"})
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()


def test_the_payment_start_is_not_a_get_shortcut_to_cancel(client, localstripe):
    """Probed: a GET on the start used to expire the pending payment before answering 405."""
    attempt = start_checkout(products=[make_shop(price=Decimal("3.20"))])
    client.force_login(attempt.user)
    client.get(reverse("checkout:payment-start"))
    assert PaymentAttempt.objects.get(pk=attempt.pk).status == PaymentAttempt.Status.PENDING
    assert attempt.stock_holds.filter(released_at__isnull=True).exists()
