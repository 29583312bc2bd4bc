from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import Free


class ClickAndCollect(Free):
    """Collected by the resident at the shop (offered when the whole basket comes from one merchant)."""

    code = "click-and-collect"
    name = _("Retrait en boutique")
    description = _("Gratuit : vous retirez vos achats chez le commerçant, à ses heures d'ouverture.")
