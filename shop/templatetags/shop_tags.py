from django import template
from django.utils.safestring import mark_safe

from shop.text import html_sanitise

register = template.Library()


@register.filter
def can_be_cancelled(order) -> bool:
    """Whether the resident may still cancel: no merchant has started preparing it."""
    fulfilments = [f for f in order.fulfilments.all() if f.status != "cancelled"]
    return bool(fulfilments) and all(f.status == "new" for f in fulfilments)


@register.filter(is_safe=True)
def rich_text(value) -> str:
    """Stored rich text as HTML, through the allowlist once more on the way out (a row written before the
    sanitiser stays harmless); plain text keeps its line breaks."""
    html = html_sanitise(str(value or ""))
    if "<" not in html:
        # Sanitised text has every literal "<" escaped: no tag means text typed in a plain textarea.
        html = html.replace("\r\n", "\n").replace("\n", "<br>")
    return mark_safe(html)
