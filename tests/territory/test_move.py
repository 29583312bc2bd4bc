"""The territory's move out of the shop app keeps its rows and its permissions: only Django's state moved."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("shop", "0009_order_terms"), ("territory", None)]


@pytest.mark.django_db(transaction=True)
def test_the_territorys_rows_and_the_municipalitys_permission_survive_the_move_to_its_own_app():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(
            [
                ("shop", "0009_order_terms"),
                ("contenttypes", "0002_remove_content_type_name"),
                ("auth", "0012_alter_user_first_name_max_length"),
            ]
        ).apps
        territory = old.get_model("shop", "Territory").objects.create(name="Val de Garonne")
        old.get_model("shop", "Commune").objects.create(
            territory=territory, insee_code="47157", name="Marmande"
        )
        content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="shop", model="territory"
        )[0]
        permission = old.get_model("auth", "Permission").objects.get_or_create(
            content_type=content_type, codename="change_territory", defaults={"name": "Can change territoire"}
        )[0]
        group = old.get_model("auth", "Group").objects.create(name="Mairie (test du déplacement)")
        group.permissions.add(permission)
    finally:
        MigrationExecutor(connection).migrate(latest)

    from django.contrib.auth.models import Group

    from territory.models import Commune, Territory

    moved = Territory.objects.get(name="Val de Garonne")
    assert list(Commune.objects.filter(territory=moved).values_list("name", flat=True)) == ["Marmande"]
    group = Group.objects.get(name="Mairie (test du déplacement)")
    assert list(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("territory", "change_territory")
    ]
