"""The resident's delivery e-mails: out for delivery (the arrival window and the delivery code), delivered, and
failed (the contact point the parcel goes to, its address and hours, until when it is kept). Plain text and
HTML (core.mail), in the recipient's language; sent by delivery.services.delivery_notice_send, once."""

from datetime import date, datetime, timedelta

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.hours import END_OF_DAY, PARIS
from core.mail import email_language, email_send
from delivery.eta import stop_arrival_window
from delivery.models import DeliveryCode, DeliveryNotice, Stop
from delivery.services import delivery_code_clear
from delivery.slots import order_slot_label
from pickup.checkout import opening_hours_text
from pickup.hours import contact_point_is_open_on, contact_point_last_open_by
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
    # What is worded here (the window, the reason, the hours, the slot) is in the e-mail's language too.
    with translation.override(email_language()):
        context["slot"] = order_slot_label(order=order)
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
                kept_until=failed_kept_until(point=point, day=day) if point and day else None,
            )
    email_send(template_prefix=f"delivery/emails/{notice.kind}", context=context, to=[order.email])


def failed_kept_until(*, point, day: date) -> datetime:
    """Until when a failed parcel dropped at ``point`` on ``day`` is kept: its retention counted from that day,
    to the end of the day it ends, moved back to the point's last opening when it is closed then."""
    days = retention_for_category(category=point.category).days
    ends = timezone.make_aware(datetime.combine(day + timedelta(days=days), END_OF_DAY), PARIS)
    return contact_point_last_open_by(point=point, moment=ends) or ends
