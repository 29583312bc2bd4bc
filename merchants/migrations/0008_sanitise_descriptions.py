"""Merchant presentations written before the sanitiser go through its allowlist once (issue 9)."""

from django.db import migrations


def sanitise_descriptions(apps, schema_editor):
    from core.text import html_sanitise

    Merchant = apps.get_model("merchants", "Merchant")
    for merchant in Merchant.objects.exclude(description="").only("pk", "description"):
        clean = html_sanitise(merchant.description)
        if clean != merchant.description:
            Merchant.objects.filter(pk=merchant.pk).update(description=clean)


class Migration(migrations.Migration):
    dependencies = [
        ("merchants", "0007_fulfilment_collection_at"),
    ]

    operations = [migrations.RunPython(sanitise_descriptions, migrations.RunPython.noop)]
