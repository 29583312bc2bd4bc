"""Row-level security on PostgreSQL: each territory-owned table shows a connection only its territory's rows
(territory/rls.py). Nothing on SQLite, the embedded default, which has no roles."""

from django.db import migrations

from territory import rls

DIRECT = [
    "shop_commune",
    "territory_membership",
    "merchants_merchant",
    "catalogue_product",
    "order_order",
    "pickup_counteragent",
    "pickup_retentionpolicy",
]
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
}


def forwards(apps, schema_editor):
    rls.policies_apply(schema_editor, DIRECT, THROUGH)


def backwards(apps, schema_editor):
    rls.policies_remove(schema_editor, DIRECT + list(THROUGH))


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0002_tenancy"),
        ("merchants", "0009_merchant_territory"),
        ("catalogue", "0035_product_territory"),
        ("order", "0022_order_territory"),
        ("pickup", "0004_territory"),
        ("partner", "0007_partneraddress_code"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
