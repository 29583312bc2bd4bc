from django.db import migrations

from territory import rls

DIRECT = ["delivery_vehicle", "delivery_courier", "delivery_planrun", "delivery_round"]
THROUGH = {"delivery_stop": ("round_id", "delivery_round")}


def policies(apps, schema_editor):
    rls.policies_apply(schema_editor, DIRECT, THROUGH)


def no_policies(apps, schema_editor):
    rls.policies_remove(schema_editor, [*DIRECT, *THROUGH])


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0001_initial"),
        ("territory", "0004_row_level_security_oscar"),
    ]

    operations = [migrations.RunPython(policies, no_policies)]
