"""What a shop shows of itself on the marketplace, edited by the merchant (« Ma vitrine »): its presentation,
phone, photo (its page) and logo (beside its name wherever a basket or an order is grouped by shop).

Images are checked by Pillow for what they are, whatever their name says (JPEG, PNG or WebP only, at most
``MAX_IMAGE_BYTES`` and ``MAX_IMAGE_SIDE`` pixels a side), and stored under a name of our own."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from merchants.models import Merchant

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_SIDE = 4000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHONE_CHARACTERS = set("0123456789 +.-()")


def image_checked(upload: UploadedFile, *, field: str) -> str:
    """The file extension of an acceptable image, else a ValidationError keyed by ``field``, in French."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            {
                field: _("Cette image pèse plus de %(max)s Mo : réduisez-la.")
                % {"max": MAX_IMAGE_BYTES // 2**20}
            }
        )
    try:
        upload.seek(0)
        with Image.open(upload, formats=tuple(IMAGE_FORMATS)) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            {field: _("Ce fichier n'est pas une image JPEG, PNG ou WebP lisible.")}
        ) from None
    finally:
        upload.seek(0)
    if max(width, height) > MAX_IMAGE_SIDE:
        raise ValidationError(
            {
                field: _("Cette image dépasse %(max)s pixels de côté : réduisez-la.")
                % {"max": MAX_IMAGE_SIDE},
            }
        )
    return IMAGE_FORMATS[kind]


def merchant_storefront_update(
    *,
    merchant: Merchant,
    description: str,
    phone: str,
    photo: UploadedFile | None = None,
    photo_clear: bool = False,
    logo: UploadedFile | None = None,
    logo_clear: bool = False,
) -> Merchant:
    """Writes what the shop shows of itself; raises ValidationError keyed by field, and writes nothing then."""
    phone = " ".join(phone.split())
    if phone and (set(phone) - PHONE_CHARACTERS or sum(char.isdigit() for char in phone) < 10):
        raise ValidationError({"phone": _("Indiquez un numéro de téléphone d'au moins 10 chiffres.")})
    images = {
        name: (upload, image_checked(upload, field=name))
        for name, upload in (("photo", photo), ("logo", logo))
        if upload is not None
    }
    with transaction.atomic():
        merchant.description = description
        merchant.phone = phone
        for name, clear in (("photo", photo_clear), ("logo", logo_clear)):
            if name in images:
                upload, extension = images[name]
                getattr(merchant, name).save(f"{merchant.slug}-{name}.{extension}", upload, save=False)
            elif clear:
                setattr(merchant, name, "")
        merchant.save()
    return merchant
