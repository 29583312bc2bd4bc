"""The municipality's delivery pages in the dashboard: the fees (flat, free above, social tariff, per commune),
the weekly slots and their dated exceptions, and the residents marked eligible for the social tariff."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.access import MunicipalityRequiredMixin
from delivery.fees import (
    fee_policy_update,
    fee_rules,
    resident_by_email,
    social_tariff_mark,
    social_tariff_unmark,
    social_tariffs_in_force,
)
from delivery.models import CommuneSurcharge, SlotException, SlotTemplate, SocialTariff
from delivery.models.slots import WEEKDAYS
from delivery.slots import slot_exception_set, slot_template_add
from territory.models import Commune
from territory.selectors import territory_current

MONEY = {"max_digits": 8, "decimal_places": 2, "min_value": Decimal("0")}
MONEY_ERRORS = {
    "invalid": gettext_lazy("Indiquez un montant en euros, par exemple 4,90."),
    "min_value": gettext_lazy("Un montant ne peut pas être négatif."),
    "max_digits": gettext_lazy("Ce montant est trop grand."),
    "max_decimal_places": gettext_lazy("Deux décimales au plus (les centimes)."),
}
CAPACITY_ERRORS = {
    "invalid": gettext_lazy("Indiquez un nombre de colis, par exemple 30."),
    "min_value": gettext_lazy("La capacité ne peut pas être négative."),
    "max_value": gettext_lazy("10 000 colis au plus par créneau."),
    "required": gettext_lazy("Indiquez la capacité en colis."),
}
TIME_ERRORS = {
    "invalid": gettext_lazy("Indiquez une heure, par exemple 14:00."),
    "required": gettext_lazy("Indiquez l'heure."),
}
DATE_ERRORS = {
    "invalid": gettext_lazy("Indiquez une date, par exemple 25/12/2026."),
    "required": gettext_lazy("Indiquez la date."),
}


def _money(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        localize=True,
        error_messages=MONEY_ERRORS,
        **MONEY,
        **kwargs,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )


def _time(label) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        error_messages=TIME_ERRORS,
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M"),
    )


def _capacity(label, required=True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=10_000,
        error_messages=CAPACITY_ERRORS,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0}),
    )


class AccessibleErrorsMixin:
    """Points each input at its help text, and marks invalid inputs for screen readers with their message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-help"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}-errors"}
                )


class FeesForm(AccessibleErrorsMixin, forms.Form):
    flat = _money(
        gettext_lazy("Frais de livraison à domicile TTC (€)"),
        help_text=gettext_lazy("Vide : le montant du déploiement."),
    )
    free_above = _money(
        gettext_lazy("Livraison offerte à partir d'un panier de (€ TTC)"),
        help_text=gettext_lazy("Vide : jamais offerte."),
    )
    social = _money(
        gettext_lazy("Tarif social TTC (€)"), help_text=gettext_lazy("Vide : pas de tarif social.")
    )

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = list(communes)
        for commune in self.communes:
            self.fields[f"surcharge_{commune.pk}"] = _money(
                _("Supplément pour %(commune)s TTC (€)") % {"commune": commune.name}
            )

    def surcharges(self) -> dict[int, Decimal | None]:
        return {commune.pk: self.cleaned_data.get(f"surcharge_{commune.pk}") for commune in self.communes}

    def surcharge_fields(self):
        return [self[f"surcharge_{commune.pk}"] for commune in self.communes]


class SlotTemplateForm(AccessibleErrorsMixin, forms.Form):
    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Jour"),
        choices=WEEKDAYS,
        coerce=int,
        error_messages={"invalid_choice": gettext_lazy("Choisissez un jour de la semaine.")},
        widget=forms.Select(attrs={"class": "form-control no-widget-init"}),
    )
    starts_at = _time(gettext_lazy("Début"))
    ends_at = _time(gettext_lazy("Fin"))
    capacity = _capacity(gettext_lazy("Capacité (colis)"))
    cutoff_days_before = forms.TypedChoiceField(
        label=gettext_lazy("Commandes closes"),
        coerce=int,
        choices=[
            (0, gettext_lazy("le jour même")),
            (1, gettext_lazy("la veille")),
            (2, gettext_lazy("deux jours avant")),
        ],
        error_messages={"invalid_choice": gettext_lazy("Choisissez quand les commandes sont closes.")},
        widget=forms.Select(attrs={"class": "form-control no-widget-init"}),
    )
    cutoff_time = _time(gettext_lazy("Heure limite de commande"))

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("La fin du créneau doit être après son début."))
        cutoff = cleaned.get("cutoff_time")
        if cleaned.get("cutoff_days_before") == 0 and starts and cutoff and cutoff > starts:
            self.add_error(
                "cutoff_time",
                _("Le jour même, l'heure limite de commande doit précéder le début du créneau."),
            )
        return cleaned


class SlotExceptionForm(AccessibleErrorsMixin, forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Date"),
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    closed = forms.BooleanField(
        label=gettext_lazy("Pas de livraison ce jour-là"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    capacity = _capacity(gettext_lazy("Sinon, capacité de chaque créneau (colis)"), required=False)
    label = forms.CharField(
        label=gettext_lazy("Motif (facultatif)"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise ValidationError(_("Choisissez une date à venir : aujourd'hui ou plus tard."))
        return day


class SocialTariffForm(AccessibleErrorsMixin, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Courriel du résident"),
        error_messages={
            "invalid": gettext_lazy("Indiquez une adresse électronique valide."),
            "required": gettext_lazy("Indiquez le courriel du résident."),
        },
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Jusqu'au (facultatif)"),
        required=False,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )


class DeliveryDashboardMixin(MunicipalityRequiredMixin):
    def get_territory(self):
        territory = territory_current()
        if territory is None:
            raise Http404(_("Aucun territoire n'est configuré."))
        return territory


class FeesView(DeliveryDashboardMixin, TemplateView):
    """The municipality's home-delivery fees."""

    template_name = "delivery/dashboard/fees.html"

    def communes(self):
        return Commune.objects.filter(territory=self.get_territory()).order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            rules, territory = fee_rules(), self.get_territory()
            initial = {
                "flat": territory.home_delivery_fee,
                "free_above": rules.free_above,
                "social": rules.social,
            }
            for commune_id, amount in CommuneSurcharge.objects.values_list("commune_id", "amount"):
                initial[f"surcharge_{commune_id}"] = amount
            context["form"] = FeesForm(initial=initial, communes=self.communes())
        return context

    def post(self, request, *args, **kwargs):
        form = FeesForm(request.POST, communes=self.communes())
        if not form.is_valid():
            messages.error(request, _("Les tarifs contiennent des erreurs : rien n'a été modifié."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            fee_policy_update(
                territory=self.get_territory(),
                flat=data["flat"],
                free_above=data["free_above"],
                social=data["social"],
                surcharges=form.surcharges(),
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
            messages.error(request, _("Les tarifs contiennent des erreurs : rien n'a été modifié."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Les tarifs de livraison sont enregistrés."))
        return redirect("delivery-dashboard:fees")


class SlotsView(DeliveryDashboardMixin, TemplateView):
    """The weekly slots and the dated exceptions."""

    template_name = "delivery/dashboard/slots.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("template_form", SlotTemplateForm(initial={"cutoff_days_before": 0}))
        context.setdefault("exception_form", SlotExceptionForm())
        context["templates"] = SlotTemplate.objects.all()
        context["exceptions"] = SlotException.objects.filter(day__gte=timezone.localdate())
        return context


class SlotTemplateAddView(SlotsView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = SlotTemplateForm(request.POST)
        if form.is_valid():
            try:
                template = slot_template_add(**form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Le créneau %(slot)s est ajouté.") % {"slot": template})
                return redirect("delivery-dashboard:slots")
        messages.error(request, _("Le créneau contient des erreurs : rien n'a été enregistré."))
        return self.render_to_response(self.get_context_data(template_form=form), status=400)


class SlotTemplateDeleteView(SlotsView):
    http_method_names = ["post"]

    def post(self, request, pk, *args, **kwargs):
        template = get_object_or_404(SlotTemplate, pk=pk)
        template.delete()
        messages.success(request, _("Le créneau %(slot)s est supprimé.") % {"slot": template})
        return redirect("delivery-dashboard:slots")


class SlotExceptionAddView(SlotsView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = SlotExceptionForm(request.POST)
        if form.is_valid():
            try:
                exception = slot_exception_set(**form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                day = date_format(exception.day, "DATE_FORMAT")
                messages.success(request, _("L'exception du %(day)s est enregistrée.") % {"day": day})
                return redirect("delivery-dashboard:slots")
        messages.error(request, _("L'exception contient des erreurs : rien n'a été enregistré."))
        return self.render_to_response(self.get_context_data(exception_form=form), status=400)


class SlotExceptionDeleteView(SlotsView):
    http_method_names = ["post"]

    def post(self, request, pk, *args, **kwargs):
        get_object_or_404(SlotException, pk=pk).delete()
        messages.success(request, _("L'exception est supprimée."))
        return redirect("delivery-dashboard:slots")


class SocialTariffView(DeliveryDashboardMixin, TemplateView):
    """The residents marked eligible for the social tariff; the municipality finds one by e-mail to mark them."""

    template_name = "delivery/dashboard/social_tariff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", SocialTariffForm())
        context["tariffs"] = social_tariffs_in_force()
        return context


class SocialTariffMarkView(SocialTariffView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = SocialTariffForm(request.POST)
        if form.is_valid():
            resident = resident_by_email(email=form.cleaned_data["email"])
            if resident is None:
                form.add_error("email", _("Aucun résident du territoire n'a ce courriel."))
            else:
                try:
                    social_tariff_mark(user=resident, by=request.user, ends_on=form.cleaned_data["ends_on"])
                except ValidationError as error:
                    form.add_error("ends_on", error)
                else:
                    messages.success(
                        request, _("%(email)s bénéficie du tarif social.") % {"email": resident.email}
                    )
                    return redirect("delivery-dashboard:social-tariff")
        messages.error(request, _("Rien n'a été enregistré : corrigez le formulaire."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SocialTariffUnmarkView(SocialTariffView):
    http_method_names = ["post"]

    def post(self, request, pk, *args, **kwargs):
        tariff = get_object_or_404(SocialTariff, pk=pk, revoked_at__isnull=True)
        social_tariff_unmark(tariff=tariff, by=request.user)
        messages.success(
            request, _("Le tarif social de %(email)s est retiré.") % {"email": tariff.user.email}
        )
        return redirect("delivery-dashboard:social-tariff")
