import oscar.apps.search.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class SearchConfig(apps.SearchConfig):
    name = "shop.apps.search"

    def ready(self):
        super().ready()
        self.suggestions_view = get_class("search.views", "SuggestionsView")

    def get_urls(self):
        # search:suggestions, /search/suggestions/?q=fro: the JSON the search field's drop-down reads.
        urls = [path("suggestions/", self.suggestions_view.as_view(), name="suggestions")]
        return self.post_process_urls(urls) + super().get_urls()
