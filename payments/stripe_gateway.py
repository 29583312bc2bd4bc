"""The one place that talks to Stripe. Amounts cross it in cents; everything else speaks Decimal euros.

The API base comes from settings (STRIPE_API_BASE): Stripe itself in production, a local localstripe server in
the demo and the tests. Connect calls (accounts, account links, transfers) go to STRIPE_CONNECT_API_BASE, which
defaults to the same base; the tests point it at a local fake of Stripe's HTTP API, since localstripe has no
Connect."""

import json
import time
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
    # Stripe's decline_code when it gives one (insufficient_funds, ...), else its error code (card_declined,
    # payment_intent_authentication_failure, ...): what the resident is told, in their language.
    failure_code: str = ""


def _failure_code(error) -> str:
    if not isinstance(error, dict):
        return ""
    return str(error.get("decline_code") or error.get("code") or "")


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
        failure_code=_failure_code(error),
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


class WebhookRefused(ValueError):
    """A webhook body that is not Stripe's (bad signature, timestamp out of the tolerance either way) or not
    shaped like an event."""


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    object_id: str
    payload: dict


WEBHOOK_TOLERANCE_SECONDS = 300


def _signature_timestamp(signature: str) -> int:
    items = [item.split("=", 2) for item in signature.split(",")]
    try:
        return int(next(item[1] for item in items if len(item) > 1 and item[0] == "t"))
    except (StopIteration, ValueError) as error:
        raise WebhookRefused("No readable timestamp in the signature header") from error


def _refuse_constant(name: str):
    # NaN and Infinity are not JSON: the event could not be stored as it came.
    raise ValueError(f"{name} is not JSON")


def webhook_event(*, payload: bytes, signature: str) -> WebhookEvent:
    """The event if its signature is Stripe's (with our endpoint secret), signed within the tolerance (neither
    older nor later than it: a replay or a forged clock) and shaped like an event; raises WebhookRefused."""
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET, WEBHOOK_TOLERANCE_SECONDS
        )
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise WebhookRefused(str(error)) from error
    # Stripe's library checks only that it is not too old; its timestamp is read as the library reads it.
    timestamp = _signature_timestamp(signature)
    if timestamp > time.time() + WEBHOOK_TOLERANCE_SECONDS:
        raise WebhookRefused(f"Timestamp in the future, beyond the tolerance ({timestamp})")
    try:
        body = json.loads(payload, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise WebhookRefused(f"Not JSON that an event can be: {error.__class__.__name__}") from error
    if not isinstance(body, dict):
        raise WebhookRefused("Not an event: a JSON object is required")
    data = body.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    event_id, event_type = body.get("id"), body.get("type")
    # The lengths are StripeEvent's columns.
    if not (isinstance(event_id, str) and 0 < len(event_id) <= 255):
        raise WebhookRefused("Not an event: no id")
    if not (isinstance(event_type, str) and 0 < len(event_type) <= 100):
        raise WebhookRefused("Not an event: no type")
    if not isinstance(obj, dict):
        raise WebhookRefused("Not an event: no data.object")
    object_id = obj.get("id")
    return WebhookEvent(
        id=event_id,
        type=event_type,
        object_id=object_id if isinstance(object_id, str) else "",
        payload=body,
    )


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


@dataclass(frozen=True)
class Setup:
    id: str
    status: str
    payment_method: str | None
    attempt_id: str
    failure_code: str


def setup_intent_create(*, attempt_id: int, order_number: str) -> tuple[str, str]:
    """A SetupIntent for the card the resident types in Stripe's card Element: (id, client_secret). It names
    its attempt, so that a card saved for one checkout never pays another."""
    setup = (
        _client()
        .v1.setup_intents.create(
            params={
                "payment_method_types": ["card"],
                "metadata": {"attempt": str(attempt_id), "order_number": order_number},
            }
        )
        .to_dict()
    )
    return setup["id"], setup["client_secret"]


def setup_intent_retrieve(*, setup_intent_id: str) -> Setup:
    """The SetupIntent as it is now: ``succeeded`` with the card (PaymentMethod id) the browser attached to it,
    or why not."""
    setup = _client().v1.setup_intents.retrieve(setup_intent_id).to_dict()
    payment_method = setup.get("payment_method")
    if isinstance(payment_method, dict):
        payment_method = payment_method.get("id")
    return Setup(
        id=setup["id"],
        status=setup.get("status") or "",
        payment_method=payment_method if setup.get("status") == "succeeded" else None,
        attempt_id=str((setup.get("metadata") or {}).get("attempt") or ""),
        failure_code=_failure_code(setup.get("last_setup_error")),
    )


def payment_intent_pay(*, intent_id: str, payment_method_id: str) -> Intent:
    """Puts the card on the order's PaymentIntent and confirms it. A declined card comes back as an intent
    with its failure, whether Stripe raised it at confirm or reported it in the intent's last_payment_error;
    3-D Secure comes back as ``requires_action`` for the browser to complete."""
    client = _client()
    try:
        client.v1.payment_intents.update(intent_id, params={"payment_method": payment_method_id})
        return _intent(client.v1.payment_intents.confirm(intent_id))
    except stripe.CardError as error:
        intent = payment_intent_retrieve(intent_id=intent_id)
        declined = getattr(error, "error", None)
        return Intent(
            **{
                **intent.__dict__,
                "status": "requires_payment_method",
                "failure_message": intent.failure_message or error.user_message or "",
                "failure_code": intent.failure_code
                or getattr(declined, "decline_code", None)
                or error.code
                or "card_declined",
            }
        )
