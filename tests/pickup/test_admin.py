import pytest
from django.urls import reverse

from pickup.models import ContactPoint, IndexState
from tests.pickup.factories import ContactPointFactory

pytestmark = pytest.mark.django_db


def test_an_admin_edit_refreshes_every_process_index_and_points_are_never_deleted(admin_client):
    point = ContactPointFactory(name="MARMANDE BP")
    before = IndexState.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    url = reverse("admin:pickup_contactpoint_change", args=[point.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update({"name": "MARMANDE BUREAU", "is_active": False})
    response = admin_client.post(
        url, {k: ("" if v is None else v) for k, v in data.items() if v is not False}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    point.refresh_from_db()
    assert (point.name, point.is_active) == ("MARMANDE BUREAU", False)
    assert IndexState.objects.get(pk=1).version == before + 1
    assert admin_client.post(reverse("admin:pickup_contactpoint_delete", args=[point.pk])).status_code == 403
    assert ContactPoint.objects.filter(pk=point.pk).exists()
