import re

from django import forms
from django.utils.translation import gettext_lazy as _

from pickup.models import Parcel, PointCategory

CURRENT = ""
ALL = "tous"
CURRENT_STATUSES = [Parcel.Status.AWAITING, Parcel.Status.READY]


class ParcelSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Numéro de commande ou nom du destinataire"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    statut = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[
            (CURRENT, _("En cours (en attente et disponibles)")),
            *Parcel.Status.choices,
            (ALL, _("Tous les statuts")),
        ],
    )

    def statuses(self) -> list[str] | None:
        value = self.cleaned_data.get("statut", CURRENT)
        if value == ALL:
            return None
        return [value] if value else list(CURRENT_STATUSES)


class HandOverForm(forms.Form):
    code = forms.CharField(
        label=_("Code de retrait à 6 chiffres"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9 ]*", "size": 8}
        ),
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Le code de retrait comporte exactement 6 chiffres."))
        return code


class RetentionPolicyForm(forms.Form):
    category = forms.ChoiceField(label=_("Catégorie de point"), choices=PointCategory.choices)
    days = forms.IntegerField(label=_("Durée de garde (jours)"), min_value=1, max_value=90)
    reminder_days_before = forms.IntegerField(
        label=_("Rappel au destinataire (jours avant la fin)"), min_value=0, max_value=89
    )

    def clean(self):
        cleaned = super().clean()
        days, reminder = cleaned.get("days"), cleaned.get("reminder_days_before")
        if days is not None and reminder is not None and reminder >= days:
            self.add_error(
                "reminder_days_before", _("Le rappel doit partir avant la fin de la garde : moins de jours.")
            )
        return cleaned
