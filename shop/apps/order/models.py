from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.order.abstract_models import AbstractOrder

from territory.models import Territory, scoped_manager, territory_for_new_row


class Order(AbstractOrder):
    # An order belongs to the territory it was placed in; the guarded manager filters on the active one.
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="+", verbose_name=_("territoire"), editable=False
    )
    objects = scoped_manager()

    def save(self, *args, **kwargs):
        if self.territory_id is None:
            self.territory_id = territory_for_new_row()
        super().save(*args, **kwargs)


from oscar.apps.order.models import *  # noqa: E402, F403
