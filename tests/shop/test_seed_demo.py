import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import F
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from core import vat
from merchants.models import Merchant, OpeningHours
from merchants.validators import siret_is_valid
from pickup.models import ContactPoint
from territory.models import Commune, Territory

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
ProductImage = get_model("catalogue", "ProductImage")

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Territory.objects.count(),
        Commune.objects.count(),
        Merchant.objects.count(),
        OpeningHours.objects.count(),
        Product.objects.count(),
        StockRecord.objects.count(),
        ContactPoint.objects.count(),
    )


def test_seed_demo_loads_the_val_de_garonne_and_is_idempotent(capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first

    territory = Territory.objects.get(slug="val-de-garonne")
    assert territory.name == "Val de Garonne" and territory.domain == "valdegaronne.localhost"
    assert territory.communes.filter(insee_code="47157", postcodes__postcode="47200").exists()
    assert territory.communes.filter(insee_code="47310").exists()  # Tonneins

    merchants = Merchant.objects.filter(status=Merchant.Status.APPROVED, territory=territory)
    assert merchants.count() >= 20
    assert len(set(merchants.values_list("sector", flat=True))) >= 15
    assert all(siret_is_valid(siret) for siret in merchants.values_list("siret", flat=True))
    communes = set(territory.communes.values_list("insee_code", flat=True))
    assert set(merchants.values_list("insee_code", flat=True)) <= communes
    assert not merchants.filter(latitude__isnull=True).exists()

    products = Product.objects.filter(territory=territory)
    assert products.count() >= 500
    assert StockRecord.objects.filter(price__gt=0, num_in_stock__gt=0).count() == Product.objects.count()
    assert ProductImage.objects.count() == Product.objects.count()
    assert set(products.values_list("product_class__vat_rate", flat=True)) == set(vat.RATES)
    assert products.filter(title__startswith="Pâtes fraîches").exists()

    # La Poste's real contact points around Marmande, such as the bureau de poste on rue de la Libération.
    assert ContactPoint.objects.filter(site_id="08749A", city="MARMANDE", type="Bureau de Poste").exists()
    assert ContactPoint.objects.count() >= 26

    for email in [
        "habitante@comptoir.test",
        "commercant@comptoir.test",
        "livreur@comptoir.test",
        "guichet@comptoir.test",
        "mairie@comptoir.test",
    ]:
        assert authenticate(username=email, password="comptoir-demo") is not None, email
        assert email in output

    # The delivery fleet: the demo courier drives the refrigerated van, two more couriers a cargo bike and a car.
    from delivery.models import Courier

    fleet = {c.user.email: c.vehicle for c in Courier.objects.select_related("user", "vehicle")}
    assert fleet["livreur@comptoir.test"].refrigerated
    assert {vehicle.kind for vehicle in fleet.values()} >= {"electric_van", "cargo_bike", "car"}
    assert "livreur.velo@comptoir.test" in output


@pytest.mark.django_db(False)
@pytest.mark.parametrize("demo", ["val-de-garonne", "villeneuve-sur-lot"])
def test_the_demo_catalogue_is_in_the_merchants_import_format(demo):
    import json

    from merchants.catalogue_csv import COLUMNS, catalogue_file_check, catalogue_rows_parse
    from shop.demo.seed import DEMO_TERRITORIES

    data_dir = next(territory.data_dir for territory in DEMO_TERRITORIES if territory.slug == demo)
    merchants = json.loads((data_dir / "merchants.json").read_text("utf-8"))
    files = sorted(path.name for path in (data_dir / "catalogue").glob("*.csv"))
    assert sorted(merchant["catalogue"] for merchant in merchants) == files
    for name in files:
        raw = (data_dir / "catalogue" / name).read_bytes()
        assert raw.decode("utf-8").splitlines()[0] == ";".join(COLUMNS)
        rows, rejected = catalogue_rows_parse(text=raw.decode("utf-8"))
        assert rejected == [] and len(rows) == catalogue_file_check(raw=raw), name
        assert all(row.image for row in rows), name


def test_the_demo_counter_agent_works_at_the_point_the_demo_resident_is_offered_first(client):
    from django.contrib.sites.models import Site
    from django.urls import reverse
    from oscar.core.loading import get_model

    from core import links
    from pickup.models import CounterAgent
    from tests.factories import RESIDENT_ADDRESS

    call_command("seed_demo", merchants=2, products_per_merchant=2)

    # The resident orders as the demo invites her to: her saved address, a contact point.
    resident = get_model("address", "UserAddress").objects.get(user__email="habitante@comptoir.test")
    # A product still on the shelf: the demo's day of orders holds some of the stock.
    product = Product.objects.filter(
        territory__slug="val-de-garonne",
        stockrecords__num_in_stock__gt=Coalesce(F("stockrecords__num_allocated"), 0),
    ).first()
    client.force_login(resident.user)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(
        reverse("checkout:shipping-address"),
        {**RESIDENT_ADDRESS, "line1": resident.line1, "line4": resident.line4, "postcode": resident.postcode},
    )
    client.post(reverse("checkout:shipping-method"), {"method_code": "contact-point"})
    offered = client.get(reverse("checkout:pickup-point")).context["choices"]
    agent = CounterAgent.objects.get(user__email="guichet@comptoir.test")
    assert offered and agent.contact_point == offered[0]["point"]

    # E-mails sign with the territory's name and link to the shop's public address.
    site = Site.objects.get_current()
    assert (site.domain, site.name) == (links.site_domain(), "Val de Garonne")


def test_the_demo_serves_two_territories_on_their_host_names_and_each_sees_only_its_own(client, settings):
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]
    call_command("seed_demo", merchants=2, products_per_merchant=2)
    garonne = Territory.objects.get(slug="val-de-garonne")
    villeneuve = Territory.objects.get(slug="villeneuve-sur-lot")
    assert villeneuve.communes.filter(insee_code="47323", postcodes__postcode="47300").exists()
    assert not set(garonne.communes.values_list("insee_code", flat=True)) & set(
        villeneuve.communes.values_list("insee_code", flat=True)
    )

    on_garonne = client.get("/commercants/", HTTP_HOST="valdegaronne.localhost").content.decode()
    on_villeneuve = client.get("/commercants/", HTTP_HOST="villeneuve.localhost").content.decode()
    by_prefix = client.get("/t/villeneuve-sur-lot/commercants/").content.decode()
    assert "Au Fournil de la Bastide" in on_garonne and "Boulangerie du Pont-Vieux" not in on_garonne
    assert "Boulangerie du Pont-Vieux" in on_villeneuve and "Au Fournil de la Bastide" not in on_villeneuve
    assert "Boulangerie du Pont-Vieux" in by_prefix and 'href="/t/villeneuve-sur-lot/basket/"' in by_prefix
    # The single-territory address still serves Val de Garonne.
    assert "Au Fournil de la Bastide" in client.get("/commercants/").content.decode()

    # Each territory's accounts sign in on their own territory only.
    form = {
        "login-username": "habitant.villeneuve@comptoir.test",
        "login-password": "comptoir-demo",
        "login_submit": "1",
    }
    assert client.post("/accounts/login/", form, HTTP_HOST="valdegaronne.localhost").status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.post("/accounts/login/", form, HTTP_HOST="villeneuve.localhost").status_code == 302
    assert "_auth_user_id" in client.session
