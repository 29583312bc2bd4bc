"""Oscar's dashboard pages, as the operator and the municipality read them in French: none of the English words
Oscar's own French catalogue leaves (its selection counter, the categories' search, the ranges' form, the users'
table header)."""

import html
import re

import pytest
from django.urls import reverse

from tests.factories import MerchantFactory, TerritoryFactory, UserFactory, make_product

pytestmark = pytest.mark.django_db

PAGES = [
    "dashboard:index",
    "dashboard:catalogue-product-list",
    "dashboard:catalogue-category-list",
    "dashboard:catalogue-class-list",
    "dashboard:order-list",
    "dashboard:users-index",
    "dashboard:partner-list",
    "dashboard:offer-list",
    "dashboard:voucher-list",
    "dashboard:range-list",
    "dashboard:range-create",
    "dashboard:page-list",
    "dashboard:comms-list",
    "dashboard:reports-index",
]
# Looked for in the page's text, each element's text between bars.
ENGLISH = [
    r"\bSelect all\b",
    r"\bselected\b",
    r"Search Categories",
    r"Excluded Categories",
    r"\|\s*Name\s*\|",
]


def test_oscars_dashboard_pages_have_no_english_left_in_french(client, settings):
    settings.OSCAR_DASHBOARD_ITEMS_PER_PAGE = 1  # several pages: the "select across pages" counter shows
    TerritoryFactory()
    shop = MerchantFactory()
    for index in range(3):
        make_product(merchant=shop, title=f"Produit {index}")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        page = re.sub(r"<script.*?</script>|<style.*?</style>", " ", response.content.decode(), flags=re.S)
        page = html.unescape(re.sub(r"<[^>]+>", "|", page))
        for english in ENGLISH:
            assert not re.search(english, page), (name, english)
