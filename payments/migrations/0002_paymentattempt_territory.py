"""Each payment attempt belongs to the territory it was made in (the existing ones to the oldest territory); its
refunds follow it, and on PostgreSQL the row-level security policies cover both."""

import django.db.models.deletion
from django.db import migrations, models

from territory import rls
from territory.migration_ops import territory_fill


def _territory_field(null: bool):
    return models.ForeignKey(
        null=null,
        editable=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="territory.territory",
        verbose_name="territoire",
    )


def policies(apps, schema_editor):
    rls.policies_apply(schema_editor, ["shop_paymentattempt"], {"shop_refund": ("attempt_id", "shop_paymentattempt")})


def no_policies(apps, schema_editor):
    rls.policies_remove(schema_editor, ["shop_paymentattempt", "shop_refund"])


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_initial"),
        ("territory", "0004_row_level_security_oscar"),
    ]

    operations = [
        migrations.AddField(model_name="paymentattempt", name="territory", field=_territory_field(True)),
        territory_fill("payments", "paymentattempt"),
        migrations.AlterField(model_name="paymentattempt", name="territory", field=_territory_field(False)),
        migrations.RunPython(policies, no_policies),
    ]
