"""The national operator lists the territories and creates one, online at once on its domain and its prefix."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from territory.models import Territory
from tests.factories import TerritoryFactory, UserFactory, make_merchant_user

pytestmark = pytest.mark.django_db


def test_territory_create_puts_a_territory_online_at_once_on_its_domain_and_prefix(client, settings, capsys):
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]
    TerritoryFactory()
    # Asked before it exists: unknown there, and that answer must not stay cached.
    assert client.get("/t/villeneuve-sur-lot/").status_code == 404
    call_command(
        "territory_create",
        name="Villeneuve-sur-Lot",
        slug="villeneuve-sur-lot",
        domain="villeneuve.localhost",
        communes=["47323", "47027"],
    )
    assert "Villeneuve-sur-Lot" in capsys.readouterr().out
    territory = Territory.objects.get(slug="villeneuve-sur-lot")
    assert set(territory.communes.values_list("insee_code", flat=True)) == {"47323", "47027"}
    assert territory.latitude == pytest.approx(44.42, abs=0.05)
    for response in (client.get("/", HTTP_HOST="villeneuve.localhost"), client.get("/t/villeneuve-sur-lot/")):
        assert response.status_code == 200
        assert "Villeneuve-sur-Lot" in response.content.decode()


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"slug": "val-de-garonne", "communes": ["47323"]}, "porte déjà cet identifiant"),
        ({"slug": "autre", "communes": ["99999"]}, "INSEE"),
        ({"slug": "Pas un slug!", "communes": ["47323"]}, "lettres"),
        ({"slug": "autre", "domain": "http://x.fr/", "communes": ["47323"]}, "domaine"),
    ],
)
def test_territory_create_refuses_bad_input_in_french_and_writes_nothing(arguments, message):
    TerritoryFactory()
    before = Territory.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("territory_create", name="Autre", **arguments)
    assert Territory.objects.count() == before


def test_only_the_operators_superusers_see_and_create_territories(client):
    territory = TerritoryFactory()
    url = reverse("shop-dashboard:territories")
    mayor = UserFactory(is_staff=True)
    from tests.factories import MerchantFactory

    for user in (mayor, make_merchant_user(MerchantFactory())):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert f'href="{url}"' not in client.get(reverse("dashboard:index")).content.decode()
        assert client.post(url, {"name": "X", "slug": "x", "communes": "47323"}).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the login page

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(url)
    assert page.status_code == 200 and territory.name in page.content.decode()
    assert f'href="{url}"' in client.get(reverse("dashboard:index")).content.decode()  # in the menu
    bad = client.post(url, {"name": "X", "slug": "x", "communes": "abc"})
    assert bad.status_code == 400 and "INSEE" in bad.content.decode()
    created = client.post(
        url, {"name": "Villeneuve-sur-Lot", "slug": "villeneuve-sur-lot", "communes": "47323"}
    )
    assert created.status_code == 302
    assert Territory.objects.filter(slug="villeneuve-sur-lot", communes__insee_code="47323").exists()
