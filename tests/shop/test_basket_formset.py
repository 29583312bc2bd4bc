"""A crafted basket formset gets a 400 with a French message, never a 500 (issue 9, item 6)."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, make_product

Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db


@pytest.fixture
def basket_line(client):
    TerritoryFactory()
    product = make_product(merchant=MerchantFactory(), title="Pruneaux d'Agen")
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2})
    line = Basket.objects.get().lines.get()
    return line


def management(total, initial=1, **extra) -> dict:
    return {"form-TOTAL_FORMS": str(total), "form-INITIAL_FORMS": str(initial), **extra}


@pytest.mark.parametrize(
    "data",
    [
        management(99999999),
        management(99999999, **{"form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}),
        management(2),
        management(1, **{"form-0-id": "1", "form-0-quantity": "1", "form-0-DELETE": "on"}),
        management("beaucoup", **{"form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}),
        {},
    ],
    ids=["huge-without-min", "huge-with-min", "extra-form-without-min", "delete-without-min", "nan", "empty"],
)
def test_crafted_basket_formset_answers_400_in_french(client, basket_line, data):
    response = client.post(reverse("basket:summary"), data)

    assert response.status_code == 400
    assert "Le formulaire du panier est incomplet ou altéré" in response.content.decode()
    basket_line.refresh_from_db()
    assert basket_line.quantity == 2


def test_basket_page_as_a_browser_sends_it_still_updates_the_quantity(client, basket_line):
    page = client.get(reverse("basket:summary"))
    formset = page.context["formset"]
    data = {field.html_name: field.value() for field in formset.management_form}
    data.update({"form-0-id": str(basket_line.pk), "form-0-quantity": "3"})
    assert {"form-MIN_NUM_FORMS", "form-MAX_NUM_FORMS"} <= set(data)

    response = client.post(reverse("basket:summary"), data)

    assert response.status_code == 302
    basket_line.refresh_from_db()
    assert basket_line.quantity == 3


def test_a_line_removed_in_another_tab_is_not_a_crafted_formset(client, basket_line):
    data = management(2, initial=2, **{"form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"})
    data.update({"form-0-id": str(basket_line.pk), "form-0-quantity": "1"})

    response = client.post(reverse("basket:summary"), data)

    assert response.status_code in (200, 302)


def test_crafted_saved_basket_formset_answers_400(client, basket_line):
    client.force_login(UserFactory())

    response = client.post(
        reverse("basket:saved"), {"saved-TOTAL_FORMS": "99999999", "saved-INITIAL_FORMS": "0"}
    )

    assert response.status_code == 400
