"""Oscar's dashboard order pages would show a merchant every line of an order: they are closed to merchants."""

import pytest
from django.urls import reverse

from tests.factories import MerchantFactory, UserFactory, make_merchant_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["dashboard:order-list", "dashboard:order-stats"])
def test_merchants_cannot_open_oscars_order_pages(client, url_name):
    client.force_login(make_merchant_user(MerchantFactory()))
    assert client.get(reverse(url_name)).status_code == 403
    assert client.get(reverse("merchant-space:fulfilment-list")).status_code == 200


def test_staff_still_can(client):
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_order", content_type__app_label="order"))
    client.force_login(staff)
    assert client.get(reverse("dashboard:order-list")).status_code == 200
