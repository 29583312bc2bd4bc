"""Every 404 and 403 is a page of the shop, in its language, that says what to do next; never Django's bare one."""

import pytest
from django.urls import reverse

from tests.factories import TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False
    TerritoryFactory()


def test_an_unknown_address_gets_the_shops_404_in_french_with_where_to_go(client):
    response = client.get("/une-adresse-inconnue/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page introuvable | Val de Garonne</title>" in html
    assert 'id="site-search"' in html  # the header, with the search, is there
    for url in (reverse("search:search"), reverse("catalogue:index"), reverse("merchants:directory")):
        assert f'href="{url}"' in html
    assert "Not Found" not in html


def test_the_404_speaks_english_when_asked(client):
    client.cookies["django_language"] = "en"
    html = client.get("/an-unknown-address/").content.decode()
    assert "Page not found" in html and "see all products" in html
    assert "introuvable" not in html and "Tous les produits" not in html


def test_a_resident_on_a_staff_page_gets_the_shops_403_with_what_to_do(client):
    resident = UserFactory(email="camille@example.test")
    client.force_login(resident)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accès refusé" in html and "camille@example.test" in html
    assert f'href="{reverse("customer:logout")}"' in html
    assert "403 Forbidden" not in html
