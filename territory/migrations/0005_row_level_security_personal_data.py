"""Row-level security for the residents' personal data that hangs off a territory's row without carrying it: the
addresses an order points at, the address book, the e-mails and notifications sent to an account (its Membership's territory)."""

from django.db import migrations

from territory import rls


def policies(apps, schema_editor):
    rls.referenced_policies_apply(schema_editor)


def no_policies(apps, schema_editor):
    rls.policies_remove(schema_editor, list(rls.REFERENCED))


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0004_row_level_security_oscar"),
        ("order", "0022_order_territory"),
        ("address", "0007_useraddress_code"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(policies, no_policies)]
