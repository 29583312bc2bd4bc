"""The dispatcher's pages, for the municipality: a day's rounds on a map and as a table, the parcels left out with
their reasons, and the actions on them (plan the day again, lock a round, move a parcel); couriers and vehicles."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.access import MunicipalityRequiredMixin
from delivery import dispatch
from delivery.forms import CourierForm, DayForm, MoveForm, VehicleForm
from delivery.models import Courier, Vehicle


def _day_url(day: date) -> str:
    return f"{reverse('dispatch:day')}?jour={day.isoformat()}"


class DispatchDayView(MunicipalityRequiredMixin, TemplateView):
    """The day (today unless ``?jour=`` names another): map, table, unassigned parcels, actions."""

    template_name = "delivery/dispatch/day.html"

    def get(self, request, *args, **kwargs):
        form = DayForm({"day": request.GET.get("jour") or timezone.localdate().isoformat()})
        if not form.is_valid():
            messages.error(request, _("Cette date n'est pas valide : voici les tournées d'aujourd'hui."))
            return self.render_day(timezone.localdate(), status=400)
        return self.render_day(form.cleaned_data["day"])

    def render_day(self, day: date, *, status: int = 200, **extra):
        overview = dispatch.dispatch_day(day=day)
        tours = [row.tour for row in overview.rounds]
        context = self.get_context_data(
            overview=overview,
            day=day,
            day_label=date_format(day, "l j F Y"),
            day_form=DayForm(initial={"day": day}),
            movable_to=[tour for tour in tours if tour.status != tour.Status.DONE and not tour.locked],
            map_data=overview.map_data(tile_url=settings.MAP_TILE_URL),
            **extra,
        )
        return self.render_to_response(context, status=status)


class _DayActionView(MunicipalityRequiredMixin, View):
    """A POST on the day page: the day comes with the form; a refusal shows the page again with a 400."""

    def posted_day(self) -> date:
        form = DayForm({"day": self.request.POST.get("day", "")})
        return form.cleaned_data["day"] if form.is_valid() else timezone.localdate()

    def refused(self, day: date, message: str):
        messages.error(self.request, message)
        view = DispatchDayView(request=self.request, args=(), kwargs={})
        return view.render_day(day, status=400)

    def get_round(self):
        tour = dispatch.dispatch_round(pk=self.kwargs["pk"])
        if tour is None:
            raise Http404(_("Cette tournée n'existe pas."))
        return tour


class DayReplanView(_DayActionView):
    def post(self, request):
        day = self.posted_day()
        try:
            run = dispatch.day_replan(day=day)
        except dispatch.DispatchRefused as refusal:
            return self.refused(day, _("La planification est refusée : %(why)s") % {"why": refusal.message})
        left = len(run.unassigned)
        messages.success(
            request,
            _("Le %(day)s est planifié : %(rounds)d tournée(s), %(left)d colis non placé(s).")
            % {"day": date_format(day, "j F"), "rounds": run.rounds.count(), "left": left},
        )
        return redirect(_day_url(day))


class RoundLockView(_DayActionView):
    lock = True

    def post(self, request, pk):
        tour = self.get_round()
        action = dispatch.round_lock if self.lock else dispatch.round_unlock
        try:
            action(tour=tour, by=request.user)
        except dispatch.DispatchRefused as refusal:
            return self.refused(tour.day, refusal.message)
        text = _("La tournée de %(courier)s est verrouillée : la replanification la garde telle quelle.")
        if not self.lock:
            text = _("La tournée de %(courier)s est déverrouillée.")
        messages.success(request, text % {"courier": tour.courier})
        return redirect(_day_url(tour.day))


class RoundUnlockView(RoundLockView):
    lock = False


class ParcelMoveView(_DayActionView):
    def post(self, request):
        day = self.posted_day()
        rounds = dispatch.dispatch_rounds(day=day)
        form = MoveForm(request.POST, rounds=rounds)
        if not form.is_valid():
            errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
            return self.refused(day, _("Le colis n'a pas été déplacé : %(why)s") % {"why": errors})
        target = next(tour for tour in rounds if tour.pk == form.cleaned_data["to_round"])
        try:
            dispatch.parcel_move(fulfilment_id=form.cleaned_data["fulfilment"], to_round=target)
        except dispatch.DispatchRefused as refusal:
            return self.refused(day, refusal.message)
        messages.success(
            request,
            _("Le colis est dans la tournée de %(courier)s, remise en ordre.") % {"courier": target.courier},
        )
        return redirect(_day_url(day))


class FleetView(MunicipalityRequiredMixin, TemplateView):
    """The couriers and the vehicles, each with its edit page."""

    template_name = "delivery/dispatch/fleet.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            couriers=dispatch.dispatch_couriers(), vehicles=dispatch.dispatch_vehicles(), **kwargs
        )


class _EditView(MunicipalityRequiredMixin, TemplateView):
    template_name = "delivery/dispatch/edit.html"
    model = None
    form_class = None
    saved_message = ""

    def save(self, item, data: dict):
        raise NotImplementedError

    def get_object(self):
        found = self.model.objects.filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404(_("Introuvable sur ce territoire."))
        return found

    def get(self, request, pk):
        item = self.get_object()
        return self.render_to_response(self.get_context_data(item=item, form=self.form_class(instance=item)))

    def post(self, request, pk):
        item = self.get_object()
        form = self.form_class(request.POST, instance=self.model.objects.get(pk=item.pk))
        if not form.is_valid():
            messages.error(request, _("Le formulaire contient des erreurs : rien n'a été modifié."))
            return self.render_to_response(self.get_context_data(item=item, form=form), status=400)
        self.save(item, {name: form.cleaned_data[name] for name in form.changed_data})
        messages.success(request, self.saved_message % {"name": item})
        return redirect("dispatch:fleet")


class CourierUpdateView(_EditView):
    model = Courier
    form_class = CourierForm
    saved_message = gettext_lazy(
        "Le service de %(name)s est enregistré ; il compte dès la prochaine planification."
    )

    def save(self, item, data: dict):
        return dispatch.courier_update(courier=item, data=data)


class VehicleUpdateView(_EditView):
    model = Vehicle
    form_class = VehicleForm
    saved_message = gettext_lazy(
        "Le véhicule %(name)s est enregistré ; il compte dès la prochaine planification."
    )

    def save(self, item, data: dict):
        return dispatch.vehicle_update(vehicle=item, data=data)
