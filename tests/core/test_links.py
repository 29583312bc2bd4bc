"""Links in e-mails are built on the shop's public address, SITE_URL (issue 9, item 8)."""

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse

from core import links
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_absolute_url_joins_the_public_address_and_the_path(settings):
    settings.SITE_URL = "https://boutique.val-de-garonne.example"
    assert (
        links.absolute_url(path="/accounts/orders/1/")
        == "https://boutique.val-de-garonne.example/accounts/orders/1/"
    )
    assert links.site_domain() == "boutique.val-de-garonne.example"


def test_after_migrate_the_site_is_the_public_address_not_example_com(settings):
    # The test database was migrated with this process's settings.
    assert Site.objects.get_current().domain == links.site_domain()
    assert Site.objects.get_current().domain != "example.com"


def test_oscars_password_reset_link_uses_the_public_address(client, settings):
    settings.SITE_URL = "https://boutique.val-de-garonne.example"
    settings.OSCAR_URL_SCHEMA = "https"
    links.site_sync(name="Val de Garonne")
    user = UserFactory(email="camille@example.test")
    mail.outbox.clear()
    response = client.post(reverse("password-reset"), {"email": user.email})
    assert response.status_code == 302
    [message] = mail.outbox
    found = re.findall(r"https?://[^\s\"<]+", message.body)
    assert found and all(url.startswith("https://boutique.val-de-garonne.example/") for url in found), found
    assert "example.com" not in message.body


def test_production_links_default_to_the_first_allowed_host_over_https_and_refuse_plain_http():
    import json
    import secrets

    from tests.shop.test_settings import PRODUCTION_ENV, run

    code = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.SITE_URL, s.OSCAR_URL_SCHEMA]))"
    )
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "boutique.mairie.example,www.boutique.mairie.example",
    }
    result = run(code, **env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["https://boutique.mairie.example", "https"]

    result = run(code, **env, SITE_URL="http://boutique.mairie.example")
    assert result.returncode != 0 and "SITE_URL" in result.stderr
