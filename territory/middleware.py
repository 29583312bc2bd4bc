"""Each request runs for one territory: the one whose domain is the request's host, else the one named by a
``/t/<slug>/`` path prefix (the embedded demo, a deployment without a domain per town), else the default one."""

import re

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseNotFound
from django.template.loader import render_to_string
from django.urls import get_script_prefix, set_script_prefix

from territory.selectors import account_belongs, territory_for_host_or_default, territory_for_slug
from territory.tenancy import territory_activate

PREFIX = re.compile(r"^/t/(?P<slug>[-a-zA-Z0-9_]{1,60})(?P<rest>/.*)?$")


class TerritoryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        territory, default = territory_for_host_or_default(host=request.get_host())
        script_prefix = None
        match = PREFIX.match(request.path_info)
        if match:
            named = territory_for_slug(slug=match["slug"])
            if named is None:
                return self._unknown(request)
            if territory is None or territory.pk == named.pk:
                territory = named
                # The rest of the path is resolved as usual; every URL the page builds keeps the prefix.
                script_prefix = f"{get_script_prefix().rstrip('/')}/t/{named.slug}/"
                request.path_info = match["rest"] or "/"
                request.path = script_prefix.rstrip("/") + request.path_info
        if territory is None:
            territory = default
        if territory is None:
            return self.get_response(request)  # a deployment with no territory yet: the operator creates one
        request.territory = territory
        previous_prefix = get_script_prefix()
        if script_prefix:
            set_script_prefix(script_prefix)
        try:
            with territory_activate(territory):
                response = self.get_response(request)
        finally:
            set_script_prefix(previous_prefix)
        return response

    def _unknown(self, request):
        body = render_to_string("territory/unknown.html", request=request)
        return HttpResponseNotFound(body)


class TerritoryAccountMiddleware:
    """An account signs in on its own territory only: on another territory's pages it is a visitor (it stays
    signed in on its own). The national operator's superusers are at home everywhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        territory = getattr(request, "territory", None)
        user = getattr(request, "user", None)
        if territory is not None and user is not None and user.is_authenticated:
            if not account_belongs(user=user, territory=territory):
                request.user = AnonymousUser()
        return self.get_response(request)
