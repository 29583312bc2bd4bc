"""Catalogue browsing and search across every merchant, replacing Oscar's Haystack views.

Oscar's stock views render each product through several queries; here a page of products costs the same
handful of queries whatever its size, and search runs on the database (see ``shop.selectors``)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import ListView
from oscar.core.loading import get_model

from core.ratelimit import client_ip, rate_limit_hit
from core.text import is_ascii_number
from shop import catalogue_cache, search, selectors
from shop.cards import cards_html, facet_options_html
from shop.paginator import CachedCountPaginator

Category = get_model("catalogue", "Category")


class BaseProductListView(ListView):
    template_name = "oscar/catalogue/browse.html"
    context_object_name = "products"
    page_kwarg = "page"
    paginator_class = CachedCountPaginator

    def get_paginate_by(self, queryset):
        return settings.OSCAR_PRODUCTS_PER_PAGE

    parts_name = "catalogue"

    def get(self, request, *args, **kwargs):
        try:
            parts = catalogue_cache.cached_parts(self.parts_name, self.parts_params(), self.render_parts)
        except Http404:
            messages.error(request, _("Cette page de résultats n'existe pas ; voici la première."))
            params = request.GET.copy()
            params.pop(self.page_kwarg, None)
            return redirect(f"{request.path}?{params.urlencode()}" if params else request.path)
        self.object_list = []
        return self.render_to_response(self.get_context_data(parts=parts))

    def parts_params(self) -> tuple:
        """What the filters and the results depend on, besides the territory, the language and the catalogue's
        version (shop.catalogue_cache)."""
        return (
            self.request.path,
            self.query,
            self.merchant_slug,
            self.request.GET.get("categorie", "")[:12],
            self.price_band,
            self.available,
            self.sort,
            self.request.GET.get(self.page_kwarg, "")[:12],
        )

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except InvalidPage as error:
            raise Http404(str(error)) from error

    @property
    def query(self) -> str:
        return self.request.GET.get("q", "").strip()[:200]

    @property
    def merchant_slug(self) -> str:
        return self.request.GET.get("commercant", "").strip()[:120]

    @cached_property
    def terms(self) -> list:
        return search.query_terms(self.query)

    @property
    def default_sort(self) -> str:
        return "relevance" if self.terms else "title"

    @property
    def sort(self) -> str:
        sort = self.request.GET.get("tri", "") or self.default_sort
        if sort == "relevance" and not self.terms:
            return "title"
        return sort if sort in selectors.SORTS else self.default_sort

    @property
    def price_band(self) -> str | None:
        band = self.request.GET.get("prix", "")
        return band if band in selectors.PRICE_BANDS else None

    @property
    def available(self) -> bool:
        return self.request.GET.get("disponible", "") in ("1", "on", "oui")

    def get_category(self):
        category_id = self.request.GET.get("categorie", "")
        if is_ascii_number(category_id):
            return Category.objects.filter(pk=category_id, is_public=True).first()
        return None

    def get_queryset(self):
        self.category = self.get_category()
        products = selectors.products_browse(
            terms=self.terms,
            merchant_slug=self.merchant_slug or None,
            category=self.category,
            price_band=self.price_band,
            available=self.available,
            sort=self.sort,
        )
        return selectors.products_with_card_data(products)

    def render_parts(self) -> dict:
        """The filters and the results (count, tiles, pagination) as HTML, for shop.catalogue_cache."""
        queryset = self.get_queryset()
        paginator, page, products, _paginated = self.paginate_queryset(
            queryset, self.get_paginate_by(queryset)
        )
        cards = selectors.product_cards(products=products, strategy=self.request.strategy)
        facets = selectors.catalogue_facets(
            terms=self.terms,
            merchant_slug=self.merchant_slug or None,
            category=self.category,
            price_band=self.price_band,
            available=self.available,
            with_merchants=not self.filters_hide_merchant,
        )
        sorts = [("relevance", _("Pertinence"))] if self.terms else []
        sorts += [
            ("title", _("Nom")),
            ("price_asc", _("Prix croissant")),
            ("price_desc", _("Prix décroissant")),
            ("newest", _("Nouveautés")),
        ]
        params = self.request.GET.copy()
        params.pop(self.page_kwarg, None)
        filters = render_to_string(
            "shop/partials/catalogue_filters.html",
            {
                "filter_action": self.request.path,
                "query": self.query,
                "facets": facets,
                "merchant_options": facet_options_html(facets.merchants),
                "category_options": facet_options_html(facets.categories),
                "merchant": self.filters_hide_merchant,
                "category": self.category if self.filters_hide_category else None,
                "sorts": sorts,
                "selected_sort": self.sort,
            },
        )
        results = render_to_string(
            "shop/partials/catalogue_results.html",
            {
                "count": paginator.count,
                "cards_html": cards_html(cards),
                "page_obj": page,
                "page_query": params.urlencode(),
            },
        )
        # What was rendered, for the page's context when this request rendered it (tests read it).
        self.rendered = {
            "cards": cards,
            "facets": facets,
            "sorts": sorts,
            "page_obj": page,
            "paginator": paginator,
        }
        return {"filters": filters, "results": results, "count": paginator.count}

    filters_hide_merchant = False
    filters_hide_category = False

    def get_context_data(self, **kwargs):
        """The page around its cached parts: what it costs on every request is kept small."""
        parts = kwargs.pop("parts")
        context = {"view": self, **kwargs}
        context.update(getattr(self, "rendered", {}))
        context["query"] = self.query
        context["selected_sort"] = self.sort
        context["summary"] = self.get_summary()
        context["product_count"] = parts["count"]
        context["filters_html"] = catalogue_cache.with_csrf(self.request, parts["filters"])
        context["results_html"] = catalogue_cache.with_csrf(self.request, parts["results"])
        return context

    def get_summary(self):
        return _("Tous les produits")


class CatalogueView(BaseProductListView):
    """Every product of every approved merchant."""


class FacetedSearchView(BaseProductListView):
    """Search results: same page as the catalogue, with the words searched."""

    def get_summary(self):
        if self.query:
            return _("Résultats pour « %(query)s »") % {"query": self.query}
        return super().get_summary()


class ProductCategoryView(BaseProductListView):
    """A category and its sub-categories."""

    template_name = "oscar/catalogue/category.html"
    filters_hide_category = True

    def get(self, request, *args, **kwargs):
        self.url_category = get_object_or_404(Category, pk=kwargs["pk"])
        if not self.url_category.is_public and not request.user.is_staff:
            raise Http404()
        expected = self.url_category.get_absolute_url()
        if request.path != expected:
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)

    def get_category(self):
        return self.url_category

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.url_category
        return context

    def get_summary(self):
        return self.url_category.name


class SuggestionsView(View):
    """Suggestions as one types, for the search field's drop-down: ``GET /search/suggestions/?q=fro``.

    Answers JSON ``{"query": "fro", "products": [{"label", "url", "merchant"}], "merchants": [{"label", "url"}]}``:
    up to six products of the request's territory whose title has a word starting with each word typed
    (« fro » finds « Fromage de chèvre frais »), shortest titles first, and up to six shops named likewise; both
    lists are empty for fewer than two letters or characters that are no letters. A ``q`` longer than 100
    characters gets a 400 and ``{"error": "<message>"}``; more than ``SEARCH_SUGGESTIONS_RATE`` requests
    (default « 600/minute ») from one address, a 429 with Retry-After. Messages are in the request's language."""

    max_chars = search.SUGGESTION_MAX_CHARS

    def get(self, request, *args, **kwargs):
        text = request.GET.get("q", "")
        if len(text) > self.max_chars:
            message = _("La recherche est trop longue : %(max)d caractères au plus.") % {
                "max": self.max_chars
            }
            return JsonResponse({"error": message}, status=400)
        wait = rate_limit_hit(
            scope="search-suggestions",
            ident=client_ip(request),
            rate=getattr(settings, "SEARCH_SUGGESTIONS_RATE", "600/minute"),
        )
        if wait is not None:
            message = ngettext(
                "Trop de requêtes : réessayez dans %(wait)d seconde.",
                "Trop de requêtes : réessayez dans %(wait)d secondes.",
                wait,
            ) % {"wait": wait}
            return JsonResponse({"error": message}, status=429, headers={"Retry-After": str(wait)})
        found = search.search_suggestions(text=text)
        return JsonResponse(
            {
                "query": text.strip(),
                "products": [
                    {"label": item.label, "url": item.url, "merchant": item.merchant}
                    for item in found.products
                ],
                "merchants": [{"label": item.label, "url": item.url} for item in found.merchants],
            }
        )
