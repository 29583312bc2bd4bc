"""Food information before purchase (EU regulation 1169/2011), one row per food product, in its territory."""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models

from territory import rls

DIRECT = ["merchants_foodinformation"]


def policies(apps, schema_editor):
    rls.policies_apply(schema_editor, DIRECT, {})


def no_policies(apps, schema_editor):
    rls.policies_remove(schema_editor, DIRECT)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0035_product_territory"),
        ("merchants", "0009_merchant_territory"),
        ("territory", "0005_row_level_security_personal_data"),
    ]

    operations = [
        migrations.CreateModel(
            name="FoodInformation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("is_food", models.BooleanField(default=False, verbose_name="produit alimentaire")),
                ("ingredients", models.TextField(blank=True, verbose_name="liste des ingrédients")),
                ("allergens", models.JSONField(blank=True, default=list, verbose_name="allergènes")),
                ("no_allergens", models.BooleanField(default=False, verbose_name="aucun des 14 allergènes")),
                (
                    "net_quantity",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=10,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.001"))],
                        verbose_name="quantité nette",
                    ),
                ),
                (
                    "net_quantity_unit",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("g", "g"),
                            ("kg", "kg"),
                            ("ml", "ml"),
                            ("cl", "cl"),
                            ("l", "l"),
                            ("piece", "pièce(s)"),
                        ],
                        max_length=10,
                        verbose_name="unité",
                    ),
                ),
                (
                    "date_type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("use_by", "À consommer jusqu'au (date limite de consommation)"),
                            ("best_before", "À consommer de préférence avant (date de durabilité minimale)"),
                            ("none", "Sans date (fruits et légumes frais, pain du jour…)"),
                        ],
                        max_length=20,
                        verbose_name="type de date",
                    ),
                ),
                (
                    "storage",
                    models.CharField(blank=True, max_length=300, verbose_name="conditions de conservation"),
                ),
                ("origin", models.CharField(blank=True, max_length=200, verbose_name="origine")),
                ("producer_name", models.CharField(blank=True, max_length=200, verbose_name="producteur")),
                (
                    "producer_address",
                    models.CharField(blank=True, max_length=300, verbose_name="adresse du producteur"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "product",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="food_information",
                        to="catalogue.product",
                        verbose_name="produit",
                    ),
                ),
                (
                    "territory",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="territory.territory",
                        verbose_name="territoire",
                    ),
                ),
            ],
            options={
                "verbose_name": "informations alimentaires",
                "verbose_name_plural": "informations alimentaires",
            },
        ),
        migrations.RunPython(policies, no_policies),
    ]
