"""The resident's delivery e-mails: out for delivery (the arrival window and the delivery code), delivered, and
failed (the contact point the parcel goes to, its address and hours, until when it is kept). Plain text and
HTML, in the site's language; sent by delivery.services.delivery_notice_send, once."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from delivery.eta import stop_arrival_window
from delivery.models import DeliveryCode, DeliveryNotice, Stop
from delivery.services import delivery_code_clear
from pickup.checkout import opening_hours_text
from pickup.hours import contact_point_is_open_on
from pickup.services import retention_for_category


def clock_text(moment: datetime) -> str:
    """« 14 h 15 », as French writes a time of day."""
    return formats.date_format(timezone.localtime(moment), r"G \h i")


def window_text(window: tuple[datetime, datetime]) -> str:
    """« entre 14 h 15 et 15 h 00 »."""
    return _("entre %(start)s et %(end)s") % {"start": clock_text(window[0]), "end": clock_text(window[1])}


def failed_drop_day(*, stop: Stop) -> date | None:
    """The day a failed parcel reaches its point: today when a drop was added to this round, else the point's
    next opening day."""
    point = stop.contact_point
    if point is None:
        return None
    tour = stop.round
    if tour.stops.filter(
        kind=Stop.Kind.CONTACT_POINT, fulfilment=stop.fulfilment, contact_point=point
    ).exists():
        return tour.day
    start = timezone.localtime(stop.done_at or timezone.now()).date()
    for offset in range(1, 15):
        day = start + timedelta(days=offset)
        if contact_point_is_open_on(point=point, day=day):
            return day
    return None


def send_delivery_notice(*, notice: DeliveryNotice) -> None:
    """Builds and sends the e-mail ``notice`` stands for."""
    order, stop = notice.order, notice.stop
    address = order.shipping_address
    name = (f"{address.first_name} {address.last_name}".strip() if address else "") or (
        order.user.get_full_name() if order.user else ""
    )
    context = {"order": order, "name": name, "stop": stop}
    with translation.override(settings.LANGUAGE_CODE):
        if notice.kind == DeliveryNotice.Kind.OUT_FOR_DELIVERY:
            stops = list(stop.round.stops.order_by("sequence"))
            window = stop_arrival_window(stop=stop, round_stops=stops, now=timezone.now())
            record = DeliveryCode.objects.filter(order=order).first()
            context["window"] = window_text(window) if window else ""
            context["code"] = delivery_code_clear(record) if record else None
        elif notice.kind == DeliveryNotice.Kind.FAILED:
            point = stop.contact_point
            day = failed_drop_day(stop=stop)
            context.update(
                point=point,
                reason=stop.get_failure_reason_display(),
                hours=opening_hours_text(point=point) if point else "",
                day=day,
                kept_until=day + timedelta(days=retention_for_category(category=point.category).days)
                if point and day
                else None,
            )
        kind = notice.kind
        subject = render_to_string(f"delivery/emails/{kind}_subject.txt", context).strip()
        text = render_to_string(f"delivery/emails/{kind}_body.txt", context)
        html = render_to_string(f"delivery/emails/{kind}_body.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[order.email]
    )
    message.attach_alternative(html, "text/html")
    message.send()
