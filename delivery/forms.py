"""The dispatcher's forms: the day shown, a parcel to move, a courier's day and a vehicle. Each refuses what would
make a plan impossible (a shift ending before it starts, an empty vehicle) with a French message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from delivery.models import Courier, Vehicle


class DayForm(forms.Form):
    day = forms.DateField(
        label=_("Jour"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date valide (AAAA-MM-JJ).")},
    )


class MoveForm(forms.Form):
    fulfilment = forms.IntegerField(
        min_value=1, error_messages={"required": _("Choisissez le colis à déplacer.")}
    )
    to_round = forms.TypedChoiceField(
        label=_("Vers la tournée de"),
        coerce=int,
        error_messages={
            "required": _("Choisissez la tournée qui prendra le colis."),
            "invalid_choice": _("Cette tournée n'est pas une tournée de ce jour."),
        },
    )

    def __init__(self, *args, rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_round"].choices = [(tour.pk, str(tour.courier)) for tour in rounds]


class CourierForm(forms.ModelForm):
    class Meta:
        model = Courier
        fields = [
            "vehicle",
            "shift_start",
            "shift_end",
            "break_from",
            "break_until",
            "break_minutes",
            "base_latitude",
            "base_longitude",
            "active",
        ]
        labels = {"vehicle": _("Véhicule")}
        widgets = {
            name: forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
            for name in ("shift_start", "shift_end", "break_from", "break_until")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = Vehicle.objects.order_by("name")

    def clean(self):
        data = super().clean()
        start, end = data.get("shift_start"), data.get("shift_end")
        if start and end and end <= start:
            self.add_error("shift_end", _("La fin de service doit venir après son début."))
            start = end = None  # the break is checked against a shift that makes sense
        since, until = data.get("break_from"), data.get("break_until")
        if bool(since) != bool(until):
            self.add_error("break_until", _("Donnez les deux bornes de la pause, ou aucune."))
        elif since and until:
            if until <= since:
                self.add_error("break_until", _("La pause doit finir après son début."))
            elif start and end and (since < start or until > end):
                self.add_error("break_from", _("La pause doit se tenir pendant le service."))
        minutes = data.get("break_minutes")
        if since and until and minutes is not None and minutes <= 0:
            self.add_error("break_minutes", _("Une pause dure au moins une minute."))
        latitude, longitude = data.get("base_latitude"), data.get("base_longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("base_longitude", _("Donnez la latitude et la longitude du départ, ou aucune."))
        if latitude is not None and not -90 <= latitude <= 90:
            self.add_error("base_latitude", _("Une latitude est comprise entre -90 et 90."))
        if longitude is not None and not -180 <= longitude <= 180:
            self.add_error("base_longitude", _("Une longitude est comprise entre -180 et 180."))
        return data


class VehicleForm(forms.ModelForm):
    class Meta:
        model = Vehicle
        fields = ["name", "kind", "capacity_parcels", "capacity_litres", "refrigerated", "active"]

    def clean_capacity_parcels(self):
        value = self.cleaned_data["capacity_parcels"]
        if value is None or value <= 0:
            raise forms.ValidationError(_("Un véhicule emporte au moins un colis."))
        return value

    def clean_capacity_litres(self):
        value = self.cleaned_data["capacity_litres"]
        if value is None or value <= 0:
            raise forms.ValidationError(_("La capacité en litres doit être supérieure à zéro."))
        return value
