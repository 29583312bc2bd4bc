"""The admin shows payments, refunds and Stripe's events but never writes them: only the payment services do."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from payments.models import PaymentAttempt, Refund
from tests.factories import home_territory

Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db


@pytest.fixture
def refunded():
    attempt = PaymentAttempt.objects.create(
        territory=home_territory(),
        basket=Basket.objects.create(),
        order_number="100042",
        amount=Decimal("12.30"),
        status=PaymentAttempt.Status.REFUNDED,
    )
    refund = Refund.objects.create(
        attempt=attempt,
        amount=Decimal("12.30"),
        reason=Refund.Reason.OUT_OF_STOCK,
        idempotency_key="r-100042",
    )
    return attempt, refund


def test_staff_read_a_payment_and_its_refund_in_the_admin(admin_client, refunded):
    attempt, refund = refunded

    listing = admin_client.get(reverse("admin:payments_paymentattempt_changelist")).content.decode()
    page = admin_client.get(reverse("admin:payments_paymentattempt_change", args=[attempt.pk]))

    assert "100042" in listing
    assert page.status_code == 200
    assert "Payé puis remboursé" in page.content.decode()
    assert admin_client.get(reverse("admin:payments_refund_change", args=[refund.pk])).status_code == 200


def test_the_admin_cannot_change_add_or_delete_a_payment(admin_client, refunded):
    attempt, refund = refunded
    change = reverse("admin:payments_paymentattempt_change", args=[attempt.pk])

    admin_client.post(change, {"status": PaymentAttempt.Status.SUCCEEDED, "amount": "0.01"})

    attempt.refresh_from_db()
    assert (attempt.status, attempt.amount) == (PaymentAttempt.Status.REFUNDED, Decimal("12.30"))
    assert admin_client.get(reverse("admin:payments_paymentattempt_add")).status_code == 403
    assert admin_client.get(reverse("admin:payments_refund_add")).status_code == 403
    response = admin_client.post(reverse("admin:payments_refund_delete", args=[refund.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Refund.objects.filter(pk=refund.pk).exists()
