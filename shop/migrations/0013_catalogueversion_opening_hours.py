from django.db import migrations

# A shop's page shows its opening hours beside its products: changing them raises the catalogue's version too
# (shop.models.CatalogueVersion, the triggers of 0012), so the cached page shows the new hours at once.
TABLE = "merchants_openinghours"


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TRIGGER comptoir_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {TABLE} FOR EACH STATEMENT EXECUTE FUNCTION comptoir_catalogue_changed()"
            )
        elif connection.vendor == "sqlite":
            for event in ("INSERT", "UPDATE", "DELETE"):
                cursor.execute(
                    f"CREATE TRIGGER comptoir_catalogue_{event.lower()}_{TABLE} AFTER {event} ON {TABLE} "
                    f"BEGIN INSERT INTO shop_catalogueversion (scope, version) VALUES (0, 1) "
                    f"ON CONFLICT (scope) DO UPDATE SET version = version + 1; END"
                )


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS comptoir_catalogue_changed ON {TABLE}")
        elif connection.vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS comptoir_catalogue_{event}_{TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0012_catalogueversion"),
        ("merchants", "0011_merchant_logo"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
