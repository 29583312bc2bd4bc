"""No page of territory A shows territory B's objects, whoever asks: the generated matrix of every URL × every
role × B's objects finds no leak, and finds one when a territory filter is removed on purpose."""

import pytest
from django.db.models import QuerySet

from merchants.models import Merchant
from tests.territory.isolation import leaks, two_sides, urls_against

pytestmark = pytest.mark.django_db


@pytest.fixture
def sides(settings):
    return two_sides(settings)


def test_the_matrix_covers_every_route_and_its_markers_show_on_their_own_territory(client, sides):
    a, b = sides
    urls = urls_against(b)
    assert len(urls) > 150
    # The markers are what B's own pages show: on B's domain, B's resident sees their order, anyone B's shop.
    client.force_login(b.users["resident"])
    own = client.get(f"/accounts/orders/{b.order.number}/", HTTP_HOST="b.localhost")
    assert own.status_code == 200 and b.order.number in own.content.decode()
    shop = client.get(b.merchant.get_absolute_url(), HTTP_HOST="b.localhost").content.decode()
    assert "Fournil Villeneuve" in shop and "Pruneaux Villeneuve" in shop


def test_no_page_of_territory_a_shows_territory_b_to_any_role(client, sides):
    a, b = sides
    errors = []
    assert leaks(client, a=a, b=b, errors=errors) == []
    assert errors == []


def test_the_matrix_catches_a_territory_filter_removed_on_purpose(client, sides, monkeypatch):
    a, b = sides
    manager_class = type(Merchant.objects)
    monkeypatch.setattr(manager_class, "get_queryset", lambda self: QuerySet(self.model, using=self._db))
    found = leaks(client, a=a, b=b, urls=[url for url in urls_against(b) if url.count("/") <= 3])
    assert any("Fournil Villeneuve" in leak for leak in found), found
