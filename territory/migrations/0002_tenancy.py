"""Territories become tenants: each has a slug (its /t/<slug>/ address) and may have a domain; every account
belongs to one territory (the existing ones to the oldest territory, the one the single-territory shop ran)."""

import django.db.models.deletion
import territory.models
from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify


def slugs_fill(apps, schema_editor):
    Territory = apps.get_model("territory", "Territory")
    taken = set()
    for territory in Territory.objects.order_by("pk"):
        base = slugify(territory.name)[:50] or "territoire"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        Territory.objects.filter(pk=territory.pk).update(slug=slug)


def memberships_fill(apps, schema_editor):
    Territory = apps.get_model("territory", "Territory")
    Membership = apps.get_model("territory", "Membership")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    first = Territory.objects.order_by("pk").first()
    if first is None:
        return
    Membership.objects.bulk_create(
        [
            Membership(user_id=user_id, territory_id=first.pk)
            for user_id in User.objects.filter(is_superuser=False).values_list("pk", flat=True)
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="territory",
            name="slug",
            field=models.SlugField(max_length=60, null=True, db_index=False, verbose_name="identifiant"),
        ),
        migrations.RunPython(slugs_fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="territory",
            name="slug",
            field=models.SlugField(
                error_messages={"unique": "Un territoire porte déjà cet identifiant."},
                help_text="Sert d'adresse de repli sur le domaine du déploiement : /t/ suivi de l'identifiant, par exemple /t/villeneuve-sur-lot/.",
                max_length=60,
                unique=True,
                verbose_name="identifiant",
            ),
        ),
        migrations.AddField(
            model_name="territory",
            name="domain",
            field=models.CharField(
                blank=True,
                error_messages={"unique": "Un territoire est déjà servi sur ce nom de domaine."},
                help_text="Le nom de domaine sur lequel le territoire est servi, par exemple marmande.comptoir.fr.",
                max_length=200,
                null=True,
                unique=True,
                validators=[territory.models.domain_name],
                verbose_name="nom de domaine",
            ),
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "territory",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="territory.territory",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="territory_membership",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "appartenance à un territoire",
                "verbose_name_plural": "appartenances aux territoires",
            },
        ),
        migrations.RunPython(memberships_fill, migrations.RunPython.noop),
    ]
