"""PostgreSQL's row-level security keeps each territory's rows to it, for the role the shop connects as, even for
SQL that never went through the ORM guard."""

import pytest
from django.db import DatabaseError, connection, transaction
from oscar.core.loading import get_model

from merchants.models import Merchant
from territory import rls
from territory.models import Membership
from tests.factories import MerchantFactory, TerritoryFactory, france, make_product
from tests.merchants.factories import make_order

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level security is PostgreSQL's"),
]

ROLE = "comptoir_test_app"
UserAddress = get_model("address", "UserAddress")


@pytest.fixture
def two_territories():
    a = TerritoryFactory(name="Val de Garonne")
    b = TerritoryFactory(name="Villeneuve-sur-Lot", with_marmande=False)
    shop_a = MerchantFactory(territory=a)
    shop_b = MerchantFactory(territory=b)
    order_a = make_order([(make_product(merchant=shop_a), 1)])
    order_b = make_order([(make_product(merchant=shop_b), 1)])
    rls.role_grant(connection, role=ROLE)
    return a, b, shop_a, shop_b, order_a, order_b


def _as_app(cursor, territory_setting: str) -> None:
    cursor.execute(f"SET LOCAL ROLE {ROLE}")
    cursor.execute("SELECT set_config('comptoir.territory_id', %s, true)", [territory_setting])


def _ids(cursor, table: str) -> set[int]:
    cursor.execute(f'SELECT id FROM "{table}"')
    return {row[0] for row in cursor.fetchall()}


def test_the_app_role_sees_only_the_active_territory_in_every_owned_table(two_territories):
    a, b, shop_a, shop_b, order_a, order_b = two_territories
    with connection.cursor() as cursor:
        _as_app(cursor, str(a.pk))
        assert _ids(cursor, "merchants_merchant") == {shop_a.pk}
        assert _ids(cursor, "order_order") == {order_a.pk}
        assert _ids(cursor, "catalogue_product") == {order_a.lines.get().product_id}
        assert _ids(cursor, "order_line") == {order_a.lines.get().pk}
        assert _ids(cursor, "merchants_fulfilment") == set(order_a.fulfilments.values_list("pk", flat=True))
        assert _ids(cursor, "shop_commune") == set(a.communes.values_list("pk", flat=True))
        cursor.execute("RESET ROLE")


def test_without_a_territory_the_app_role_sees_nothing_and_all_only_on_purpose(two_territories):
    a, b, shop_a, shop_b, order_a, order_b = two_territories
    with connection.cursor() as cursor:
        _as_app(cursor, "")
        assert _ids(cursor, "merchants_merchant") == set()
        assert _ids(cursor, "order_order") == set()
        assert _ids(cursor, "merchants_fulfilment") == set()
        _as_app(cursor, "all")
        assert _ids(cursor, "merchants_merchant") >= {shop_a.pk, shop_b.pk}
        cursor.execute("RESET ROLE")


def test_the_app_role_cannot_write_a_row_into_another_territory(two_territories):
    a, b, shop_a, shop_b, order_a, order_b = two_territories
    with connection.cursor() as cursor:
        _as_app(cursor, str(a.pk))
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            cursor.execute("UPDATE merchants_merchant SET territory_id = %s WHERE id = %s", [b.pk, shop_a.pk])
        cursor.execute("UPDATE merchants_merchant SET trade_name = 'pris' WHERE id = %s", [shop_b.pk])
        assert cursor.rowcount == 0  # B's row is not there to update
        cursor.execute("RESET ROLE")
    assert Merchant.objects.get(pk=shop_b.pk).trade_name != "pris"


def test_the_app_role_is_bound_by_the_policies():
    rls.role_grant(connection, role=ROLE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [ROLE])
        assert cursor.fetchone() == (False, False)


def test_every_policy_table_the_module_names_has_its_policy_in_the_database():
    assert set(rls.DIRECT) | set(rls.THROUGH) | set(rls.REFERENCED) <= rls.policy_tables(connection)


def test_residents_addresses_stay_in_their_territory(two_territories):
    a, b, shop_a, shop_b, order_a, order_b = two_territories
    resident_a, resident_b = order_a.user, order_b.user
    Membership.objects.update_or_create(user=resident_a, defaults={"territory": a})
    Membership.objects.update_or_create(user=resident_b, defaults={"territory": b})
    book_a = UserAddress.objects.create(
        user=resident_a, line1="8 rue Abel Boyé", postcode="47200", country=france()
    )
    book_b = UserAddress.objects.create(
        user=resident_b, line1="2 rue de Penne", postcode="47300", country=france()
    )
    with connection.cursor() as cursor:
        _as_app(cursor, str(a.pk))
        assert _ids(cursor, "order_shippingaddress") == {order_a.shipping_address_id}
        assert _ids(cursor, "address_useraddress") == {book_a.pk}
        cursor.execute("UPDATE address_useraddress SET line1 = 'pris' WHERE id = %s", [book_b.pk])
        assert cursor.rowcount == 0
        # checkout writes the address before the order that points at it: the insert is allowed
        cursor.execute(
            "INSERT INTO order_shippingaddress (title, first_name, last_name, line1, line2, line3, line4, state, "
            "postcode, search_text, country_id, phone_number, notes) VALUES ('', 'Camille', 'Laborde', '8 rue Abel "
            "Boyé', '', '', 'Marmande', '', '47200', '', 'FR', '', '') RETURNING id"
        )
        fresh = cursor.fetchone()[0]
        assert fresh in _ids(cursor, "order_shippingaddress")
        _as_app(cursor, str(b.pk))
        assert _ids(cursor, "order_shippingaddress") >= {order_b.shipping_address_id}
        assert order_a.shipping_address_id not in _ids(cursor, "order_shippingaddress")
        assert _ids(cursor, "address_useraddress") == {book_b.pk}
        cursor.execute("RESET ROLE")
