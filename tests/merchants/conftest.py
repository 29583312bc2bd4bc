"""The world the isolation tests look at: two merchants with a product each, one order split between them,
a catalogue import each, and one user per role."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from core import roles
from merchants.models import CatalogueImport, Fulfilment
from pickup.models import CounterAgent
from shop.services import roles_ensure
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, make_merchant_user, make_product
from tests.merchants.factories import make_order
from tests.pickup.factories import ContactPointFactory

ROLES = ["anonymous", "resident", "merchant_a", "merchant_b", "courier", "counter_agent", "municipality"]


@pytest.fixture
def world():
    TerritoryFactory()
    roles_ensure()
    shop_a, shop_b = MerchantFactory(trade_name="Commerce A"), MerchantFactory(trade_name="Commerce B")
    product_a = make_product(merchant=shop_a, title="Produit A")
    product_b = make_product(merchant=shop_b, title="Produit B")
    order = make_order([(product_a, 1), (product_b, 1)])
    fulfilment_a = Fulfilment.objects.get(order=order, merchant=shop_a)
    fulfilment_b = Fulfilment.objects.get(order=order, merchant=shop_b)
    Fulfilment.objects.filter(pk__in=[fulfilment_a.pk, fulfilment_b.pk]).update(
        status=Fulfilment.Status.READY
    )
    imports = {
        shop: CatalogueImport.objects.create(
            merchant=shop,
            file=ContentFile(b"sku;title\n", name="import.csv"),
            status=CatalogueImport.Status.DONE,
        )
        for shop in (shop_a, shop_b)
    }
    users = {
        "resident": UserFactory(),
        "merchant_a": make_merchant_user(shop_a),
        "merchant_b": make_merchant_user(shop_b),
        "courier": UserFactory(),
        "counter_agent": UserFactory(),
        "municipality": UserFactory(is_staff=True),
    }
    users["courier"].groups.add(Group.objects.get(name=roles.GROUP_NAMES[roles.COURIER]))
    users["counter_agent"].groups.add(Group.objects.get(name=roles.GROUP_NAMES[roles.COUNTER_AGENT]))
    CounterAgent.objects.create(user=users["counter_agent"], contact_point=ContactPointFactory())
    users["municipality"].groups.add(Group.objects.get(name=roles.GROUP_NAMES[roles.MUNICIPALITY]))
    return {
        "users": users,
        "fulfilment_a": fulfilment_a,
        "fulfilment_b": fulfilment_b,
        "import_a": imports[shop_a],
        "import_b": imports[shop_b],
        "product_a": product_a,
        "product_b": product_b,
    }
