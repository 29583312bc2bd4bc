"""Forms of the merchant's application and of its review by the municipality, and of a product's food
information."""

from datetime import time

from django import forms
from django.utils.translation import gettext_lazy as _

from territory.models import postcode as postcode_validator

from .food_information import FIELDS as FOOD_FIELDS
from .food_information import Allergen, FoodInformation, food_information_missing
from .models import Merchant, OpeningHours, Sector
from .validators import validate_siret

RANGES_PER_DAY = 2


def _hours_field_name(*, weekday: int, slot: int, end: str) -> str:
    return f"hours_{weekday}_{slot}_{end}"


class MerchantApplicationForm(forms.Form):
    """A shop applies: identity, address, weekly opening hours (up to two ranges a day) and contact."""

    trade_name = forms.CharField(label=_("Enseigne"), max_length=120)
    legal_name = forms.CharField(label=_("Raison sociale"), max_length=200)
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=17,
        validators=[validate_siret],
        help_text=_("14 chiffres, espaces acceptés."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sector = forms.ChoiceField(
        label=_("Secteur"), choices=[("", _("Choisissez un secteur")), *Sector.choices]
    )
    address_line1 = forms.CharField(
        label=_("Adresse"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "address-line1"})
    )
    address_line2 = forms.CharField(
        label=_("Complément d'adresse"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    postcode = forms.CharField(
        label=_("Code postal"),
        max_length=5,
        validators=[postcode_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label=_("Commune"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("Courriel"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    description = forms.CharField(
        label=_("Présentation du commerce"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    identity_fields = ("trade_name", "legal_name", "siret", "sector")
    address_fields = ("address_line1", "address_line2", "postcode", "city")
    contact_fields = ("phone", "email", "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for weekday, day_label in OpeningHours.Weekday.choices:
            for slot in range(1, RANGES_PER_DAY + 1):
                for end, end_label in (("opens", _("ouverture")), ("closes", _("fermeture"))):
                    self.fields[_hours_field_name(weekday=weekday, slot=slot, end=end)] = forms.TimeField(
                        label=f"{day_label.capitalize()}, {_('plage')} {slot} : {end_label}",
                        required=False,
                        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                        error_messages={"invalid": _("Indiquez une heure au format HH:MM.")},
                    )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean_siret(self) -> str:
        return self.cleaned_data["siret"].replace(" ", "")

    def clean_postcode(self) -> str:
        return self.cleaned_data["postcode"].strip()

    def clean(self):
        cleaned = super().clean()
        ranges: list[tuple[int, time, time]] = []
        for weekday, day_label in OpeningHours.Weekday.choices:
            previous_close = None
            for slot in range(1, RANGES_PER_DAY + 1):
                opens_name = _hours_field_name(weekday=weekday, slot=slot, end="opens")
                closes_name = _hours_field_name(weekday=weekday, slot=slot, end="closes")
                if opens_name in self.errors or closes_name in self.errors:
                    continue
                opens_at, closes_at = cleaned.get(opens_name), cleaned.get(closes_name)
                if opens_at is None and closes_at is None:
                    continue
                if opens_at is None or closes_at is None:
                    missing = opens_name if opens_at is None else closes_name
                    self.add_error(missing, _("Indiquez l'heure d'ouverture et l'heure de fermeture."))
                    continue
                if closes_at <= opens_at:
                    self.add_error(closes_name, _("L'heure de fermeture doit suivre l'heure d'ouverture."))
                    continue
                if previous_close is not None and opens_at < previous_close:
                    self.add_error(
                        opens_name,
                        _("La deuxième plage du %(day)s doit commencer après la fin de la première.")
                        % {"day": day_label},
                    )
                    continue
                previous_close = closes_at
                ranges.append((weekday, opens_at, closes_at))
        cleaned["opening_hours"] = ranges
        return cleaned

    def service_data(self) -> dict:
        """The cleaned values as ``merchant_apply`` takes them."""
        names = self.identity_fields + self.address_fields + self.contact_fields
        return {name: self.cleaned_data[name] for name in names} | {
            "opening_hours": self.cleaned_data["opening_hours"]
        }

    def hours_rows(self) -> list[tuple[str, list[tuple]]]:
        """The opening-hours fields grouped by day, then by range: (day, [(slot, opens, closes), ...])."""
        rows = []
        for weekday, day_label in OpeningHours.Weekday.choices:
            slots = [
                (
                    slot,
                    self[_hours_field_name(weekday=weekday, slot=slot, end="opens")],
                    self[_hours_field_name(weekday=weekday, slot=slot, end="closes")],
                )
                for slot in range(1, RANGES_PER_DAY + 1)
            ]
            rows.append((day_label, slots))
        return rows

    def fields_named(self, names):
        return [self[name] for name in names]

    @property
    def identity(self):
        return self.fields_named(self.identity_fields)

    @property
    def address(self):
        return self.fields_named(self.address_fields)

    @property
    def contact(self):
        return self.fields_named(self.contact_fields)


class ApplicationFilterForm(forms.Form):
    statut = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("Toutes"))]
        + [(value, label) for value, label in Merchant.Status.choices if value != Merchant.Status.SUSPENDED],
    )


class ApplicationRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Il est envoyé tel quel au commerçant."),
        error_messages={"required": _("Indiquez le motif du refus : il est transmis au commerçant.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Indiquez le motif du refus : il est transmis au commerçant."))
        return reason


class NotificationSettingsForm(forms.Form):
    notify_each_order = forms.BooleanField(
        label=_("Un courriel à chaque nouvelle commande"),
        required=False,
        help_text=_("Envoyé dès que le client a payé, pour préparer sans attendre."),
    )
    daily_digest = forms.BooleanField(
        label=_("Un récapitulatif chaque matin"),
        required=False,
        help_text=_("Vers 7 heures, la liste des commandes reçues depuis le précédent, s'il y en a."),
    )


class FoodInformationForm(forms.ModelForm):
    """A product's food information (EU regulation 1169/2011), the fieldset of the merchant's product form."""

    allergens = forms.MultipleChoiceField(
        label=_("Allergènes présents (annexe II)"),
        choices=Allergen.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FoodInformation
        fields = list(FOOD_FIELDS)
        labels = {
            "is_food": _("C'est un produit alimentaire"),
            "no_allergens": _("Ne contient aucun des 14 allergènes"),
            "net_quantity": _("Quantité nette"),
            "storage": _("Conditions de conservation (facultatif)"),
            "origin": _("Origine (facultatif)"),
            "producer_name": _("Nom du producteur"),
            "producer_address": _("Adresse du producteur"),
        }
        help_texts = {
            "is_food": _(
                "Un produit alimentaire n'est publié qu'avec ses ingrédients, ses allergènes, sa quantité nette, "
                "son type de date et son producteur."
            ),
            "ingredients": _(
                "Par ordre d'importance. Les mots des allergènes cochés (lait, beurre, blé, œufs…) sont mis en gras "
                "automatiquement ; pour un autre mot, entourez-le d'astérisques : *noisettes*."
            ),
            "net_quantity": _("Par exemple 370 (g), 0,75 (l) ou 6 (pièces)."),
            "storage": _("Par exemple : à conserver au réfrigérateur entre 0 et 4 °C."),
            "origin": _("Obligatoire pour les viandes, les fruits et légumes, le miel, le poisson…"),
            "producer_name": _(
                "L'exploitant responsable de la denrée : votre commerce si vous la fabriquez."
            ),
        }
        widgets = {
            "ingredients": forms.Textarea(attrs={"rows": 3}),
            "producer_address": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["net_quantity"].localize = True
        self.fields["net_quantity"].widget.is_localized = True
        for name, field in self.fields.items():
            css = "form-check-input" if name in ("is_food", "no_allergens", "allergens") else "form-control"
            field.widget.attrs.setdefault("class", css)

    def values(self) -> dict:
        """The cleaned values as ``food_information_save`` takes them."""
        return {name: self.cleaned_data.get(name) for name in FOOD_FIELDS}

    def publication_check(self, *, is_public: bool) -> bool:
        """Ties the missing mandatory information to its fields when the product is to be published."""
        if not is_public or not self.is_valid():
            return True
        missing = food_information_missing(values=self.cleaned_data)
        for name, message in missing.items():
            self.add_error(name, message)
        return not missing


class StorefrontForm(forms.Form):
    """« Ma vitrine »: what the shop shows of itself (merchants.storefront)."""

    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Quelques lignes sur votre boutique, montrées sur sa page."),
    )
    phone = forms.CharField(label=_("Téléphone"), required=False, max_length=20)
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "Montré à côté du nom de votre boutique dans les paniers et les commandes (JPEG, PNG ou WebP)."
        ),
    )
    logo_clear = forms.BooleanField(label=_("Retirer le logo"), required=False)
    photo = forms.FileField(
        label=_("Photo de la vitrine"),
        required=False,
        help_text=_("Montrée sur la page de votre boutique (JPEG, PNG ou WebP)."),
    )
    photo_clear = forms.BooleanField(label=_("Retirer la photo"), required=False)
