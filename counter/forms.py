from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from counter.models import Mandate


class ResidentSearchForm(forms.Form):
    """An exact e-mail, or an exact phone, or a last name with a postcode."""

    email = forms.EmailField(label=_("Adresse électronique"), required=False, max_length=254)
    phone = forms.CharField(label=_("Téléphone"), required=False, max_length=30)
    last_name = forms.CharField(label=_("Nom de famille"), required=False, max_length=150)
    postcode = forms.RegexField(
        label=_("Code postal"),
        required=False,
        regex=r"^\d{5}$",
        error_messages={"invalid": _("Un code postal a cinq chiffres.")},
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not (data.get("email") or data.get("phone") or (data.get("last_name") and data.get("postcode"))):
            raise forms.ValidationError(
                _("Saisissez l'adresse électronique, ou le téléphone, ou le nom avec le code postal."),
                code="empty",
            )
        return data

    @property
    def searched(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


class MandateProposeForm(forms.Form):
    valid_until = forms.DateField(
        label=_("Mandat valable jusqu'au"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Un an au plus. L'habitant peut y mettre fin à tout moment depuis son compte."),
    )
    consent = forms.ChoiceField(
        label=_("L'habitant donne son accord"),
        choices=Mandate.Consent.choices,
        widget=forms.RadioSelect,
        initial=Mandate.Consent.SIGNATURE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_until"].initial = (timezone.localdate() + timedelta(days=90)).isoformat()

    def valid_until_moment(self):
        """The end of the chosen day, Paris time."""
        import datetime

        day = self.cleaned_data["valid_until"]
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


class MandateCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code donné par l'habitant"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Le code a six chiffres.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class MandateSignatureForm(forms.Form):
    signature = forms.CharField(widget=forms.HiddenInput, required=False, max_length=50_000)
