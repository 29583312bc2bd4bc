"""Search in the active territory's catalogue: what the words of a query stand for (French stems, one typo
forgiven in a long word), how results rank, and the suggestions offered as one types.

Everything runs on ``Product.search_text`` (the stems of title, description and code, space-delimited) and
``Product.title_sort`` (the title without case or accents). On SQLite a product matches when, for every query
word, one of its stems starts a word of ``search_text`` (``LIKE``). On PostgreSQL the same match is its full-text
search: a weighted ``tsvector`` of both columns (title A, stems B, the « simple » configuration since the stems
are already French stems) against a prefix ``tsquery``, served by a GIN index (catalogue migration 0038), and its
``ts_rank_cd`` orders products that score the same points by how close together their words are (title over description, whole stems); trigram indexes
(pg_trgm, migration 0037) serve the ``LIKE`` of the ranking and the suggestions. Both find the same products,
PostgreSQL a few more where a title word starts with the query word but its stem does not (« chevau »)."""

from bisect import bisect_left
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Length
from django.urls import reverse
from oscar.core.loading import get_model

from core.text import edits_one, search_words, stem, unaccent
from merchants.selectors import merchants_for_filter

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

TYPO_MIN_LETTERS = 5
TYPO_MAX_LETTERS = 40
TYPO_MAX_WORDS = 4  # a query of many unknown long words finds nothing anyway; bounds its cost
VOCABULARY_SECONDS = 600
SUGGESTION_MAX_CHARS = 100
SUGGESTION_MAX_WORDS = 5
SUGGESTION_SECONDS = 60
# Where a word starts in a title: its beginning, or after a space, an apostrophe, a hyphen or a parenthesis.
_WORD_STARTS = (" ", "'", "-", "(")

# Points a query word earns a product: found at a word's start in the title, found as a whole stem anywhere.
TITLE_POINTS, WHOLE_WORD_POINTS, TITLE_START_POINTS = 4, 2, 1


@dataclass(frozen=True)
class Term:
    """A query word and the stems a product's words may start with to match it: the word's own stem, or the
    catalogue's stems of the words one typo away from it."""

    word: str
    stems: tuple[str, ...]
    typo: bool = False


def search_vocabulary() -> tuple[str, ...]:
    """The stems of the active territory's public products, sorted; cached ten minutes (key per territory)."""

    def build() -> tuple[str, ...]:
        stems: set[str] = set()
        texts = Product.objects.filter(is_public=True).values_list("search_text", flat=True)
        for text in texts.iterator(chunk_size=2000):
            stems.update(text.split())
        return tuple(sorted(stems))

    return cache.get_or_set("search:vocabulary", build, VOCABULARY_SECONDS)


def _starts_a_stem(prefix: str, vocabulary: tuple[str, ...]) -> bool:
    index = bisect_left(vocabulary, prefix)
    return index < len(vocabulary) and vocabulary[index].startswith(prefix)


def _is_a_stem(candidate: str, vocabulary: tuple[str, ...]) -> bool:
    index = bisect_left(vocabulary, candidate)
    return index < len(vocabulary) and vocabulary[index] == candidate


def near_stems(*, word: str, vocabulary: tuple[str, ...]) -> tuple[str, ...]:
    """The catalogue's stems of the words one typo away from ``word`` (« fromgae »: fromag)."""
    found = set()
    for variant in edits_one(word):
        # Stemming costs ~70 µs: only a variant that starts like a known stem (stems are mostly prefixes) is.
        if any(
            _is_a_stem(variant[:end], vocabulary) for end in range(max(3, len(variant) - 6), len(variant) + 1)
        ):
            candidate = stem(variant)
            if _is_a_stem(candidate, vocabulary):
                found.add(candidate)
    return tuple(sorted(found))


def query_terms(query: str) -> list[Term]:
    """The query's words as stems, without duplicates; a word of five letters or more that starts no stem of the
    catalogue stands for the stems one typo away from it, when there are some."""
    terms: list[Term] = []
    seen: set[str] = set()
    vocabulary = None
    typos = 0
    for word in search_words(query):
        own = stem(word)
        if own in seen:
            continue
        seen.add(own)
        if TYPO_MIN_LETTERS <= len(word) <= TYPO_MAX_LETTERS and typos < TYPO_MAX_WORDS:
            vocabulary = search_vocabulary() if vocabulary is None else vocabulary
            if not _starts_a_stem(own, vocabulary):
                typos += 1
                near = cache.get_or_set(
                    f"search:near:{word}",
                    lambda word=word, vocabulary=vocabulary: near_stems(word=word, vocabulary=vocabulary),
                    VOCABULARY_SECONDS,
                )
                if near:
                    terms.append(Term(word=word, stems=tuple(near), typo=True))
                    continue
        terms.append(Term(word=word, stems=(own,)))
    return terms


def _title_has_word_starting(prefix: str) -> Q:
    condition = Q(title_sort__startswith=prefix)
    for separator in _WORD_STARTS:
        condition |= Q(title_sort__contains=separator + prefix)
    return condition


def full_text() -> bool:
    """Whether the database is PostgreSQL, whose full-text search matches and ranks (else ``LIKE`` does)."""
    return connection.vendor == "postgresql"


def text_vector() -> SearchVector:
    """A product's words for PostgreSQL's full-text search: its plain title (weight A) and its stems (B). The GIN
    index of catalogue migration 0038 is built on this very expression."""
    return SearchVector("title_sort", config="simple", weight="A") + SearchVector(
        "search_text", config="simple", weight="B"
    )


def text_query(terms: list[Term]) -> SearchQuery:
    """Every term, one of its stems starting a word: ``'pat':* & ('fromag':* | 'froment':*)``. Stems are letters
    and digits only (core.text.search_words), so nothing in them is an operator of tsquery."""
    groups = []
    for term in terms:
        group = " | ".join(f"'{term_stem}':*" for term_stem in term.stems)
        groups.append(f"({group})" if len(term.stems) > 1 else group)
    return SearchQuery(" & ".join(groups), search_type="raw", config="simple")


def terms_filter(terms: list[Term]) -> Q:
    """Products having every term: one of its stems starts a word of their title, description or code."""
    condition = Q()
    for term in terms:
        alternatives = Q()
        for term_stem in term.stems:
            alternatives |= Q(search_text__contains=f" {term_stem}")
        condition &= alternatives
    return condition


def products_matching(products: QuerySet, terms: list[Term]) -> QuerySet:
    """``products`` that have every term: by full-text search on PostgreSQL, by ``LIKE`` elsewhere."""
    if not terms:
        return products
    if full_text():
        return products.alias(text_vector=text_vector()).filter(text_vector=text_query(terms))
    return products.filter(terms_filter(terms))


def products_rank(products: QuerySet, *, terms: list[Term], offers: QuerySet) -> QuerySet:
    """``products`` annotated with ``relevance`` (title over description, whole stems over a word's beginning,
    a title starting with the first word), ``text_rank`` (PostgreSQL's ``ts_rank_cd``: the query's words close
    together, in the title more than among the stems; 0 elsewhere) and ``stock_level`` (the tie-break: what is there to sell)."""
    score = Value(0)
    for term in terms:
        in_title, whole = Q(), Q()
        for term_stem in term.stems:
            in_title |= _title_has_word_starting(term_stem)
            whole |= Q(search_text__contains=f" {term_stem} ")
        score = score + Case(When(in_title, then=Value(TITLE_POINTS)), default=Value(0))
        score = score + Case(When(whole, then=Value(WHOLE_WORD_POINTS)), default=Value(0))
    if terms:
        first = Q()
        for term_stem in terms[0].stems:
            first |= Q(title_sort__startswith=term_stem)
        score = score + Case(When(first, then=Value(TITLE_START_POINTS)), default=Value(0))
    if terms and full_text():
        text_rank = SearchRank(
            text_vector(), text_query(terms), weights=[0.0, 0.0, 0.4, 1.0], cover_density=True
        )
    else:
        text_rank = Value(0.0, output_field=FloatField())
    return products.annotate(
        relevance=ExpressionWrapper(score, output_field=IntegerField()),
        text_rank=text_rank,
        stock_level=Subquery(offers.values("num_in_stock")[:1]),
    )


RELEVANCE_ORDER = ("-relevance", "-text_rank", "-priority", "-stock_level", "title_sort", "pk")


@dataclass(frozen=True)
class Suggestion:
    label: str
    url: str
    merchant: str = ""


@dataclass(frozen=True)
class Suggestions:
    products: list[Suggestion]
    merchants: list[Suggestion]


def _merchant_names() -> list[tuple[str, str, str]]:
    """(slug, name, name without case or accents) of the active territory's approved shops, cached 5 min."""
    return cache.get_or_set(
        "search:merchant-names",
        lambda: [
            (slug, name, unaccent(name))
            for slug, name in merchants_for_filter().values_list("slug", "trade_name")
        ],
        300,
    )


def _product_suggestions(words: list[str], limit: int) -> list[tuple[int, str, str, str]]:
    offers = StockRecord.objects.filter(product=OuterRef("pk"), partner__merchant__status="approved")
    products = Product.objects.filter(is_public=True, structure__in=["standalone", "parent"]).filter(
        Exists(offers)
    )
    for word in words:
        products = products.filter(_title_has_word_starting(word))
    products = products.annotate(
        starts=Case(When(title_sort__startswith=words[0], then=Value(0)), default=Value(1)),
        title_length=Length("title_sort"),
        merchant_name=Subquery(offers.values("partner__merchant__trade_name")[:1]),
    ).order_by("starts", "title_length", "title_sort", "pk")
    return list(products.values_list("pk", "slug", "title", "merchant_name")[:limit])


def search_suggestions(*, text: str, limit: int = 6) -> Suggestions:
    """Products whose title, and shops whose name, have a word starting with each word typed (the last one
    maybe unfinished), shortest titles first; nothing for less than two letters. Cached a minute per territory."""
    words = search_words(text[:SUGGESTION_MAX_CHARS])[:SUGGESTION_MAX_WORDS]
    if not words or sum(len(word) for word in words) < 2:
        return Suggestions(products=[], merchants=[])
    key = "search:suggest:" + "+".join(words) + f":{limit}"
    products = cache.get_or_set(key, lambda: _product_suggestions(words, limit), SUGGESTION_SECONDS)
    shops = []
    for slug, name, plain in _merchant_names():
        starts = {
            plain.startswith(word) or any(sep + word in plain for sep in _WORD_STARTS) for word in words
        }
        if starts == {True}:
            shops.append(Suggestion(label=name, url=reverse("merchants:detail", kwargs={"slug": slug})))
            if len(shops) == limit:
                break
    return Suggestions(
        products=[
            Suggestion(
                label=title,
                url=reverse("catalogue:detail", kwargs={"product_slug": slug, "pk": pk}),
                merchant=merchant or "",
            )
            for pk, slug, title, merchant in products
        ],
        merchants=shops,
    )
