"""The merchant space's orders: the merchant's share of each, its preparation steps and its parcel label."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from core.qr import qr_data_uri
from merchants import selectors, services
from merchants.views.space import MerchantSpaceMixin


class FulfilmentListView(MerchantSpaceMixin, ListView):
    """The merchant's share of each order, never another merchant's lines."""

    template_name = "merchants/dashboard/fulfilment_list.html"
    context_object_name = "fulfilments"
    paginate_by = 25

    def get_queryset(self):
        return selectors.fulfilments_for_user(user=self.request.user)


class FulfilmentLineUnavailableView(MerchantSpaceMixin, View):
    """The merchant cannot supply a line: it is refunded to the resident, who is told. The merchant goes back
    to the page they came from (the order, or the list of orders)."""

    def post(self, request, pk, line_pk):
        from merchants.refunds import fulfilment_lines_mark_unavailable

        fulfilment = get_object_or_404(selectors.fulfilments_for_user(user=request.user), pk=pk)
        line = get_object_or_404(fulfilment.lines.all(), pk=line_pk)
        back = _safe_next(request) or reverse("merchant-space:fulfilment-list")
        try:
            fulfilment_lines_mark_unavailable(fulfilment=fulfilment, lines=[line], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(
            request,
            _("« %(title)s » est marqué indisponible : le client est remboursé et prévenu.")
            % {"title": line.title},
        )
        return redirect(back)


def _safe_next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


_PREPARATION_ACTIONS = {
    "accepter": "fulfilment_accept",
    "prete": "fulfilment_mark_ready",
    "remise": "fulfilment_hand_over",
}
_LABEL_STATUSES = {"ready", "handed_over", "delivered"}


def _own_fulfilment(request, pk: int):
    fulfilment = selectors.fulfilment_for_user(user=request.user, pk=pk)
    if fulfilment is None:
        raise Http404(_("Cette commande n'existe pas dans votre espace."))
    return fulfilment


class FulfilmentDetailView(MerchantSpaceMixin, TemplateView):
    """One order as the merchant prepares it: their lines only, and the destination as far as delivery needs."""

    template_name = "merchants/dashboard/fulfilment_detail.html"

    def get_context_data(self, **kwargs):
        from merchants.refunds import refunded_line_ids

        context = super().get_context_data(**kwargs)
        fulfilment = _own_fulfilment(self.request, kwargs["pk"])
        refunded = refunded_line_ids(order=fulfilment.order)
        status = fulfilment.status
        context.update(
            fulfilment=fulfilment,
            lines=[(line, line.pk in refunded) for line in fulfilment.lines.all()],
            destination=selectors.fulfilment_destination(fulfilment=fulfilment),
            can_accept=fulfilment.can("accept"),
            can_mark_ready=fulfilment.can("mark_ready"),
            can_hand_over=fulfilment.can("hand_over"),
            can_mark_unavailable=fulfilment.is_preparing,
            has_label=status in _LABEL_STATUSES,
        )
        return context


class FulfilmentTransitionView(MerchantSpaceMixin, View):
    """Accept, mark ready or hand over one of the merchant's fulfilments."""

    def post(self, request, pk, action):

        if action not in _PREPARATION_ACTIONS:
            raise Http404(_("Action inconnue."))
        fulfilment = _own_fulfilment(request, pk)
        try:
            getattr(services, _PREPARATION_ACTIONS[action])(fulfilment=fulfilment, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            success = {
                "accepter": _("Commande %(number)s acceptée."),
                "prete": _("Commande %(number)s prête : imprimez l'étiquette du colis."),
                "remise": _("Commande %(number)s remise."),
            }[action]
            messages.success(request, success % {"number": fulfilment.order.number})
        return redirect("merchant-space:fulfilment-detail", pk=fulfilment.pk)


class FulfilmentLabelView(MerchantSpaceMixin, TemplateView):
    """The parcel label to print once the parcel is ready: order number, merchant, destination, QR code."""

    template_name = "merchants/dashboard/fulfilment_label.html"

    def get(self, request, *args, **kwargs):
        from merchants.refunds import refunded_line_ids

        fulfilment = _own_fulfilment(request, kwargs["pk"])
        if fulfilment.status not in _LABEL_STATUSES:
            return HttpResponse(
                _("L'étiquette s'imprime une fois le colis prêt."),
                status=409,
                content_type="text/plain; charset=utf-8",
            )
        refunded = refunded_line_ids(order=fulfilment.order)
        lines = [line for line in fulfilment.lines.all() if line.pk not in refunded]
        payload = f"COMPTOIR:{fulfilment.order.number}:{fulfilment.merchant.slug}"
        context = self.get_context_data(
            fulfilment=fulfilment,
            destination=selectors.fulfilment_destination(fulfilment=fulfilment),
            line_count=len(lines),
            item_count=sum(line.quantity for line in lines),
            qr_payload=payload,
            qr_data_uri=qr_data_uri(payload),
        )
        return self.render_to_response(context)
