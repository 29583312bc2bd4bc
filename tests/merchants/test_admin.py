"""The admin shows workflow states but never writes them: they move only through the services' transitions."""

from decimal import Decimal

import pytest
from django.forms import FileField
from django.urls import reverse

from merchants.models import Fulfilment, Merchant
from tests.factories import MerchantFactory, make_product
from tests.merchants.factories import make_order

pytestmark = pytest.mark.django_db


def _post_form(admin_client, url, **changes):
    form = admin_client.get(url).context["adminform"].form
    assert "status" not in form.fields
    data = {
        name: form[name].value() for name, field in form.fields.items() if not isinstance(field, FileField)
    }
    data.update(changes)
    return admin_client.post(url, {k: ("" if v is None else v) for k, v in data.items() if v is not False})


def test_the_admin_cannot_write_a_fulfilments_status(admin_client):
    product = make_product(merchant=MerchantFactory(), title="Baguette tradition", price=Decimal("1.30"))
    fulfilment = make_order([(product, 1)]).fulfilments.get()
    url = reverse("admin:merchants_fulfilment_change", args=[fulfilment.pk])

    response = _post_form(admin_client, url, status=Fulfilment.Status.DELIVERED)

    assert response.status_code == 302
    fulfilment.refresh_from_db()
    assert fulfilment.status == Fulfilment.Status.NEW
    assert "Nouvelle" in admin_client.get(url).content.decode()  # shown, read-only


def test_the_admin_cannot_approve_a_merchant_by_hand(admin_client):
    merchant = MerchantFactory(status=Merchant.Status.APPLIED)
    url = reverse("admin:merchants_merchant_change", args=[merchant.pk])

    _post_form(admin_client, url, status=Merchant.Status.APPROVED)

    merchant.refresh_from_db()
    assert merchant.status == Merchant.Status.APPLIED
