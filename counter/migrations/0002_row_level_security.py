from django.db import migrations

from territory import rls

DIRECT = ["counter_mandate", "counter_helperaction"]


def policies(apps, schema_editor):
    rls.policies_apply(schema_editor, DIRECT, {})


def no_policies(apps, schema_editor):
    rls.policies_remove(schema_editor, DIRECT)


class Migration(migrations.Migration):
    dependencies = [
        ("counter", "0001_initial"),
        ("territory", "0004_row_level_security_oscar"),
    ]

    operations = [migrations.RunPython(policies, no_policies)]
