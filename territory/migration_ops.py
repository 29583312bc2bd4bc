"""What the migrations that make a table territory-owned share: its existing rows go to the oldest territory (the
one the single-territory shop ran), which is made if rows exist and no territory does."""

from django.db import migrations


def _first_territory_id(apps):
    Territory = apps.get_model("territory", "Territory")
    first = Territory.objects.order_by("pk").first()
    if first is None:
        first = Territory.objects.create(name="Territoire", slug="territoire")
    return first.pk


def territory_fill(app_label: str, model_name: str) -> migrations.RunPython:
    def fill(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        rows = model._base_manager.filter(territory__isnull=True)
        if rows.exists():
            rows.update(territory_id=_first_territory_id(apps))

    return migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)
