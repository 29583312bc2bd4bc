from django import forms
from django.utils.translation import gettext_lazy as _

from territory.models import Territory, insee_code


class TerritoryForm(forms.ModelForm):
    class Meta:
        model = Territory
        fields = [
            "name",
            "tagline",
            "logo",
            "primary_colour",
            "secondary_colour",
            "contact_email",
            "contact_phone",
            "address",
            "website",
            "commission_rate",
            "delivery_fee_kept_by",
            "returned_parcel_refund",
            "home_delivery_fee",
            "pickup_fee",
            "collection_times",
            "preparation_minutes",
            "pickup_max_distance_km",
        ]
        help_texts = {
            "commission_rate": _("Laisser vide pour le taux par défaut du déploiement."),
            "home_delivery_fee": _("Laisser vide pour le montant par défaut du déploiement."),
            "pickup_fee": _("Laisser vide pour le montant par défaut du déploiement."),
        }
        # « 12,5 » as a French town hall writes it.
        localized_fields = ["pickup_max_distance_km"]
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "secondary_colour": forms.TextInput(attrs={"type": "color"}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }


class CommuneAddForm(forms.Form):
    insee_code = forms.CharField(
        label=_("Code INSEE de la commune"), max_length=5, min_length=5, validators=[insee_code]
    )
