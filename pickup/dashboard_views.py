"""The municipality's dashboard pages for contact points: find a point, edit its hours and exceptions."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from core.access import MunicipalityRequiredMixin
from core.hours import day_ranges_normalised, range_text
from pickup import selectors
from pickup.hours import (
    WEEKDAY_CHOICES,
    contact_point_delete_exception,
    contact_point_is_open_now,
    contact_point_set_exception,
    contact_point_set_weekly_hours,
    exception_ranges,
    open_point_ids_on,
    opening_ranges_on,
    weekly_hours_display,
)
from pickup.models import ContactPoint, OpeningException
from territory.selectors import territory_current

SLOTS = (1, 2)
QUERY_MAX_LENGTH = 100


def _time_field(label) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M"),
    )


class AccessibleErrorsMixin:
    """Marks invalid inputs for screen readers and lists every error at the top, each linked to its input."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-errors"

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(input id or "", label, message) for each error, non-field errors first."""
        summary = [("", "", message) for message in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name in self.fields:
                summary.extend((self[name].auto_id, self[name].label, message) for message in errors)
        return summary


class WeeklyHoursForm(AccessibleErrorsMixin, forms.Form):
    """Seven days of two ranges; a day left empty is closed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for weekday, label in WEEKDAY_CHOICES:
            day = str(label).capitalize()
            for slot in SLOTS:
                names = {"day": day, "slot": slot}
                self.fields[f"d{weekday}_opens_{slot}"] = _time_field(
                    _("%(day)s, plage %(slot)s : ouverture") % names
                )
                self.fields[f"d{weekday}_closes_{slot}"] = _time_field(
                    _("%(day)s, plage %(slot)s : fermeture") % names
                )

    @staticmethod
    def initial_for(point: ContactPoint) -> dict:
        initial = {}
        for weekday, (_label, ranges) in enumerate(weekly_hours_display(point=point)):
            for slot, (opens, closes) in zip(SLOTS, ranges, strict=False):
                initial[f"d{weekday}_opens_{slot}"] = opens
                initial[f"d{weekday}_closes_{slot}"] = closes
        return initial

    def clean(self):
        cleaned = super().clean()
        for weekday, label in WEEKDAY_CHOICES:
            for slot in SLOTS:
                _check_pair(self, cleaned, f"d{weekday}_opens_{slot}", f"d{weekday}_closes_{slot}")
            pairs = [
                (cleaned.get(f"d{weekday}_opens_{slot}"), cleaned.get(f"d{weekday}_closes_{slot}"))
                for slot in SLOTS
            ]
            try:
                day_ranges_normalised(
                    ranges=[pair for pair in pairs if None not in pair], day_label=str(label).capitalize()
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def ranges_by_weekday(self) -> dict[int, list[tuple]]:
        return {
            weekday: [
                (
                    self.cleaned_data[f"d{weekday}_opens_{slot}"],
                    self.cleaned_data[f"d{weekday}_closes_{slot}"],
                )
                for slot in SLOTS
                if self.cleaned_data.get(f"d{weekday}_opens_{slot}") is not None
                and self.cleaned_data.get(f"d{weekday}_closes_{slot}") is not None
            ]
            for weekday, _label in WEEKDAY_CHOICES
        }

    def rows(self) -> list[dict]:
        return [
            {
                "day": str(label).capitalize(),
                "cells": [self[f"d{weekday}_{end}_{slot}"] for slot in SLOTS for end in ("opens", "closes")],
            }
            for weekday, label in WEEKDAY_CHOICES
        ]


def _check_pair(form: forms.Form, cleaned: dict, opens_name: str, closes_name: str) -> None:
    if opens_name in form.errors or closes_name in form.errors:
        return
    opens, closes = cleaned.get(opens_name), cleaned.get(closes_name)
    if opens is not None and closes is None:
        form.add_error(closes_name, _("Indiquez aussi l'heure de fermeture de cette plage."))
    elif closes is not None and opens is None:
        form.add_error(opens_name, _("Indiquez aussi l'heure d'ouverture de cette plage."))


class ExceptionForm(AccessibleErrorsMixin, forms.Form):
    """A dated exception: closed all day, or special hours that day."""

    date = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    is_closed = forms.BooleanField(
        label=gettext_lazy("Fermé toute la journée"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    opens_1 = _time_field(gettext_lazy("Plage 1 : ouverture"))
    closes_1 = _time_field(gettext_lazy("Plage 1 : fermeture"))
    opens_2 = _time_field(gettext_lazy("Plage 2 : ouverture"))
    closes_2 = _time_field(gettext_lazy("Plage 2 : fermeture"))
    label = forms.CharField(
        label=gettext_lazy("Motif (facultatif)"),
        required=False,
        max_length=OpeningException._meta.get_field("label").max_length,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < timezone.localdate():
            raise ValidationError(_("Choisissez une date à venir : aujourd'hui ou plus tard."))
        return day

    def clean(self):
        cleaned = super().clean()
        for slot in SLOTS:
            _check_pair(self, cleaned, f"opens_{slot}", f"closes_{slot}")
        return cleaned

    def ranges(self) -> list[tuple]:
        return [
            (self.cleaned_data[f"opens_{slot}"], self.cleaned_data[f"closes_{slot}"])
            for slot in SLOTS
            if self.cleaned_data.get(f"opens_{slot}") is not None
            and self.cleaned_data.get(f"closes_{slot}") is not None
        ]


class PointListView(MunicipalityRequiredMixin, ListView):
    """The contact points of the territory's communes (or of all France), searchable, with today's openness."""

    template_name = "pickup/dashboard/point_list.html"
    context_object_name = "points"
    paginate_by = 25

    def get_queryset(self):
        self.query = (self.request.GET.get("q") or "").strip()[:QUERY_MAX_LENGTH]
        self.everywhere = self.request.GET.get("partout") == "1"
        self.territory = territory_current()
        scope = None if self.everywhere else self.territory
        return selectors.contact_points_for_dashboard(query=self.query, territory=scope)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        page_ids = [point.pk for point in context["points"]]
        context["open_today_ids"] = open_point_ids_on(day=today, point_ids=page_ids)
        context["query"] = self.query
        context["everywhere"] = self.everywhere or self.territory is None
        context["territory"] = self.territory
        params = {"q": self.query} if self.query else {}
        if self.everywhere:
            params["partout"] = "1"
        context["page_query"] = urlencode(params)
        return context


class PointHoursView(MunicipalityRequiredMixin, TemplateView):
    """One point: its weekly hours (editable) and its upcoming dated exceptions (add, delete)."""

    template_name = "pickup/dashboard/point_hours.html"

    def load_point(self) -> ContactPoint:
        self.point = get_object_or_404(ContactPoint, pk=self.kwargs["pk"])
        return self.point

    def get(self, request, *args, **kwargs):
        self.load_point()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        point = self.point
        today = timezone.localdate()
        context["point"] = point
        context.setdefault("form", WeeklyHoursForm(initial=WeeklyHoursForm.initial_for(point)))
        context.setdefault("exception_form", ExceptionForm())
        context["weekly"] = [
            (label, [range_text(item) for item in ranges])
            for label, ranges in weekly_hours_display(point=point)
        ]
        context["today_ranges"] = [range_text(item) for item in opening_ranges_on(point=point, day=today)]
        context["open_now"] = contact_point_is_open_now(point=point)
        context["exceptions"] = [
            {
                "exception": exception,
                "ranges": [range_text(item) for item in exception_ranges(exception=exception)],
            }
            for exception in point.opening_exceptions.filter(date__gte=today).order_by("date")
        ]
        return context

    def render_page(self, *, status: int, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs), status=status)

    def post(self, request, *args, **kwargs):
        point = self.load_point()
        form = WeeklyHoursForm(request.POST)
        if form.is_valid():
            try:
                contact_point_set_weekly_hours(point=point, ranges_by_weekday=form.ranges_by_weekday())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Les horaires de la semaine sont enregistrés."))
                return redirect("pickup-dashboard:point-hours", pk=point.pk)
        messages.error(request, _("Les horaires contiennent des erreurs : rien n'a été modifié."))
        return self.render_page(status=400, form=form)


class ExceptionAddView(PointHoursView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        point = self.load_point()
        form = ExceptionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                contact_point_set_exception(
                    point=point,
                    day=data["date"],
                    is_closed=data["is_closed"],
                    ranges=form.ranges(),
                    label=data["label"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("L'exception du %(day)s est enregistrée.")
                    % {"day": date_format(data["date"], "DATE_FORMAT")},
                )
                return redirect("pickup-dashboard:point-hours", pk=point.pk)
        messages.error(request, _("L'exception contient des erreurs : rien n'a été modifié."))
        return self.render_page(status=400, exception_form=form)


class ExceptionDeleteView(PointHoursView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        point = self.load_point()
        exception = get_object_or_404(OpeningException, pk=kwargs["exception_pk"], contact_point=point)
        contact_point_delete_exception(point=point, day=exception.date)
        messages.success(
            request,
            _("L'exception du %(day)s est supprimée.") % {"day": date_format(exception.date, "DATE_FORMAT")},
        )
        return redirect("pickup-dashboard:point-hours", pk=point.pk)
