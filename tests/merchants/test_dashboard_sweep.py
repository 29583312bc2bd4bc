"""Every parameterless page of Oscar's dashboard, for each role other than staff: only the pages Oscar opens to
partners (their own products and the dashboard's front page) answer a merchant; nobody else gets any."""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from oscar.core.application import OscarDashboardConfig

from tests.merchants.conftest import ROLES

pytestmark = pytest.mark.django_db

# Oscar's own choice for users with partner.dashboard_access: the front page and their own products (creating one
# starts by choosing its type: a redirect), plus the product-title lookup, which shows only what the public
# catalogue shows anyway.
OPEN_TO_MERCHANTS = {
    "dashboard:index",
    "dashboard:catalogue-product-list",
    "dashboard:catalogue-product-create",
    "dashboard:catalogue-product-lookup",
}
PUBLIC = {"dashboard:login"}


def dashboard_url_names() -> list[str]:
    names = []
    for config in apps.get_app_configs():
        if not isinstance(config, OscarDashboardConfig):
            continue
        for pattern in config.urls[0]:
            name = getattr(pattern, "name", None)
            if name and not pattern.pattern.regex.groupindex and "<" not in str(pattern.pattern):
                names.append(f"dashboard:{name}")
    names = [name for name in names if name not in PUBLIC]
    return sorted(set(names))


def test_no_dashboard_page_opens_to_a_role_it_should_not(world):
    report = {}
    for url_name in dashboard_url_names():
        url = reverse(url_name)
        for role in ROLES:
            if role == "municipality":
                continue
            client = Client()
            if role != "anonymous":
                client.force_login(world["users"][role])
            status = client.get(url).status_code
            allowed = role.startswith("merchant") and url_name in OPEN_TO_MERCHANTS
            if allowed:
                ok = status in (200, 302)
            else:
                ok = status in (302, 403, 404, 405)
            if not ok:
                report[(url_name, role)] = status
    assert report == {}, "; ".join(
        f"{name} {role} {status}" for (name, role), status in sorted(report.items())
    )
