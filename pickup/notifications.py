"""The resident's e-mails about a parcel at a contact point: ready (with its code) and the reminder."""

from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from core.qr import qr_png
from pickup.checkout import opening_hours_text
from pickup.models import Parcel


def qr_payload(*, order_number: str, code: str) -> str:
    """What the counter's scanner reads: the order and its code."""
    return f"COMPTOIR:{order_number}:{code}"


def send_parcel_ready(*, parcel: Parcel, code: str) -> None:
    """Tells the resident their parcel is ready: the point, its hours, the code and its QR, the last day."""
    payload = qr_payload(order_number=parcel.order.number, code=code)
    qr_cid = f"qr-{parcel.order.number}@comptoir"
    context = {**_context(parcel), "code": code, "qr_cid": qr_cid}
    image = MIMEImage(qr_png(payload), "png")
    image.add_header("Content-ID", f"<{qr_cid}>")
    image.add_header("Content-Disposition", "inline", filename=f"retrait-{parcel.order.number}.png")
    _send(parcel, "ready", context, attachments=[image])


def send_parcel_reminder(*, parcel: Parcel) -> None:
    """Reminds the resident that the retention ends soon; the code is the one sent when it became ready."""
    _send(parcel, "reminder", _context(parcel), attachments=[])


def _context(parcel: Parcel) -> dict:
    order = parcel.order
    address = order.shipping_address
    name = (address.name if address else "") or (order.user.get_full_name() if order.user else "")
    return {
        "parcel": parcel,
        "order": order,
        "name": name,
        "point": parcel.contact_point,
        "hours": opening_hours_text(point=parcel.contact_point),
    }


def _send(parcel: Parcel, kind: str, context: dict, *, attachments: list) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"pickup/emails/{kind}_subject.txt", context).strip()
        text = render_to_string(f"pickup/emails/{kind}_body.txt", context)
        html = render_to_string(f"pickup/emails/{kind}_body.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[parcel.order.email]
    )
    message.attach_alternative(html, "text/html")
    if attachments:
        message.mixed_subtype = "related"
        for attachment in attachments:
            message.attach(attachment)
    message.send()
