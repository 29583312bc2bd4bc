from django.db import migrations, models

# What the catalogue's pages show comes from these tables (shop.models.CatalogueVersion).
WATCHED = [
    "catalogue_product",
    "catalogue_productclass",
    "catalogue_productimage",
    "catalogue_productcategory",
    "catalogue_category",
    "catalogue_productattributevalue",
    "catalogue_productrecommendation",
    "partner_stockrecord",
    "shop_stockhold",
    "merchants_merchant",
    "merchants_foodinformation",
]

# PostgreSQL: a statement trigger raises the counter in the statement's own transaction, so a reader sees the new
# counter exactly when it sees the new rows, and a bulk UPDATE of ten thousand rows raises it once. The scope is the
# territory the connection works for (territory.tenancy's comptoir.territory_id), 0 for work across territories.
# SECURITY DEFINER: the shop's database role need not own the counter.
POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION comptoir_catalogue_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    setting text := coalesce(current_setting('comptoir.territory_id', true), '');
    changed_scope integer := 0;
BEGIN
    IF setting ~ '^[0-9]{1,9}$' THEN
        changed_scope := setting::integer;
    END IF;
    INSERT INTO shop_catalogueversion (scope, version) VALUES (changed_scope, 1)
    ON CONFLICT (scope) DO UPDATE SET version = shop_catalogueversion.version + 1;
    RETURN NULL;
END $$;
"""


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
            for table in WATCHED:
                cursor.execute(
                    f"CREATE TRIGGER comptoir_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION comptoir_catalogue_changed()"
                )
        elif connection.vendor == "sqlite":
            for table in WATCHED:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER comptoir_catalogue_{event.lower()}_{table} AFTER {event} ON {table} "
                        f"BEGIN INSERT INTO shop_catalogueversion (scope, version) VALUES (0, 1) "
                        f"ON CONFLICT (scope) DO UPDATE SET version = version + 1; END"
                    )


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in WATCHED:
                cursor.execute(f"DROP TRIGGER IF EXISTS comptoir_catalogue_changed ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS comptoir_catalogue_changed()")
        elif connection.vendor == "sqlite":
            for table in WATCHED:
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS comptoir_catalogue_{event}_{table}")


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0011_move_payments_out"),
        ("catalogue", "0037_search_trigram_indexes"),
        ("partner", "0007_partneraddress_code"),
        ("payments", "0002_paymentattempt_territory"),
        ("merchants", "0010_foodinformation"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueVersion",
            fields=[
                ("scope", models.PositiveIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={"db_table": "shop_catalogueversion"},
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
