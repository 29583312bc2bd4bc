"""What e-mail templates share: the brand (for Oscar's own e-mails, which core.mail does not render) and dates
written as the recipient's language writes them."""

from datetime import date, datetime

from django import template
from django.utils import formats, translation

from core.hours import END_OF_DAY
from core.mail import EmailBrand, email_brand

register = template.Library()

# A long date as each language writes it: « lundi 16 mars 2026 », "Monday, 16 March 2026".
_LONG_DATE = {"fr": "l j F Y", "en": "l, j F Y"}
_DAY = {"fr": "l j F", "en": "l, j F"}


def _pattern(patterns: dict[str, str]) -> str:
    language = (translation.get_language() or "fr").split("-")[0]
    return patterns.get(language, patterns["fr"])


@register.simple_tag(takes_context=True)
def email_brand_of(context) -> EmailBrand:
    """The brand the e-mail is rendered with (core.mail passes it), else the current territory's: Oscar's own
    e-mails are rendered by Oscar, without it."""
    return context.get("brand") or email_brand()


@register.filter(expects_localtime=True)
def email_date(value: date | datetime | None) -> str:
    """« lundi 16 mars 2026 » in French, "Monday, 16 March 2026" in English."""
    return formats.date_format(value, _pattern(_LONG_DATE)) if value else ""


@register.filter(expects_localtime=True)
def email_day(value: date | datetime | None) -> str:
    """« lundi 16 mars » in French, "Monday, 16 March" in English."""
    return formats.date_format(value, _pattern(_DAY)) if value else ""


@register.filter(expects_localtime=True)
def email_time(value: datetime | None) -> str:
    """« 12:00 »; the end of a day reads « 24:00 »."""
    if not value:
        return ""
    if value.time() == END_OF_DAY:
        return "24:00"
    return formats.time_format(value, "H:i")
