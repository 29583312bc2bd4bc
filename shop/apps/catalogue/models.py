from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractCategory, AbstractProduct, AbstractProductClass
from oscar.apps.catalogue.managers import ProductQuerySet

from core import vat
from core.text import html_sanitise, html_text, search_document, unaccent
from territory.models import Territory, scoped_manager, territory_for_new_row


class ProductClass(AbstractProductClass):
    vat_rate = models.DecimalField(
        _("Taux de TVA (%)"), max_digits=4, decimal_places=2, choices=vat.RATE_CHOICES, default=vat.STANDARD
    )
    # A parcel holding one of these rides only in a refrigerated vehicle (the planner's CHILLED skill), whatever
    # the shop's sector: a grocer's yoghurt as much as a butcher's meat.
    chilled = models.BooleanField(
        _("à transporter au froid"),
        default=False,
        help_text=_("Produits frais ou surgelés : livrés seulement par un véhicule réfrigéré."),
    )


class Category(AbstractCategory):
    def save(self, *args, **kwargs):
        # The dashboard edits both descriptions as rich text; stored through the allowlist like a product's.
        self.description = html_sanitise(self.description)
        self.long_description = html_sanitise(self.long_description)
        super().save(*args, **kwargs)


class Product(AbstractProduct):
    # Each territory has its own catalogue: the guarded manager filters on the active territory.
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="+", verbose_name=_("territoire"), editable=False
    )
    objects = scoped_manager(manager_class=models.Manager.from_queryset(ProductQuerySet))

    # Stems of the title and description, kept by save(): searched with LIKE on any database.
    search_text = models.TextField(editable=False, blank=True, default="")
    # The title without case or accents, so that « Pâtes » sorts before « Pruneaux » on any database.
    title_sort = models.CharField(max_length=255, editable=False, blank=True, default="", db_index=True)

    def save(self, *args, **kwargs):
        # Every write (dashboard form, admin, code) stores the description through the allowlist: the product
        # page shows it as HTML. The CSV import writes in bulk and sanitises its rows itself.
        self.description = html_sanitise(self.description)
        self.search_text = search_document(self.title, html_text(self.description), self.upc or "")
        self.title_sort = unaccent(self.title or "")[:255]
        if self.territory_id is None:
            self.territory_id = territory_for_new_row()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "title_sort"}
        super().save(*args, **kwargs)


from oscar.apps.catalogue.models import *  # noqa: E402, F403
