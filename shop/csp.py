"""The Content-Security-Policy header: settings.CONTENT_SECURITY_POLICY plus the hosts that other settings name.

Stripe.js, the map tiles, the media and the static files may live on other hosts, which the settings give as
URLs; the tests move Stripe to a local server on a random port at run time, so the hosts are read per request."""

from functools import lru_cache
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

# What Stripe's own documentation asks for Stripe.js (Elements, 3-D Secure), once the pages load it from Stripe.
STRIPE_SOURCES = {
    "script-src": ["https://js.stripe.com", "https://*.js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
    "img-src": ["https://*.stripe.com"],
}


def url_origin(url: str) -> str | None:
    """The scheme and host of an absolute URL, as a CSP source (a tile server's `{s}` becomes `*`); None for a
    path on this site."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


@lru_cache(maxsize=8)
def csp_sources_from_settings(
    *, stripe_js_url: str, map_tile_url: str, media_url: str, static_url: str
) -> dict[str, list[str]]:
    """The sources to add to the configured policy for the hosts these settings name."""
    sources: dict[str, list[str]] = {}

    def add(directives: tuple[str, ...], origin: str | None) -> None:
        for directive in directives if origin else ():
            sources.setdefault(directive, []).append(origin)

    stripe = url_origin(stripe_js_url)
    # localstripe (the demo and the tests) serves its stripe.js, its API and its 3-D Secure page from one host.
    add(("script-src", "frame-src", "connect-src"), stripe)
    if stripe == "https://js.stripe.com":
        for directive, origins in STRIPE_SOURCES.items():
            sources.setdefault(directive, []).extend(origins)
    add(("img-src",), url_origin(map_tile_url))
    add(("img-src",), url_origin(media_url))
    add(("script-src", "style-src", "img-src", "font-src"), url_origin(static_url))
    return sources


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the hosts of Stripe.js, the map tiles, the media and the static files."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        update = {
            directive: list(origins)
            for directive, origins in csp_sources_from_settings(
                stripe_js_url=settings.STRIPE_JS_URL,
                map_tile_url=settings.MAP_TILE_URL,
                media_url=settings.MEDIA_URL,
                static_url=settings.STATIC_URL,
            ).items()
        }
        for directive, origins in (parts.update or {}).items():
            update.setdefault(directive, []).extend(
                origins if isinstance(origins, list | tuple) else [origins]
            )
        parts.update = update
        return parts
