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
            "proof_retention_days",
            "address_retention_days",
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

    # The retention periods: left empty, a period stays as it is (the page always shows it filled in).
    KEPT_WHEN_EMPTY = ("proof_retention_days", "address_retention_days")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.KEPT_WHEN_EMPTY:
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        for name in self.KEPT_WHEN_EMPTY:
            if data.get(name) is None and name not in self.errors:
                data[name] = self.initial.get(name)
        return data


class CommuneAddForm(forms.Form):
    insee_code = forms.CharField(
        label=_("Code INSEE de la commune"), max_length=5, min_length=5, validators=[insee_code]
    )


class TerritoryCreateForm(forms.Form):
    """The national operator's form for a new territory."""

    name = forms.CharField(label=_("Nom du territoire"), max_length=120)
    slug = forms.SlugField(
        label=_("Identifiant d'adresse"),
        max_length=60,
        help_text=_(
            "Lettres minuscules, chiffres et tirets : le territoire est servi sur /t/ suivi de l'identifiant, par exemple /t/villeneuve-sur-lot/."
        ),
    )
    domain = forms.CharField(
        label=_("Nom de domaine"),
        max_length=200,
        required=False,
        help_text=_("Facultatif, par exemple villeneuve.comptoir.fr."),
    )
    communes = forms.CharField(
        label=_("Communes (codes INSEE)"),
        max_length=2000,
        help_text=_("Séparés par des virgules ou des espaces, par exemple « 47323, 47001 »."),
    )

    def clean_communes(self):
        codes = [code for code in self.cleaned_data["communes"].replace(",", " ").split() if code]
        for code in codes:
            insee_code(code.upper())
        if not codes:
            raise forms.ValidationError(_("Indiquez au moins une commune."))
        return codes
