"""Card payments: a checkout becomes a PaymentAttempt holding its stock and one PaymentIntent; the order is
placed from the attempt once the payment succeeds, exactly once, by whichever of the browser's return and the
webhook comes first. A payment that arrives when the stock is gone is refunded, never lost.

One module per concern (attempts, the browser's steps, the frozen checkout, notices, refunds); the names below are
the package's services for the layers above."""

from payments.services.attempts import (
    payment_attempt_complete,
    payment_attempt_start,
    stock_holds_release_expired,
)
from payments.services.notices import payment_attempt_notify_resident
from payments.services.outcomes import (
    OutOfStock,
    PaymentNotFound,
    PaymentOutcome,
    PaymentUnavailable,
    decline_reason,
)
from payments.services.refunds import refund_send
from payments.services.steps import (
    payment_attempt_card_setup,
    payment_attempt_pay,
    payment_attempt_return,
    payment_attempts_settle,
)

__all__ = [
    "OutOfStock",
    "PaymentNotFound",
    "PaymentOutcome",
    "PaymentUnavailable",
    "decline_reason",
    "payment_attempt_card_setup",
    "payment_attempt_complete",
    "payment_attempt_notify_resident",
    "payment_attempt_pay",
    "payment_attempt_return",
    "payment_attempt_start",
    "payment_attempts_settle",
    "refund_send",
    "stock_holds_release_expired",
]
