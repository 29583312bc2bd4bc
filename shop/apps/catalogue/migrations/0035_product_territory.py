"""Each product belongs to a territory; the existing ones to the oldest territory."""

import django.db.models.deletion
from django.db import migrations, models

from territory.migration_ops import territory_fill


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0034_sanitise_descriptions"),
        ("territory", "0002_tenancy"),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="territory",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territory.territory",
                verbose_name="territoire",
            ),
        ),
        territory_fill("catalogue", "product"),
        migrations.AlterField(
            model_name="product",
            name="territory",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territory.territory",
                verbose_name="territoire",
            ),
        ),
    ]
