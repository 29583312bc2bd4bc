"""E-mails as the project sends them, one way for all: ``<prefix>_subject.txt`` and ``<prefix>_body.txt`` are
rendered without HTML escaping (« Beaufort d'été », never « d&#x27;été »), ``<prefix>_body.html`` is required,
escaped, and extends ``emails/base.html`` (the territory's brand, inline styles only). The brand comes from the
layer above through ``EMAIL_BRAND`` (core.wiring); dates follow the recipient's language, else ``LANGUAGE_CODE``."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

from core.wiring import wired

TEXT_FOOTER_TEMPLATE = "emails/footer.txt"


@dataclass(frozen=True)
class EmailBrand:
    """What an e-mail shows of the territory that sends it."""

    name: str
    primary_colour: str = "#1d4e89"
    logo_url: str = ""
    site_url: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    address: str = ""
    website: str = ""


@dataclass(frozen=True)
class EmailParts:
    subject: str
    text: str
    html: str


def email_brand() -> EmailBrand:
    """The brand of the territory the work runs for (``EMAIL_BRAND``), else the deployment's name."""
    if getattr(settings, "EMAIL_BRAND", ""):
        return wired(setting="EMAIL_BRAND")()
    return EmailBrand(name=settings.OSCAR_SHOP_NAME, site_url=settings.SITE_URL)


def email_language(language: str | None = None) -> str:
    """``language`` when the project offers it (the recipient's, when stored), else the default one."""
    offered = {code for code, _name in settings.LANGUAGES}
    return language if language in offered else settings.LANGUAGE_CODE


def text_render(*, template_name: str, context: Mapping) -> str:
    """A plain-text template rendered with autoescape off, whatever its tags say (and its includes, its parents)."""
    template = get_template(template_name)
    # The backend's wrapper forces the engine's autoescape; the engine's own template takes the Context's.
    return template.template.render(Context(dict(context), autoescape=False))


def email_render(*, template_prefix: str, context: Mapping, language: str | None = None) -> EmailParts:
    """The subject, plain text and HTML of ``template_prefix`` in ``language``; the HTML part is required."""
    brand = email_brand()
    full = {**context, "brand": brand, "email_language": email_language(language)}
    with translation.override(full["email_language"]):
        subject = " ".join(text_render(template_name=f"{template_prefix}_subject.txt", context=full).split())
        text = text_render(template_name=f"{template_prefix}_body.txt", context=full).strip()
        footer = text_render(template_name=TEXT_FOOTER_TEMPLATE, context=full).strip()
        html = render_to_string(f"{template_prefix}_body.html", full)
    return EmailParts(subject=subject, text=f"{text}\n\n-- \n{footer}\n", html=html)


def email_message(
    *,
    template_prefix: str,
    context: Mapping,
    to: Sequence[str],
    language: str | None = None,
    attachments: Iterable = (),
) -> EmailMultiAlternatives:
    """The message ``template_prefix`` renders, to ``to``, not sent; inline ``attachments`` (MIME parts
    with a Content-ID) make it multipart/related so that the HTML part shows them."""
    parts = email_render(template_prefix=template_prefix, context=context, language=language)
    message = EmailMultiAlternatives(
        subject=parts.subject, body=parts.text, from_email=settings.DEFAULT_FROM_EMAIL, to=list(to)
    )
    message.attach_alternative(parts.html, "text/html")
    attachments = list(attachments)
    if attachments:
        message.mixed_subtype = "related"
        for attachment in attachments:
            message.attach(attachment)
    return message


def email_send(
    *,
    template_prefix: str,
    context: Mapping,
    to: Sequence[str],
    language: str | None = None,
    attachments: Iterable = (),
) -> EmailMultiAlternatives:
    """Renders and sends ``template_prefix`` to ``to`` (one message, every address in To); returns it."""
    message = email_message(
        template_prefix=template_prefix, context=context, to=to, language=language, attachments=attachments
    )
    message.send()
    return message
