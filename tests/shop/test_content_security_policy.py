"""The Content-Security-Policy header (django-csp, shop.csp): what it allows, and that the pages' inline scripts
carry its nonce. tests/browser/test_content_security_policy.py checks the pages in Chromium."""

import re

import pytest

from shop.csp import url_origin
from tests.factories import MerchantFactory, TerritoryFactory, make_product

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: sources.split()
        for name, _, sources in (part.strip().partition(" ") for part in policy.split(";"))
        if name
    }


@pytest.fixture
def product():
    TerritoryFactory()
    return make_product(merchant=MerchantFactory(), title="Tomme des Pyrénées")


def test_pages_send_a_policy_whose_nonce_every_inline_script_carries(client, product):
    for url in ["/", product.get_absolute_url(), "/accounts/login/"]:
        response = client.get(url)
        assert response.status_code == 200
        policy = directives(response)
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        nonces = [source for source in policy["script-src"] if source.startswith("'nonce-")]
        assert len(nonces) == 1
        body = response.content.decode()
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", body)
        assert inline
        assert all(f'nonce="{nonces[0][7:-1]}"' in attributes for attributes in inline), inline
        # No script from another host than the shop's and Stripe's.
        for source in re.findall(r'<script[^>]*\bsrc="([^"]+)"', body):
            assert source.startswith("/static/"), source


def test_each_response_has_its_own_nonce(client, product):
    first, second = (directives(client.get("/"))["script-src"] for _ in range(2))
    assert first != second


def test_the_policy_names_the_hosts_of_stripe_the_map_tiles_and_the_media(client, settings, product):
    settings.STRIPE_JS_URL = "https://js.stripe.com/v3/"
    settings.MAP_TILE_URL = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    settings.MEDIA_URL = "https://media.mairie.example/media/"
    policy = directives(client.get("/"))
    assert {"https://js.stripe.com", "https://*.js.stripe.com"} <= set(policy["script-src"])
    assert {"https://js.stripe.com", "https://hooks.stripe.com"} <= set(policy["frame-src"])
    assert "https://api.stripe.com" in policy["connect-src"]
    assert {"https://*.tile.example.org", "https://media.mairie.example", "data:"} <= set(policy["img-src"])
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]


def test_the_demo_sends_the_same_policy_with_its_local_stripe(client, settings, product):
    settings.DEBUG = True
    settings.STRIPE_JS_URL = "http://127.0.0.1:8420/js.stripe.com/v3/"
    policy = directives(client.get("/"))
    for directive in ("script-src", "frame-src", "connect-src"):
        assert "http://127.0.0.1:8420" in policy[directive]
    assert "https://js.stripe.com" not in policy["script-src"]


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://js.stripe.com/v3/", "https://js.stripe.com"),
        ("http://127.0.0.1:8420/js.stripe.com/v3/", "http://127.0.0.1:8420"),
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
        ("/media/", None),
        ("", None),
    ],
)
def test_url_origin(url, origin):
    assert url_origin(url) == origin
