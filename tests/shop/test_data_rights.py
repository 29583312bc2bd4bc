"""« Mes données »: a resident downloads everything the shop keeps about them, as JSON and as CSV files, and never
anyone else's."""

import csv
import io
import json
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from counter import mandates
from counter.models import Mandate
from territory.models import Membership
from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, france, make_product
from tests.merchants.factories import make_order
from tests.pickup.factories import ContactPointFactory, make_counter_agent

pytestmark = pytest.mark.django_db

UserAddress = get_model("address", "UserAddress")


@pytest.fixture
def world():
    territory = TerritoryFactory()
    resident = UserFactory(first_name="Jeanne", last_name="Lafitte", email="jeanne@example.test")
    Membership.objects.update_or_create(user=resident, defaults={"territory": territory})
    UserAddress.objects.create(
        user=resident,
        first_name="Jeanne",
        last_name="Lafitte",
        line1='=HYPERLINK("http://evil.example")',
        line4="Marmande",
        postcode="47200",
        country=france(),
    )
    shop = MerchantFactory(trade_name="Fromagerie Garonne")
    order = make_order(
        [(make_product(merchant=shop, title="Beaufort d'été", price=Decimal("7.40")), 2)], user=resident
    )
    agent = make_counter_agent(contact_point=ContactPointFactory(), first_name="Paul", last_name="Guichet")
    Membership.objects.update_or_create(user=agent, defaults={"territory": territory})
    mandate = mandates.mandate_propose(
        helper=agent,
        resident_id=resident.pk,
        valid_until=timezone.now() + timedelta(days=30),
        consent=Mandate.Consent.SIGNATURE,
    )
    mandates.mandate_agree_by_signature(mandate=mandate, helper=agent, signature="M 1 1 L 2 2 L 3 3 L 4 4")
    beaufort = get_model("catalogue", "Product").objects.get(title="Beaufort d'été")
    get_model("analytics", "UserProductView").objects.create(user=resident, product=beaufort)
    get_model("analytics", "UserSearch").objects.create(user=resident, query="fromage de chèvre")
    other = UserFactory(email="voisin@example.test")
    get_model("analytics", "UserSearch").objects.create(user=other, query="tomme du voisin")
    make_order([(make_product(merchant=shop, title="Tomme des Pyrénées"), 1)], user=other)
    return {"resident": resident, "order": order, "other": other}


def test_the_json_holds_every_section_of_the_residents_data_and_nobody_elses(client, world):
    client.force_login(world["resident"])
    response = client.get(reverse("my-data"), {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"] == [
        {
            "email": "jeanne@example.test",
            "first_name": "Jeanne",
            "last_name": "Lafitte",
            "date_joined": data["account"][0]["date_joined"],
            "last_login": data["account"][0]["last_login"],
            "territory": "Val de Garonne",
        }
    ]
    assert [address["postcode"] for address in data["addresses"]] == ["47200"]
    assert [order["number"] for order in data["orders"]] == [world["order"].number]
    assert data["order_lines"][0]["product"] == "Beaufort d'été" and data["order_lines"][0]["quantity"] == 2
    assert data["order_lines"][0]["shop"] == "Fromagerie Garonne"
    (mandate,) = data["mandates"]
    assert mandate["helper"] == "Paul Guichet" and mandate["state"] == "en vigueur"
    assert mandate["agreed_by"] == "signature à l'écran" and mandate["agreed_at"]
    assert [action["action"] for action in data["helper_actions"]] == [
        "a recueilli votre accord pour le mandat",
        "a proposé un mandat",
    ]
    assert [view["product"] for view in data["products_viewed"]] == ["Beaufort d'été"]
    assert [search["query"] for search in data["searches"]] == ["fromage de chèvre"]
    text = response.content.decode()
    assert (
        "Tomme des Pyrénées" not in text
        and "voisin@example.test" not in text
        and "tomme du voisin" not in text
    )


def test_the_csv_zip_has_one_sheet_per_section_and_no_formula(client, world):
    client.force_login(world["resident"])
    response = client.get(reverse("my-data"), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(
        f"{section}.csv"
        for section in (
            "account",
            "addresses",
            "orders",
            "order_lines",
            "mandates",
            "helper_actions",
            "emails",
            "products_viewed",
            "searches",
        )
    )
    lines = archive.read("order_lines.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(lines), delimiter=";"))
    assert rows[0]["product"] == "Beaufort d'été" and rows[0]["quantity"] == "2"
    addresses = list(
        csv.DictReader(io.StringIO(archive.read("addresses.csv").decode("utf-8-sig")), delimiter=";")
    )
    assert addresses[0]["line1"].startswith("'=HYPERLINK")


def test_the_page_lists_both_downloads_and_refuses_another_format(client, world):
    assert client.get(reverse("my-data")).status_code == 302  # to the login page
    client.force_login(world["resident"])
    page = client.get(reverse("my-data")).content.decode()
    assert "Télécharger mes données (JSON)" in page and "?format=csv" in page
    response = client.get(reverse("my-data"), {"format": "xml"})
    assert response.status_code == 400 and "Ce format n" in response.content.decode()
