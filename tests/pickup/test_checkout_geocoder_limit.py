"""The checkout's contact-point search (`recherche=`) is limited per client before a web geocoder is asked
(issue 9, item 6): the page answers 429 with a French message and Retry-After."""

import pytest
from django.urls import reverse

from tests.core.test_geocoding import ban, fake_service  # noqa: F401  (fixtures: a local fake of the BAN)
from tests.pickup.test_checkout_pickup import basket_ready, choose_pickup, points  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_too_many_searches_answer_429_in_french_and_ask_the_geocoder_no_more(
    basket_ready,  # noqa: F811
    points,  # noqa: F811
    settings,
    ban,  # noqa: F811
):
    settings.GEOCODER_RATE_LIMIT = "3/minute"
    assert choose_pickup(basket_ready).status_code == 200  # the delivery address: one call
    url = reverse("checkout:pickup-point")

    found = basket_ready.get(url, {"recherche": "2 rue Abel Boyé 47200 Marmande"})
    again = basket_ready.get(url, {"recherche": "3 rue Abel Boyé 47200 Marmande"})
    limited = basket_ready.get(url, {"recherche": "4 rue Abel Boyé 47200 Marmande"})

    assert (found.status_code, again.status_code) == (200, 200)
    assert found.context["choices"]
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    html = limited.content.decode()
    assert "Trop de recherches d&#x27;adresse : réessayez dans" in html
    assert limited.context["choices"] == []
    assert len(ban.requests) == 3
    # What the geocoder already answered is still served, and the point can still be chosen.
    assert basket_ready.get(url, {"recherche": "2 rue Abel Boyé 47200 Marmande"}).status_code == 200
    point = found.context["choices"][0]["point"]
    assert basket_ready.post(url, {"point": point.pk}).status_code == 302
    assert len(ban.requests) == 3


def test_with_the_offline_geocoder_searches_are_not_limited(basket_ready, points, settings):  # noqa: F811
    settings.GEOCODER_RATE_LIMIT = "1/minute"
    choose_pickup(basket_ready)
    url = reverse("checkout:pickup-point")

    statuses = [
        basket_ready.get(url, {"recherche": code}).status_code for code in ("47200", "47180", "47400")
    ]

    assert statuses == [200, 200, 200]
