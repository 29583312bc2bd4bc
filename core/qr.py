"""QR codes, as PNG bytes or as a data URI for a page that prints."""

import base64
import io

import qrcode


def qr_png(payload: str, *, box_size: int = 8, border: int = 4) -> bytes:
    """A PNG of the QR code for ``payload``; the default size scans from a phone's screen."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=border)
    qr.add_data(payload)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def qr_data_uri(payload: str, *, box_size: int = 6, border: int = 2) -> str:
    """The QR code as a ``data:`` URI, for a label the browser prints without another request."""
    return (
        "data:image/png;base64,"
        + base64.b64encode(qr_png(payload, box_size=box_size, border=border)).decode()
    )
