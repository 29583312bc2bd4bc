from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import Free


class ClickAndCollect(Free):
    """Collected by the resident at each shop."""

    code = "click-and-collect"
    name = _("Retrait en boutique")
    description = _("Gratuit : vous retirez vos achats chez chaque commerçant, aux heures d'ouverture.")
