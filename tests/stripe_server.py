"""A real localstripe server for the tests, on a free port of 127.0.0.1, with what a test needs to act as the
resident's card and as Stripe's dashboard: pay a PaymentIntent with a test card, pass 3-D Secure, list refunds,
and have localstripe itself post signed webhooks to a URL.

Request the ``localstripe`` fixture: it points settings.STRIPE_API_BASE at the session's server."""

import hashlib
import hmac
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

CARD_SUCCESS = "4242424242424242"
CARD_THREE_D_SECURE = "4000002760003184"
CARD_DECLINED_AT_CHARGE = "4000000000000341"
# Stripe's generic decline; localstripe refuses it when the card is saved (SetupIntent), not when charged.
CARD_DECLINED = "4000000000000002"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalStripe:
    """One localstripe process; its HTTP API spoken with the secret key, as our server does."""

    def __init__(self, *, port: int, secret_key: str = "sk_test_comptoir_tests"):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.secret_key = secret_key
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="localstripe-", suffix=".log", delete=False)

    def start(self, *, timeout: float = 20.0) -> "LocalStripe":
        executable = Path(sys.executable).with_name("localstripe")
        self.process = subprocess.Popen(
            [str(executable), "--port", str(self.port), "--from-scratch"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"localstripe exited ({self.process.returncode}); see {self.log.name}")
            try:
                if requests.get(f"{self.url}/js.stripe.com/v3/", timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"localstripe did not answer on {self.url} within {timeout} s; see {self.log.name}"
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    # The API, as Stripe's dashboard or the resident's browser would use it.

    def _call(self, method: str, path: str, **data) -> requests.Response:
        return requests.request(
            method,
            f"{self.url}{path}",
            json=data if method == "POST" else None,
            params=data if method == "GET" else None,
            headers={"Authorization": f"Bearer {self.secret_key}"},
            timeout=10,
        )

    def intent(self, intent_id: str) -> dict:
        response = self._call("GET", f"/v1/payment_intents/{intent_id}")
        response.raise_for_status()
        return response.json()

    def pay(self, intent_id: str, *, card: str = CARD_SUCCESS) -> dict:
        """Confirms the PaymentIntent with a new card payment method; returns the intent as it then is
        (``succeeded``, ``requires_action`` for 3-D Secure, ``requires_payment_method`` when declined)."""
        method = self._call(
            "POST",
            "/v1/payment_methods",
            type="card",
            card={"number": card, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        )
        method.raise_for_status()
        attached = self._call("POST", f"/v1/payment_intents/{intent_id}", payment_method=method.json()["id"])
        attached.raise_for_status()
        confirmed = self._call("POST", f"/v1/payment_intents/{intent_id}/confirm")
        if confirmed.status_code not in (200, 402):
            confirmed.raise_for_status()
        return self.intent(intent_id)

    def authenticate(self, intent_id: str, *, client_secret: str, success: bool = True) -> dict:
        """Completes (or fails) the 3-D Secure step, as localstripe's stripe.js does from its modal."""
        response = self._call(
            "POST",
            f"/v1/payment_intents/{intent_id}/_authenticate",
            client_secret=client_secret,
            success=success,
        )
        response.raise_for_status()
        return response.json()

    def confirm_setup(self, setup_intent_id: str, *, client_secret: str, card: str = CARD_SUCCESS) -> dict:
        """What localstripe's stripe.js sends for ``confirmCardSetup`` with the card Element's values
        (the 3-D Secure step of a setup, when asked, confirmed as its modal does)."""
        url = f"{self.url}/v1/setup_intents/{setup_intent_id}/confirm"
        body = {
            "key": "pk_test_comptoir_tests",
            "use_stripe_sdk": True,
            "client_secret": client_secret,
            "payment_method_data": {
                "type": "card",
                "card": {"number": card, "exp_month": "12", "exp_year": "2034", "cvc": "123"},
                "billing_details": {"address": {"postal_code": "47200"}},
            },
        }
        setup = requests.post(url, data=json.dumps(body), timeout=10).json()
        if setup.get("status") == "requires_action":
            again = {"key": "pk_test_comptoir_tests", "use_stripe_sdk": True, "client_secret": client_secret}
            setup = requests.post(url, data=json.dumps(again), timeout=10).json()
        return setup

    def refunds(self, intent_id: str) -> list[dict]:
        response = self._call("GET", "/v1/refunds", payment_intent=intent_id)
        response.raise_for_status()
        return response.json()["data"]

    def webhook_register(self, name: str, *, url: str, secret: str, events: list[str] | None = None) -> None:
        """localstripe posts each later event (of these types) to ``url``, signed with ``secret``."""
        data = {"url": url, "secret": secret}
        if events is not None:
            data["events"] = events
        response = requests.post(f"{self.url}/_config/webhooks/{name}", json=data, timeout=10)
        response.raise_for_status()


def signature_header(*, payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """Stripe's ``Stripe-Signature`` header for a payload: ``t=…,v1=HMAC_SHA256(secret, "t.payload")``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    return f"t={timestamp},v1={hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()}"


def event_payload(*, event_type: str, intent: dict, event_id: str) -> bytes:
    """An event as Stripe sends it, around the PaymentIntent as localstripe returns it."""
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "api_version": "2017-08-15",
            "created": int(time.time()),
            "type": event_type,
            "livemode": False,
            "data": {"object": intent},
        }
    ).encode()


@pytest.fixture(scope="session")
def localstripe_server():
    server = LocalStripe(port=free_port()).start()
    yield server
    server.stop()


@pytest.fixture
def localstripe(localstripe_server, settings):
    settings.STRIPE_API_BASE = localstripe_server.url
    settings.STRIPE_SECRET_KEY = localstripe_server.secret_key
    settings.STRIPE_JS_URL = f"{localstripe_server.url}/js.stripe.com/v3/"
    return localstripe_server


def pay_at_preview(client, localstripe: LocalStripe, *, card: str = CARD_SUCCESS):
    """Does what the preview page's script does with a card typed in the card Element: starts the payment,
    confirms the card's SetupIntent at localstripe, charges it (completing 3-D Secure when asked) and comes
    back to the return URL. Returns the last response (a redirect to the thank-you page when paid)."""
    from django.urls import reverse

    start = client.post(reverse("checkout:payment-start"))
    assert start.status_code == 200, start.content
    started = start.json()
    setup = localstripe.confirm_setup(started["setupIntent"], client_secret=started["setupSecret"], card=card)
    assert setup.get("status") == "succeeded", setup
    pay = client.post(
        reverse("checkout:payment-confirm"),
        {"attempt": started["attempt"], "setup_intent": started["setupIntent"]},
    )
    if pay.status_code != 200:
        return pay
    paid = pay.json()
    if paid.get("action"):
        intent_id = paid["clientSecret"].split("_secret_")[0]
        localstripe.authenticate(intent_id, client_secret=paid["clientSecret"])
        paid["next"] = f"{reverse('checkout:payment-return')}?tentative={started['attempt']}"
    return client.get(paid["next"])
