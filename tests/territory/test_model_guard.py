"""Every territory-owned model has the ORM guard or a database policy, and the guard raises when a query forgets
the territory."""

import pytest
from django.db import connection
from django_scopes import ScopeError

from merchants.models import Fulfilment, Merchant
from territory import rls
from territory.guard import is_guarded
from territory.tenancy import territory_activate, territory_all
from tests.factories import MerchantFactory, TerritoryFactory
from tests.territory.ownership import territory_owned_models


def test_every_territory_owned_model_has_the_guard_or_a_policy():
    covered = set(rls.DIRECT) | set(rls.THROUGH)
    unguarded = [
        model._meta.label
        for model in territory_owned_models()
        if not is_guarded(model) and model._meta.db_table not in covered
    ]
    assert unguarded == []


def test_the_models_that_carry_their_territory_have_both():
    for model, how in territory_owned_models().items():
        if how is None and model._meta.app_label not in ("territory",):
            assert is_guarded(model), model
            assert model._meta.db_table in rls.DIRECT, model


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="policies are PostgreSQL's")
def test_every_owned_table_has_its_policy_in_the_database():
    tables = {model._meta.db_table for model in territory_owned_models()}
    guarded_only = {model._meta.db_table for model in territory_owned_models() if is_guarded(model)}
    assert tables - guarded_only <= rls.policy_tables(connection)


@pytest.mark.django_db
@pytest.mark.territory_guarded
def test_a_query_with_no_territory_active_raises_instead_of_reading_every_territory():
    with territory_all():
        a = TerritoryFactory(name="Val de Garonne")
        b = TerritoryFactory(name="Villeneuve-sur-Lot", with_marmande=False)
        shop_a, shop_b = MerchantFactory(territory=a), MerchantFactory(territory=b)
    with pytest.raises(ScopeError):
        list(Merchant.objects.all())
    with pytest.raises(ScopeError):
        Fulfilment.objects.filter(status="new").count()
    queryset = Merchant.objects.order_by("pk")  # built outside any territory, like a form field's
    with territory_activate(a):
        assert list(queryset) == [shop_a]
        assert list(Merchant.objects.all()) == [shop_a]
    with territory_activate(b):
        assert list(Merchant.objects.values_list("pk", flat=True)) == [shop_b.pk]
    with territory_all():
        assert set(Merchant.objects.all()) == {shop_a, shop_b}
