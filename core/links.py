"""Links in e-mails: absolute addresses on the shop's public address (``SITE_URL``), the territory's real
domain; never Django's placeholder Site (example.com), nor whatever host a request came in by."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(*, path: str) -> str:
    """``path`` (« /accounts/orders/100001/ ») on the shop's public address."""
    return f"{settings.SITE_URL.rstrip('/')}/{path.lstrip('/')}"


def site_domain() -> str:
    """The host (and port) of ``SITE_URL``, as django.contrib.sites keeps a domain."""
    return urlsplit(settings.SITE_URL).netloc


def site_sync(*, name: str = "", using: str = "default"):
    """Gives Django's Site the domain of ``SITE_URL`` (Oscar's own e-mails, password reset included, build their
    links on it) and ``name`` (their signature) when given; returns the Site."""
    from django.contrib.sites.models import Site

    site = Site.objects.using(using).filter(pk=settings.SITE_ID).first() or Site(pk=settings.SITE_ID)
    site.domain = site_domain()
    if name:
        site.name = name
    elif not site.name or site.name == "example.com":
        site.name = "Comptoir"
    site.save(using=using)
    Site.objects.clear_cache()
    return site
