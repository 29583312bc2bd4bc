"""The one place that talks to Stripe. Amounts cross it in cents; everything else speaks Decimal euros.

The API base comes from settings (STRIPE_API_BASE): Stripe itself in production, a local localstripe server in
the demo and the tests. Connect calls (accounts, account links, transfers) go to STRIPE_CONNECT_API_BASE, which
defaults to the same base; the tests point it at a local fake of Stripe's HTTP API, since localstripe has no
Connect."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.conf import settings

CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> int:
    return int((amount.quantize(CENT, rounding=ROUND_HALF_UP) * 100).to_integral_value())


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def _client(*, connect: bool = False) -> stripe.StripeClient:
    base = getattr(settings, "STRIPE_CONNECT_API_BASE", "") if connect else ""
    base = base or settings.STRIPE_API_BASE
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base, "connect": base, "files": base},
        max_network_retries=2,
    )


@dataclass(frozen=True)
class Intent:
    id: str
    client_secret: str
    status: str
    amount: Decimal
    currency: str
    latest_charge: str | None
    failure_message: str


def _intent(resource) -> Intent:
    obj = resource.to_dict()
    error = obj.get("last_payment_error") or {}
    charge = obj.get("latest_charge")
    if charge is None:
        charges = (obj.get("charges") or {}).get("data") or []
        charge = charges[-1]["id"] if charges else None
    if isinstance(charge, dict):
        charge = charge.get("id")
    return Intent(
        id=obj["id"],
        client_secret=obj.get("client_secret") or "",
        status=obj["status"],
        amount=from_cents(obj["amount"]),
        currency=obj["currency"].upper(),
        latest_charge=charge,
        failure_message=(error.get("message") or "") if isinstance(error, dict) else "",
    )


def payment_intent_create(
    *, amount: Decimal, currency: str, order_number: str, idempotency_key: str
) -> Intent:
    """One PaymentIntent for the order's total; retried with the same key, Stripe returns the same intent."""
    intent = _client().v1.payment_intents.create(
        params={
            "amount": to_cents(amount),
            "currency": currency.lower(),
            "payment_method_types": ["card"],
            "metadata": {"order_number": order_number},
        },
        options={"idempotency_key": idempotency_key},
    )
    return _intent(intent)


def payment_intent_retrieve(*, intent_id: str) -> Intent:
    return _intent(_client().v1.payment_intents.retrieve(intent_id))


def refund_create(*, payment_intent_id: str, amount: Decimal, idempotency_key: str) -> str:
    """Refunds part or all of a payment; the same key never refunds twice. Returns Stripe's refund id."""
    refund = _client().v1.refunds.create(
        params={"payment_intent": payment_intent_id, "amount": to_cents(amount)},
        options={"idempotency_key": idempotency_key},
    )
    return refund["id"]


def webhook_event(*, payload: bytes, signature: str) -> stripe.Event:
    """The event if its signature is Stripe's (with our endpoint secret); raises SignatureVerificationError or
    ValueError otherwise."""
    return stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)


def connect_account_create(*, email: str, business_name: str) -> str:
    account = _client(connect=True).v1.accounts.create(
        params={
            "type": "express",
            "country": "FR",
            "email": email,
            "business_profile": {"name": business_name},
            "capabilities": {"transfers": {"requested": True}},
        }
    )
    return account["id"]


def connect_account_link(*, account_id: str, refresh_url: str, return_url: str) -> str:
    link = _client(connect=True).v1.account_links.create(
        params={
            "account": account_id,
            "refresh_url": refresh_url,
            "return_url": return_url,
            "type": "account_onboarding",
        }
    )
    return link["url"]


def connect_account_payouts_enabled(*, account_id: str) -> bool:
    return bool(_client(connect=True).v1.accounts.retrieve(account_id).to_dict().get("payouts_enabled"))


def transfer_create(
    *, amount: Decimal, destination: str, source_transaction: str, transfer_group: str, idempotency_key: str
) -> str:
    """Pays a merchant's share from the order's charge; the same key never transfers twice."""
    transfer = _client(connect=True).v1.transfers.create(
        params={
            "amount": to_cents(amount),
            "currency": "eur",
            "destination": destination,
            "source_transaction": source_transaction,
            "transfer_group": transfer_group,
        },
        options={"idempotency_key": idempotency_key},
    )
    return transfer["id"]


def setup_intent_create() -> tuple[str, str]:
    """A SetupIntent for the card the resident types in Stripe's card Element: (id, client_secret)."""
    setup = _client().v1.setup_intents.create(params={"payment_method_types": ["card"]}).to_dict()
    return setup["id"], setup["client_secret"]


def setup_intent_payment_method(*, setup_intent_id: str) -> str | None:
    """The card (PaymentMethod id) the browser attached to the SetupIntent, once it succeeded."""
    setup = _client().v1.setup_intents.retrieve(setup_intent_id).to_dict()
    return setup.get("payment_method") if setup.get("status") == "succeeded" else None


def payment_intent_pay(*, intent_id: str, payment_method_id: str) -> Intent:
    """Puts the card on the order's PaymentIntent and confirms it. A declined card comes back as an intent
    with its failure message; 3-D Secure comes back as ``requires_action`` for the browser to complete."""
    client = _client()
    try:
        client.v1.payment_intents.update(intent_id, params={"payment_method": payment_method_id})
        return _intent(client.v1.payment_intents.confirm(intent_id))
    except stripe.CardError as error:
        intent = payment_intent_retrieve(intent_id=intent_id)
        return Intent(
            **{
                **intent.__dict__,
                "status": "requires_payment_method",
                "failure_message": error.user_message or "",
            }
        )
