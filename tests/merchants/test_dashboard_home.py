"""The dashboard's home for a merchant: their own figures only. Oscar's home adds up whole orders, other shops'
lines included, which would show a merchant how much their neighbours sell."""

from decimal import Decimal

import pytest
from django.urls import reverse

from merchants.models import Fulfilment
from tests.factories import MerchantFactory, TerritoryFactory, make_merchant_user, make_product
from tests.merchants.factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_order():
    TerritoryFactory()
    baker, jeweller = MerchantFactory(trade_name="Boulangerie"), MerchantFactory(trade_name="Bijouterie")
    bread = make_product(merchant=baker, title="Baguette", price=Decimal("1.30"), stock=10)
    ring = make_product(merchant=jeweller, title="Bague en or", price=Decimal("987.65"), stock=1)
    make_product(merchant=baker, title="Pain aux noix", price=Decimal("4.20"), stock=0)
    order = make_order([(bread, 2), (ring, 1)])
    return baker, jeweller, order


def test_a_merchant_home_shows_only_their_own_figures(client, shared_order):
    baker, jeweller, order = shared_order
    Fulfilment.objects.filter(order=order, merchant=jeweller).update(status=Fulfilment.Status.READY)
    client.force_login(make_merchant_user(baker))

    response = client.get(reverse("dashboard:index"))

    assert response.status_code == 200
    assert "oscar/dashboard/index_nonstaff.html" in [template.name for template in response.templates]
    html = response.content.decode().replace("\xa0", " ")
    assert "1 commande à accepter" in html and "0 colis" in html
    assert "2 produits au catalogue" in html and "1 produit en rupture de stock" in html
    # Nothing of the jeweller's: neither the ring, nor the order's total, nor their ready parcel.
    for leak in ("987", "995", "Bague", "Bijouterie"):
        assert leak not in html, leak


def test_the_municipality_keeps_oscars_full_home(client, shared_order):
    from django.contrib.auth.models import Group

    from core import roles
    from shop.services import roles_ensure
    from tests.factories import UserFactory

    roles_ensure()
    mayor = UserFactory(is_staff=True)
    mayor.groups.add(Group.objects.get(name=roles.GROUP_NAMES[roles.MUNICIPALITY]))
    client.force_login(mayor)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert "oscar/dashboard/index_nonstaff.html" not in [template.name for template in response.templates]
