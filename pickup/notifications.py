"""The resident's e-mails about a parcel at a contact point: ready (with its code) and the reminder, both with
the point's name, address and hours and the day to collect it by (core.mail: plain text and branded HTML)."""

from email.mime.image import MIMEImage

from core.mail import email_send
from core.qr import qr_png
from pickup.checkout import opening_hours_text
from pickup.models import Parcel
from pickup.selectors import parcel_keep_until


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
        "keep_until": parcel_keep_until(parcel=parcel),
    }


def _send(parcel: Parcel, kind: str, context: dict, *, attachments: list) -> None:
    email_send(
        template_prefix=f"pickup/emails/{kind}",
        context=context,
        to=[parcel.order.email],
        attachments=attachments,
    )
