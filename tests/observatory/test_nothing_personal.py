"""Nothing personal leaves the observatory (issue 12, item 5): residents with names, e-mails and streets found
nowhere else, one of them alone in their commune, are refreshed into the observatory; then every page, export and
report it serves, to the municipality and to a merchant, is searched for any of those strings, for the lone
resident's postcode and for every order's number."""

from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from oscar.core.loading import get_model

from observatory.report import SPECS
from observatory.services import rollups_refresh
from territory.models import Commune, CommunePostcode
from tests.factories import UserFactory, make_merchant_user
from tests.merchants.factories import make_order
from tests.observatory.world import D, at, build_world

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
LONE_POSTCODE = "47350"


def personalise(world) -> list[str]:
    """Gives every resident and every delivery address strings of their own; the words to search for."""
    for i, resident in enumerate(world.residents):
        resident.first_name, resident.last_name = f"Anatolie{i}", f"Virebouc{i}"
        resident.email = f"anatolie{i}.virebouc@courriel-prive.test"
        resident.save()
    lone = UserFactory(
        first_name="Philomène", last_name="Escarbille", email="philomene.escarbille@courriel-prive.test"
    )
    seyches = Commune.objects.create(
        territory=world.territory, insee_code="47300", name="Seyches", latitude=44.55, longitude=0.30
    )
    CommunePostcode.objects.create(commune=seyches, postcode=LONE_POSTCODE)
    shop_a = world.merchants["A"]
    product = shop_a.partner.stockrecords.first().product
    order = make_order([(product, 1)], user=lone, placed=at(D, 11))
    order.shipping_address.line4, order.shipping_address.postcode = "Seyches", LONE_POSTCODE
    order.shipping_address.save()
    for order in Order.objects.select_related("shipping_address", "user"):
        address = order.shipping_address
        if address is not None:
            address.first_name, address.last_name = order.user.first_name, order.user.last_name
            address.line1 = "7 impasse des Grillons-Virebouc"
            address.phone_number = "+33553999123"
            address.save()
    return [
        "Virebouc",
        "virebouc",
        "Anatolie",
        "courriel-prive",
        "Philomène",
        "Escarbille",
        "Grillons",
        "553999123",
        LONE_POSTCODE,
        *Order.objects.values_list("number", flat=True),
    ]


def municipality_user():
    user = UserFactory(is_staff=True, first_name="Hélène", last_name="Mairie", email="mairie@example.test")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="territory", codename="change_territory")
    )
    return user


def test_no_name_address_email_postcode_or_order_number_reaches_any_observatory_response(client):
    world = build_world(refresh=False)
    secrets = personalise(world)
    rollups_refresh(territory_id=world.territory.pk, full=True)
    queries = [
        {"periode": "jour", "date": D.isoformat()},
        {"periode": "semaine", "date": D.isoformat()},
        {"periode": "mois", "date": D.isoformat()},
        {"periode": "annee", "date": D.isoformat()},
    ]
    client.force_login(municipality_user())
    responses = {}
    for query in queries:
        responses[f"index {query['periode']}"] = client.get(reverse("observatory:index"), query)
        for code in SPECS:
            url = reverse("observatory:export", kwargs={"code": code})
            responses[f"{code}.csv {query['periode']}"] = client.get(url, query)
    responses["report"] = client.get(reverse("observatory:report"), {"date": D.strftime("%Y-%m")})
    client.force_login(make_merchant_user(world.merchants["A"], first_name="Marchande", last_name="Fournil"))
    for query in queries:
        responses[f"merchant {query['periode']}"] = client.get(reverse("merchant-observatory:index"), query)

    communes_seen = False
    for name, response in responses.items():
        assert response.status_code == 200, name
        text = unescape(response.content.decode("utf-8"))
        for secret in secrets:
            assert secret not in text, f"{secret!r} in {name}"
        communes_seen |= "Seyches" in text
    # The lone resident's commune is listed (a commune is public), their figures there are not.
    assert communes_seen
    lone_line = next(
        line
        for line in responses["communes.csv jour"].content.decode("utf-8-sig").splitlines()
        if line.startswith("Seyches;")
    )
    assert lone_line.split(";")[2] == "" and "Secret statistique" in lone_line
