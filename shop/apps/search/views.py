"""Catalogue browsing and search across every merchant, replacing Oscar's Haystack views.

Oscar's stock views render each product through several queries; here a page of products costs the same
handful of queries whatever its size, and search runs on the database (see ``shop.selectors``)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.core.loading import get_model

from core.text import is_ascii_number
from merchants.selectors import merchants_for_filter
from shop import selectors
from shop.paginator import CachedCountPaginator

Category = get_model("catalogue", "Category")


class BaseProductListView(ListView):
    template_name = "oscar/catalogue/browse.html"
    context_object_name = "products"
    page_kwarg = "page"
    paginator_class = CachedCountPaginator

    def get_paginate_by(self, queryset):
        return settings.OSCAR_PRODUCTS_PER_PAGE

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            messages.error(request, _("Cette page de résultats n'existe pas ; voici la première."))
            params = request.GET.copy()
            params.pop(self.page_kwarg, None)
            return redirect(f"{request.path}?{params.urlencode()}" if params else request.path)

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

    @property
    def sort(self) -> str:
        sort = self.request.GET.get("tri", "title")
        return sort if sort in selectors.SORTS else "title"

    def get_category(self):
        category_id = self.request.GET.get("categorie", "")
        if is_ascii_number(category_id):
            return Category.objects.filter(pk=category_id, is_public=True).first()
        return None

    def get_queryset(self):
        self.category = self.get_category()
        products = selectors.products_browse(
            query=self.query, merchant_slug=self.merchant_slug or None, category=self.category, sort=self.sort
        )
        return selectors.products_with_card_data(products)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cards"] = selectors.product_cards(
            products=context["object_list"], strategy=self.request.strategy
        )
        context["query"] = self.query
        context["selected_merchant"] = self.merchant_slug
        context["selected_category"] = self.category
        context["selected_sort"] = self.sort
        context["merchants"] = merchants_for_filter()
        context["categories"] = selectors.categories_for_filter()
        context["sorts"] = [
            ("title", _("Nom")),
            ("price_asc", _("Prix croissant")),
            ("price_desc", _("Prix décroissant")),
            ("newest", _("Nouveautés")),
        ]
        context["summary"] = self.get_summary()
        params = self.request.GET.copy()
        params.pop(self.page_kwarg, None)
        context["page_query"] = params.urlencode()
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
