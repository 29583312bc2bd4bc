"""The municipality's observatory in the dashboard: the period's indicators beside the same period a year earlier
(charts and tables), each table's CSV export, the printable monthly report, and a refresh on demand.

Every figure comes from observatory.report (after statistical secrecy); a bad period is answered with a 400 and
the French message, never a 500."""

import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from kombu.exceptions import OperationalError

from core.access import MunicipalityRequiredMixin
from observatory import display, exports
from observatory.periods import DAY, KIND_LABELS, MONTH, WEEK, YEAR, Period, PeriodInvalid
from observatory.report import observatory_read
from observatory.services import rollups_refresh
from observatory.tasks import observatory_refresh
from territory.selectors import territory_current

logger = logging.getLogger(__name__)

# The pages' French parameter values and the periods' kinds.
PERIOD_PARAMS = {"jour": DAY, "semaine": WEEK, "mois": MONTH, "annee": YEAR}
PARAM_OF_KIND = {kind: param for param, kind in PERIOD_PARAMS.items()}


def period_from(params) -> Period:
    """The period a query string asks for (``periode`` and ``date``): the current month by default."""
    asked = (params.get("periode") or "mois").strip().casefold().replace("é", "e")
    kind = PERIOD_PARAMS.get(asked)
    if kind is None:
        raise PeriodInvalid(_("Choisissez une période : jour, semaine, mois ou année."))
    return Period.parse(kind, params.get("date", ""), today=timezone.localdate())


def period_query(period: Period) -> str:
    return urlencode({"periode": PARAM_OF_KIND[period.kind], "date": period.value})


def period_context(period: Period, *, url_name: str) -> dict:
    """The period form's choices and the links to the periods before and after."""
    url = reverse(url_name)
    return {
        "period_action": url,
        "period": period,
        "period_param": PARAM_OF_KIND[period.kind],
        "period_query": period_query(period),
        "period_choices": [(param, KIND_LABELS[kind]) for param, kind in PERIOD_PARAMS.items()],
        "period_before": period.shifted(-1),
        "period_after": period.shifted(1),
        "before_url": f"{url}?{period_query(period.shifted(-1))}",
        "after_url": f"{url}?{period_query(period.shifted(1))}",
    }


def period_refused(request, error: PeriodInvalid, *, back_url: str):
    return render(
        request,
        "observatory/invalid.html",
        {"message": str(error), "back_url": back_url},
        status=400,
    )


def territory_or_404():
    territory = territory_current()
    if territory is None:
        raise Http404(_("Aucun territoire."))
    return territory


class IndexView(MunicipalityRequiredMixin, TemplateView):
    """The period's headline figures and every table, each with its chart."""

    template_name = "observatory/index.html"

    def get(self, request, *args, **kwargs):
        try:
            period = period_from(request.GET)
        except PeriodInvalid as error:
            return period_refused(request, error, back_url=reverse("observatory:index"))
        territory = territory_or_404()
        shown = display.observatory_show(
            observatory_read(territory=territory, period=period), tile_url=settings.MAP_TILE_URL
        )
        context = self.get_context_data(
            territory=territory, **shown, **period_context(period, url_name="observatory:index")
        )
        return self.render_to_response(context)


class ExportView(MunicipalityRequiredMixin, View):
    """One table of the period as CSV, with the page's published values."""

    def get(self, request, code: str):
        try:
            period = period_from(request.GET)
        except PeriodInvalid as error:
            return period_refused(request, error, back_url=reverse("observatory:index"))
        observatory = observatory_read(territory=territory_or_404(), period=period)
        table = observatory.tables.get(code)
        if table is None:
            raise Http404(_("Ce tableau n'existe pas."))
        response = HttpResponse(
            exports.table_csv(table=table, observatory=observatory), content_type="text/csv; charset=utf-8"
        )
        filename = exports.table_csv_filename(table=table, observatory=observatory)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ReportView(MunicipalityRequiredMixin, TemplateView):
    """The month's report for the municipal council, to print."""

    template_name = "observatory/report.html"

    def get(self, request, *args, **kwargs):
        try:
            period = Period.parse(MONTH, request.GET.get("date", ""), today=timezone.localdate())
        except PeriodInvalid as error:
            return period_refused(request, error, back_url=reverse("observatory:report"))
        territory = territory_or_404()
        shown = display.observatory_show(observatory_read(territory=territory, period=period))
        return self.render_to_response(self.get_context_data(territory=territory, period=period, **shown))


class RefreshView(MunicipalityRequiredMixin, View):
    """Brings the figures up to date now: by a worker when the broker answers, else here and now."""

    http_method_names = ["post"]

    def post(self, request):
        territory = territory_or_404()
        try:
            period = period_from(request.POST)
        except PeriodInvalid:
            period = Period.containing(MONTH, timezone.localdate())
        try:
            observatory_refresh.apply_async(args=(territory.pk,), retry=False)
            messages.success(
                request, _("La mise à jour est lancée : les chiffres seront à jour dans quelques instants.")
            )
        except (OperationalError, OSError) as error:
            logger.warning(
                "Observatory refresh of %s not queued (%r): run in the request", territory.slug, error
            )
            report = rollups_refresh(territory_id=territory.pk)
            if report.skipped:
                messages.info(request, _("Une mise à jour est déjà en cours : les chiffres arrivent."))
            else:
                messages.success(request, _("Les chiffres sont à jour."))
        return redirect(f"{reverse('observatory:index')}?{period_query(period)}")
