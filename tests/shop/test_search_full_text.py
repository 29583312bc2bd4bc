"""On PostgreSQL, search matches with its full-text search, served by the GIN index of catalogue migration 0038,
and ranks ties with ts_rank_cd (the query's words side by side)."""

from decimal import Decimal

import pytest
from django.db import connection, transaction

from shop import search, selectors
from tests.factories import MerchantFactory, TerritoryFactory, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def grocer():
    TerritoryFactory()
    return MerchantFactory(trade_name="Épicerie Garonne", slug="epicerie-garonne")


def test_the_database_is_postgresql():
    assert connection.vendor == "postgresql" and search.full_text()


def test_the_search_query_uses_the_full_text_index(grocer):
    make_product(merchant=grocer, title="Fromage de chèvre frais", price=Decimal("3.20"))
    products = search.products_matching(
        selectors.Product.objects.all(), search.query_terms("fromages chevre")
    )
    sql, params = products.query.sql_with_params()
    assert "to_tsquery" in sql and "@@" in sql
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "catalogue_product_text_fts" in plan, plan


def test_every_query_word_must_match_a_words_start(grocer):
    make_product(merchant=grocer, title="Fromage de chèvre frais", price=Decimal("3.20"))
    make_product(merchant=grocer, title="Chèvrefeuille en pot", price=Decimal("9.00"))
    make_product(merchant=grocer, title="Fromage blanc", price=Decimal("2.10"))
    found = selectors.products_browse(query="fromage chevre", sort="relevance")
    assert [product.title for product in found] == ["Fromage de chèvre frais"]
    found = selectors.products_browse(query="chev", sort="relevance")
    assert {product.title for product in found} == {"Fromage de chèvre frais", "Chèvrefeuille en pot"}
    assert list(selectors.products_browse(query="evr", sort="relevance")) == []


def test_ts_rank_cd_breaks_a_tie_of_points_towards_the_words_side_by_side(grocer):
    make_product(merchant=grocer, title="Pain de campagne, farine bise et levain", price=Decimal("4.00"))
    make_product(merchant=grocer, title="Pain au levain", price=Decimal("4.00"), stock=1)
    found = list(selectors.products_browse(query="levain pain", sort="relevance"))
    assert found[0].relevance == found[1].relevance
    assert found[0].text_rank > found[1].text_rank
    assert [product.title for product in found] == [
        "Pain au levain",
        "Pain de campagne, farine bise et levain",
    ]
