"""Counter agents and retention periods belong to a territory (each sets its own); the existing ones to the oldest."""

import django.db.models.deletion
from django.db import migrations, models

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


class Migration(migrations.Migration):
    dependencies = [
        ("pickup", "0003_parcel_cancelled"),
        ("territory", "0002_tenancy"),
    ]

    operations = [
        migrations.AddField(model_name="counteragent", name="territory", field=_territory_field(True)),
        migrations.AddField(model_name="retentionpolicy", name="territory", field=_territory_field(True)),
        territory_fill("pickup", "counteragent"),
        territory_fill("pickup", "retentionpolicy"),
        migrations.AlterField(model_name="counteragent", name="territory", field=_territory_field(False)),
        migrations.AlterField(model_name="retentionpolicy", name="territory", field=_territory_field(False)),
        migrations.AlterField(
            model_name="retentionpolicy",
            name="category",
            field=models.CharField(
                choices=[
                    ("bureau", "Bureau de poste"),
                    ("agence", "Agence postale"),
                    ("relais", "Relais poste"),
                    ("autre", "Autre point"),
                ],
                max_length=10,
                verbose_name="catégorie de point",
            ),
        ),
        migrations.AddConstraint(
            model_name="retentionpolicy",
            constraint=models.UniqueConstraint(
                fields=("territory", "category"), name="unique_retention_per_territory"
            ),
        ),
    ]
