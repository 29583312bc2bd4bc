"""The courier's pages, phone-sized: their rounds, and a round's stops in order with where to go, what to do there
and the actions to record it (plain forms that work without JavaScript; courier-round.js queues them offline and
sends them through the JSON API); the printable round sheet."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from delivery import selectors
from delivery.actions import ActionRefused, ActionRequest, courier_action_apply
from delivery.models import FailReason, Round, Stop


class CourierMixin(UserPassesTestMixin):
    """Only a courier of this territory, and only on their own rounds."""

    def test_func(self):
        self.courier = selectors.courier_for(self.request.user)
        return self.courier is not None

    def get_round(self):
        tour = selectors.courier_round(courier=self.courier, pk=self.kwargs["pk"])
        if tour is None:
            raise Http404(_("Cette tournée n'est pas la vôtre."))
        return tour


class RoundListView(CourierMixin, TemplateView):
    template_name = "delivery/round_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        rounds = selectors.courier_rounds(courier=self.courier, since=today)
        return super().get_context_data(
            courier=self.courier,
            today=today,
            todays=[tour for tour in rounds if tour.day == today],
            later=[tour for tour in rounds if tour.day > today],
            **kwargs,
        )


class RoundDetailView(CourierMixin, TemplateView):
    """The round to run: its stops in order, each with its actions, and the round on a map. A POST records one
    action (the form's hidden id, made when the page was drawn, makes a double submit harmless)."""

    template_name = "delivery/round_detail.html"

    def get_context_data(self, **kwargs):
        tour = kwargs.pop("tour", None) or self.get_round()
        stops = [
            selectors.stop_view(stop) | {"action_id": uuid.uuid4()}
            for stop in selectors.round_stops(tour=tour)
        ]
        left = sum(1 for item in stops if item["stop"].status == Stop.Status.PLANNED)
        return super().get_context_data(
            tour=tour,
            stops=stops,
            stops_left=left,
            can_start=tour.can("start"),
            can_finish=tour.can("finish"),
            started=tour.status == Round.Status.STARTED,
            fail_reasons=FailReason.choices,
            map_data={
                "tileUrl": settings.MAP_TILE_URL,
                "stops": [
                    {"n": item["stop"].sequence, "lat": item["stop"].latitude, "lon": item["stop"].longitude}
                    | {
                        "label": f"{item['stop'].sequence}. {item['place'] or item['stop'].get_kind_display()}"
                    }
                    for item in stops
                    if item["stop"].latitude is not None and item["stop"].longitude is not None
                ],
            },
            api_url=reverse("courier-api:round-actions", args=[tour.pk]),
            labels=_script_labels(),
            start_id=uuid.uuid4(),
            finish_id=uuid.uuid4(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        tour = self.get_round()
        data = request.POST
        try:
            action_id = uuid.UUID(data.get("action_id", ""))
        except ValueError:
            action_id = uuid.uuid4()
        try:
            stop_id = int(data["stop"]) if data.get("stop") else None
        except ValueError:
            stop_id = -1
        action = ActionRequest(
            action_id=action_id,
            kind=data.get("kind", ""),
            stop_id=stop_id,
            proof=data.get("proof", ""),
            code=data.get("code", ""),
            scanned=data.get("scanned", ""),
            recipient_name=data.get("recipient_name", ""),
            signature=request.FILES.get("signature") or data.get("signature_data", ""),
            photo=request.FILES.get("photo") or data.get("photo_data", ""),
            reason=data.get("reason", ""),
        )
        try:
            result = courier_action_apply(
                courier=self.courier, round_id=tour.pk, request=action, by=request.user
            )
        except ActionRefused as refusal:
            context = self.get_context_data(
                tour=selectors.courier_round(courier=self.courier, pk=tour.pk),
                error=refusal.message,
                error_stop=stop_id,
            )
            return self.render_to_response(context, status=refusal.status)
        messages.success(request, result.message)
        anchor = f"#arret-{result.stop_id}" if result.stop_id else ""
        return redirect(f"{request.path}{anchor}")


class RoundSheetView(RoundDetailView):
    """The round sheet, to print: the same stops without the site's header."""

    template_name = "delivery/round_sheet.html"
    http_method_names = ["get"]


def _script_labels() -> dict:
    """The words courier-round.js shows, in the page's language."""
    return {
        "pending": _("En attente d'envoi"),
        "queuedOne": _("1 action en attente d'envoi."),
        "queuedMany": _("%(count)s actions en attente d'envoi."),
        "offline": _("Hors ligne : elles partiront au retour du réseau."),
        "refused": _("Action refusée."),
        "leftOne": _("Encore 1 arrêt à faire."),
        "leftMany": _("Encore %(count)s arrêts à faire."),
        "signFirst": _("Faites signer le destinataire dans le cadre."),
        "photoFirst": _("Prenez une photo du colis remis."),
        "noRoom": _(
            "Plus de place sur le téléphone pour cette action : réessayez une fois le réseau revenu."
        ),
        "noCamera": _("L'appareil photo n'est pas disponible : tapez le numéro de commande."),
        "status": {value: str(label) for value, label in Stop.Status.choices},
        "round": {value: str(label) for value, label in Round.Status.choices},
    }
