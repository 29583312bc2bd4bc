"""A resident's account belongs to the territory it registered on, and signs in there only."""

import pytest

from territory.models import Membership
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_an_account_registered_on_a_territory_belongs_to_it_and_signs_in_there_only(client, settings):
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]
    TerritoryFactory(domain="valdegaronne.localhost")
    villeneuve = TerritoryFactory(
        name="Villeneuve-sur-Lot", domain="villeneuve.localhost", with_marmande=False
    )
    registered = client.post(
        "/accounts/login/",
        {
            "registration-email": "louis@example.test",
            "registration-password1": "un-mot-de-passe-solide-47",
            "registration-password2": "un-mot-de-passe-solide-47",
            "registration_submit": "1",
        },
        HTTP_HOST="villeneuve.localhost",
    )
    assert registered.status_code == 302
    assert Membership.objects.get(user__email="louis@example.test").territory == villeneuve
    # Signed in on Villeneuve; a visitor on Val de Garonne.
    assert client.get("/accounts/profile/", HTTP_HOST="villeneuve.localhost").status_code == 200
    assert client.get("/accounts/profile/", HTTP_HOST="valdegaronne.localhost").status_code == 302
    client.logout()
    form = {
        "login-username": "louis@example.test",
        "login-password": "un-mot-de-passe-solide-47",
        "login_submit": "1",
    }
    assert client.post("/accounts/login/", form, HTTP_HOST="valdegaronne.localhost").status_code == 200
    assert client.post("/accounts/login/", form, HTTP_HOST="villeneuve.localhost").status_code == 302
