"""PostgreSQL row-level security: the database itself keeps each territory's rows to that territory.

A table that carries ``territory_id`` shows a row when the session's ``comptoir.territory_id`` (set by
``territory.tenancy``) is that territory, or ``all`` (work across territories, on purpose). A table reached through
a parent (a fulfilment through its merchant, a parcel through its order) shows a row when its parent row is visible,
under the parent's own policy. The tables' owner (the role that migrates) is not bound by the policies; the shop
connects as a role that is (``manage.py territory_db_role``), so a query that escaped the ORM guard still sees only
its territory's rows."""

FUNCTION = "comptoir_territory_visible"
POLICY = "territory_isolation"

# Tables carrying their territory.
DIRECT = [
    "shop_commune",
    "territory_membership",
    "merchants_merchant",
    "merchants_foodinformation",
    "catalogue_product",
    "order_order",
    "pickup_counteragent",
    "pickup_retentionpolicy",
    "shop_paymentattempt",
    "delivery_vehicle",
    "delivery_courier",
    "delivery_planrun",
    "delivery_round",
    "delivery_slottemplate",
    "delivery_slotexception",
    "delivery_deliveryslot",
    "delivery_feepolicy",
    "delivery_socialtariff",
    "delivery_courieraction",
    "delivery_deliverycode",
    "delivery_deliverynotice",
    "observatory_fact",
    "observatory_roundfact",
    "observatory_rollup",
    "observatory_refreshstate",
    "observatory_namedconsent",
    "counter_mandate",
    "counter_helperaction",
]
# Tables reached through a parent: table → (its column pointing at the parent, the parent table).
THROUGH = {
    "shop_communepostcode": ("commune_id", "shop_commune"),
    "shop_orderterms": ("order_id", "order_order"),
    "merchants_openinghours": ("merchant_id", "merchants_merchant"),
    "merchants_fulfilment": ("merchant_id", "merchants_merchant"),
    "merchants_payoutaccount": ("merchant_id", "merchants_merchant"),
    "merchants_payout": ("merchant_id", "merchants_merchant"),
    "merchants_catalogueimport": ("merchant_id", "merchants_merchant"),
    "partner_stockrecord": ("product_id", "catalogue_product"),
    "order_line": ("order_id", "order_order"),
    "pickup_orderpickup": ("order_id", "order_order"),
    "pickup_parcel": ("order_id", "order_order"),
    "pickup_parcelevent": ("parcel_id", "pickup_parcel"),
    "pickup_codeattempt": ("parcel_id", "pickup_parcel"),
    # Oscar's tables that hang off a product or an order, and the stock holds of a payment.
    "analytics_productrecord": ("product_id", "catalogue_product"),
    "analytics_userproductview": ("product_id", "catalogue_product"),
    "catalogue_productcategory": ("product_id", "catalogue_product"),
    "catalogue_productrecommendation": ("primary_id", "catalogue_product"),
    "catalogue_productattributevalue": ("product_id", "catalogue_product"),
    "catalogue_productimage": ("product_id", "catalogue_product"),
    "partner_stockalert": ("stockrecord_id", "partner_stockrecord"),
    "basket_line": ("product_id", "catalogue_product"),
    "basket_lineattribute": ("line_id", "basket_line"),
    "offer_rangeproduct": ("product_id", "catalogue_product"),
    "customer_productalert": ("product_id", "catalogue_product"),
    "order_ordernote": ("order_id", "order_order"),
    "order_orderstatuschange": ("order_id", "order_order"),
    "order_communicationevent": ("order_id", "order_order"),
    "order_lineprice": ("order_id", "order_order"),
    "order_lineattribute": ("line_id", "order_line"),
    "order_shippingevent": ("order_id", "order_order"),
    "order_shippingeventquantity": ("event_id", "order_shippingevent"),
    "order_paymentevent": ("order_id", "order_order"),
    "order_paymenteventquantity": ("event_id", "order_paymentevent"),
    "order_orderdiscount": ("order_id", "order_order"),
    "order_orderlinediscount": ("line_id", "order_line"),
    "order_surcharge": ("order_id", "order_order"),
    "payment_source": ("order_id", "order_order"),
    "payment_transaction": ("source_id", "payment_source"),
    "voucher_voucherapplication": ("order_id", "order_order"),
    "shop_stockhold": ("stockrecord_id", "partner_stockrecord"),
    "shop_refund": ("attempt_id", "shop_paymentattempt"),
    "delivery_stop": ("round_id", "delivery_round"),
    "delivery_slotbooking": ("slot_id", "delivery_deliveryslot"),
    "delivery_communesurcharge": ("commune_id", "shop_commune"),
    "delivery_orderdeliveryfee": ("order_id", "order_order"),
}

# Residents' personal data that hangs off a row of a territory without carrying it: an address an order points at
# (not the other way round), an address book entry, a sent e-mail or a notification of an account (whose
# Membership names its territory). table → (its column, the SQL function that finds its territory). A row with no
# territory yet (an address written just before its order, in the same transaction; an operator's account) stays
# visible.
REFERENCED = {
    "order_shippingaddress": ("id", "comptoir_shippingaddress_territory"),
    "order_billingaddress": ("id", "comptoir_billingaddress_territory"),
    "address_useraddress": ("user_id", "comptoir_user_territory"),
    "communication_email": ("user_id", "comptoir_user_territory"),
    "communication_notification": ("recipient_id", "comptoir_user_territory"),
}


def referenced_functions_sql() -> str:
    """Owner's functions (SECURITY DEFINER: they see past the policies, to find a row's territory whatever it is)."""
    bodies = {
        "comptoir_shippingaddress_territory": (
            "SELECT territory_id FROM order_order WHERE shipping_address_id = $1 LIMIT 1"
        ),
        "comptoir_billingaddress_territory": (
            "SELECT territory_id FROM order_order WHERE billing_address_id = $1 LIMIT 1"
        ),
        "comptoir_user_territory": "SELECT territory_id FROM territory_membership WHERE user_id = $1 LIMIT 1",
    }
    return "\n".join(
        f"CREATE OR REPLACE FUNCTION {name}(bigint) RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER "
        f"SET search_path = public AS $$ {body} $$;"
        for name, body in bodies.items()
    )


def referenced_sql(table: str, column: str, function: str) -> str:
    found = f'{function}("{table}".{column})'
    return enable_sql(table, f"{found} IS NULL OR {FUNCTION}({found})")


def function_sql() -> str:
    return f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(row_territory bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('comptoir.territory_id', true), '') = 'all'
        OR row_territory::text = current_setting('comptoir.territory_id', true)
$$;
"""


def enable_sql(table: str, condition: str) -> str:
    return (
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY;\n'
        f'DROP POLICY IF EXISTS {POLICY} ON "{table}";\n'
        f'CREATE POLICY {POLICY} ON "{table}" USING ({condition}) WITH CHECK ({condition});\n'
    )


def direct_sql(table: str) -> str:
    return enable_sql(table, f"{FUNCTION}(territory_id)")


def through_sql(table: str, column: str, parent: str) -> str:
    return enable_sql(table, f'EXISTS (SELECT 1 FROM "{parent}" parent WHERE parent.id = "{table}".{column})')


def disable_sql(table: str) -> str:
    return (
        f'DROP POLICY IF EXISTS {POLICY} ON "{table}";\nALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY;\n'
    )


def policies_apply(schema_editor, direct: list[str], through: dict[str, tuple[str, str]]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(function_sql())
    for table in direct:
        schema_editor.execute(direct_sql(table))
    for table, (column, parent) in through.items():
        schema_editor.execute(through_sql(table, column, parent))


def referenced_policies_apply(schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(function_sql())
    schema_editor.execute(referenced_functions_sql())
    for table, (column, function) in REFERENCED.items():
        schema_editor.execute(referenced_sql(table, column, function))


def policies_remove(schema_editor, tables: list[str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in tables:
        schema_editor.execute(disable_sql(table))


def policy_tables(connection) -> set[str]:
    """The tables that have the territory policy, read from the database."""
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_policies WHERE policyname = %s", [POLICY])
        return {row[0] for row in cursor.fetchall()}


def role_grant(connection, *, role: str, password: str = "") -> None:
    """Makes ``role`` a login role bound by the policies, with the rights the shop needs on every table."""
    import re

    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise ValueError("Un nom de rôle s'écrit en minuscules, chiffres et « _ », par exemple comptoir_app.")
    from psycopg import sql

    name = sql.Identifier(role)
    login = sql.SQL("LOGIN PASSWORD {}").format(sql.Literal(password)) if password else sql.SQL("NOLOGIN")
    statements = [
        sql.SQL(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {literal}) THEN "
            "CREATE ROLE {name}; END IF; END $$"
        ).format(literal=sql.Literal(role), name=name),
        sql.SQL("ALTER ROLE {} NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB {}").format(name, login),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(name),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(name),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(name),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {}"
        ).format(name),
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.as_string(cursor.connection))
