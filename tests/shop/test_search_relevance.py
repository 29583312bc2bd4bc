"""Search that finds what one means: relevance, one typo forgiven, suggestions as one types, facets."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.text import edits_one
from tests.factories import MerchantFactory, TerritoryFactory, make_product

pytestmark = pytest.mark.django_db

PATES = "Pâtes fraîches aux œufs 500 g"
LASAGNES = "Lasagnes à la bolognaise (part)"
PAIN = "Pain de campagne au levain (800 g)"
BIERE = "Bière ambrée artisanale (75 cl)"
FROMAGE = "Fromage de chèvre frais (× 2)"


@pytest.fixture
def territory():
    return TerritoryFactory()


@pytest.fixture
def shops(territory):
    deli = MerchantFactory(trade_name="Épicerie Garonne", slug="epicerie-garonne")
    caterer = MerchantFactory(trade_name="Maison Castaing", slug="maison-castaing")
    bakery = MerchantFactory(trade_name="Au Fournil", slug="au-fournil")
    cellar = MerchantFactory(trade_name="Le Cellier", slug="le-cellier")
    cheese = MerchantFactory(trade_name="Fromagerie du Marché", slug="fromagerie-du-marche")
    make_product(
        merchant=deli,
        title=PATES,
        description="Tagliatelles aux œufs de plein air.",
        price=Decimal("4.90"),
        category="Épicerie fine > Épicerie salée",
    )
    make_product(
        merchant=caterer,
        title=LASAGNES,
        description="Pâtes fraîches, sauce bolognaise maison et béchamel gratinée.",
        price=Decimal("9.50"),
        category="Traiteur > Plats cuisinés",
    )
    make_product(merchant=bakery, title=PAIN, price=Decimal("4.20"), category="Boulangerie > Pains")
    make_product(
        merchant=cellar,
        title=BIERE,
        description="Notes de caramel et de pain grillé, à partager.",
        price=Decimal("7.90"),
        category="Caviste > Bières et cidres",
        stock=0,
    )
    make_product(
        merchant=cheese, title=FROMAGE, price=Decimal("5.40"), category="Fromagerie > Fromages de chèvre"
    )
    return {"deli": deli, "caterer": caterer, "bakery": bakery, "cellar": cellar, "cheese": cheese}


def titles(response):
    return [card.product.title for card in response.context["cards"]]


def search(client, query, **params):
    response = client.get(reverse("search:search"), {"q": query, **params})
    assert response.status_code == 200
    return response


def test_edits_one_covers_every_kind_of_single_typo():
    variants = edits_one("fromage")
    assert {"fromgae", "fromaje", "frommage", "fromge"} <= variants
    assert "fromage" not in variants and "fromgea" not in variants


def test_title_match_ranks_before_description_match(client, shops):
    response = search(client, "pates fraiches")
    assert titles(response) == [PATES, LASAGNES]
    assert response.context["selected_sort"] == "relevance"
    assert 'value="relevance" selected' in response.content.decode()


def test_pain_puts_a_bread_before_the_beer_that_mentions_it(client, shops):
    assert titles(search(client, "pain")) == [PAIN, BIERE]


def test_sorting_by_name_stays_available_when_searching(client, shops):
    assert titles(search(client, "pates fraiches", tri="title")) == [LASAGNES, PATES]


def test_without_words_relevance_falls_back_to_names(client, shops):
    response = client.get(reverse("catalogue:index"), {"tri": "relevance"})
    assert response.context["selected_sort"] == "title"
    assert titles(response)[0] == BIERE


def test_equally_relevant_products_show_the_best_stocked_first(client, shops):
    make_product(merchant=shops["deli"], title="Miel d'acacia (500 g)", stock=3)
    make_product(merchant=shops["deli"], title="Miel de tournesol (500 g)", stock=40)
    assert titles(search(client, "miel")) == ["Miel de tournesol (500 g)", "Miel d'acacia (500 g)"]


@pytest.mark.parametrize("typo", ["fromgae", "fromaje", "frommage", "fromge", "FROMGAE"])
def test_one_typo_in_a_long_word_still_finds_the_product(client, shops, typo):
    assert titles(search(client, typo)) == [FROMAGE]


def test_a_typo_in_a_four_letter_word_is_not_forgiven(client, shops):
    assert titles(search(client, "pian")) == []


def test_a_typo_does_not_loosen_the_other_words(client, shops):
    assert titles(search(client, "fromgae pates")) == []
    assert titles(search(client, "fromgae chevre")) == [FROMAGE]


def test_two_typos_in_a_word_find_nothing(client, shops):
    assert titles(search(client, "frmgae")) == []


def test_search_page_costs_the_same_queries_for_5_or_50_results(client, shops, settings):
    settings.OSCAR_PRODUCTS_PER_PAGE = 60
    # The queries of rendering the page, not of reading it from the cache.
    settings.CATALOGUE_CACHE_SECONDS = 0
    counts = []
    for size, word in ((5, "confiture"), (50, "compote")):
        for index in range(size):
            make_product(merchant=shops["deli"], title=f"{word.title()} maison {index:03d}")
        client.get(reverse("search:search"), {"q": word})  # warm caches (territory, facets, vocabulary)
        with CaptureQueriesContext(connection) as queries:
            response = search(client, word)
        assert len(response.context["cards"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 13  # the page and its facet counts, neither read from the cache


# Suggestions


def suggest(client, text, **extra):
    return client.get(reverse("search:suggestions"), {"q": text}, **extra)


def test_suggestions_give_titles_urls_and_shops_for_a_prefix(client, shops):
    response = suggest(client, "fro")
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "fro"
    assert [item["label"] for item in body["products"]] == [FROMAGE]
    product = body["products"][0]
    assert product["merchant"] == "Fromagerie du Marché"
    assert client.get(product["url"]).status_code == 200
    assert body["merchants"] == [
        {
            "label": "Fromagerie du Marché",
            "url": reverse("merchants:detail", kwargs={"slug": "fromagerie-du-marche"}),
        }
    ]


def test_suggestions_match_the_start_of_any_word_without_accents(client, shops):
    labels = [item["label"] for item in suggest(client, "FRAI").json()["products"]]
    assert labels == [FROMAGE, PATES]  # shortest title first
    assert [item["label"] for item in suggest(client, "pâtes fr").json()["products"]] == [PATES]
    assert [item["label"] for item in suggest(client, "epic").json()["merchants"]] == ["Épicerie Garonne"]


def test_suggestions_stay_in_the_requests_territory(client, shops, settings):
    settings.ALLOWED_HOSTS = ["b.localhost", "testserver"]
    other = TerritoryFactory(name="Villeneuve-sur-Lot", domain="b.localhost", with_marmande=False)
    shop = MerchantFactory(territory=other, partner__name="Fromages de Villeneuve", partner__code="fv")
    make_product(merchant=shop, title="Fromage de brebis")
    here = suggest(client, "fromage").json()
    assert [item["label"] for item in here["products"]] == [FROMAGE]
    assert "Fromages de Villeneuve" not in [item["label"] for item in here["merchants"]]
    there = suggest(client, "fromage", HTTP_HOST="b.localhost").json()
    assert [item["label"] for item in there["products"]] == ["Fromage de brebis"]
    assert [item["label"] for item in there["merchants"]] == ["Fromages de Villeneuve"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "f",
        "   ",
        "<script>alert(1)</script>",
        "'; DROP TABLE catalogue_product; --",
        "\x00\x01",
        "%_%",
        "€€€",
    ],
)
def test_suggestions_answer_odd_input_with_an_empty_or_short_list(client, shops, text):
    response = suggest(client, text)
    assert response.status_code == 200
    body = response.json()
    assert body["products"] == [] and body["merchants"] == []


def test_suggestions_refuse_a_very_long_query_in_french(client, shops):
    response = suggest(client, "fromage " * 30)
    assert response.status_code == 400
    assert "trop longue" in response.json()["error"]


def test_suggestions_are_rate_limited_per_address(client, shops, settings):
    settings.SEARCH_SUGGESTIONS_RATE = "3/minute"
    assert [suggest(client, "fro").status_code for _ in range(3)] == [200, 200, 200]
    response = suggest(client, "fro")
    assert response.status_code == 429
    assert "Trop de requêtes" in response.json()["error"] and response["Retry-After"]


# Facets


def facet(response, name):
    return {item.value: item.count for item in getattr(response.context["facets"], name)}


def test_facets_count_by_shop_category_price_and_stock(client, shops):
    response = client.get(reverse("catalogue:index"))
    assert facet(response, "merchants") == {
        "au-fournil": 1,
        "epicerie-garonne": 1,
        "fromagerie-du-marche": 1,
        "le-cellier": 1,
        "maison-castaing": 1,
    }
    assert facet(response, "prices") == {"0-5": 2, "5-10": 3, "10-20": 0, "20-50": 0, "50-": 0}
    assert response.context["facets"].available_count == 4
    categories = {item.label: item.count for item in response.context["facets"].categories}
    assert categories["Boulangerie"] == 1 and categories["Pains"] == 1 and categories["Traiteur"] == 1


def test_facets_count_the_search_results(client, shops):
    response = search(client, "pain")
    assert facet(response, "merchants") == {"au-fournil": 1, "le-cellier": 1}
    assert facet(response, "prices")["0-5"] == 1 and facet(response, "prices")["5-10"] == 1
    assert response.context["facets"].available_count == 1


def test_price_band_and_stock_filters_apply(client, shops):
    assert titles(client.get(reverse("catalogue:index"), {"prix": "0-5"})) == [PAIN, PATES]
    assert titles(search(client, "pain", disponible="1")) == [PAIN]
    response = client.get(reverse("catalogue:index"), {"prix": "5-10", "disponible": "1"})
    assert titles(response) == [FROMAGE, LASAGNES]
    # Each facet counts with the other filters: the price band does not narrow the price counts.
    assert facet(response, "prices") == {"0-5": 2, "5-10": 2, "10-20": 0, "20-50": 0, "50-": 0}
    assert response.context["facets"].available_count == 2


def test_a_shop_filter_keeps_the_other_shops_counted(client, shops):
    response = search(client, "pain", commercant="au-fournil")
    assert titles(response) == [PAIN]
    assert facet(response, "merchants") == {"au-fournil": 1, "le-cellier": 1}


def test_unknown_filter_values_are_ignored(client, shops):
    response = client.get(reverse("catalogue:index"), {"prix": "1-2'", "disponible": "x", "tri": "<b>"})
    assert response.status_code == 200
    assert len(titles(response)) == 5


def test_filter_form_labels_every_control_and_groups_choices(client, shops):
    html = search(client, "pain").content.decode()
    form = html[
        html.index('class="catalogue-filters"') : html.index("</form>", html.index("catalogue-filters"))
    ]
    ids = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', form)
    assert len(ids) >= 9
    for control in ids:
        assert f'<label for="{control}"' in form or f'for="{control}">' in form, control
    assert form.count("<fieldset") == 2 and form.count("<legend") == 2
    assert "Au Fournil (1 produit)" in form
