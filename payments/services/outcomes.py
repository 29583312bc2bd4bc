"""What a payment step tells the resident: the refusals they may meet, and where a step leaves them."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class OutOfStock(ValidationError):
    """Not enough units left for some lines of the basket: the resident is told before paying."""

    def __init__(self, *, titles: list[str]):
        self.titles = titles
        super().__init__(
            _(
                "Il ne reste plus assez de stock pour : %(products)s. Retirez-les de votre panier ou réduisez la quantité."
            )
            % {"products": ", ".join(titles)},
            code="out_of_stock",
        )


class PaymentUnavailable(ValidationError):
    """Stripe could not be reached; nothing was charged."""

    def __init__(self):
        super().__init__(
            _("Le paiement est momentanément indisponible. Réessayez dans quelques instants."),
            code="unavailable",
        )


class PaymentNotFound(ValidationError):
    """No such payment for this resident (another resident's, or a card saved for another checkout)."""

    def __init__(self):
        super().__init__(_("Ce paiement est introuvable : rechargez la page."), code="not_found")


@dataclass(frozen=True)
class PaymentOutcome:
    """Where a payment step leaves the resident: paid (the order is placed, or is placed on return), a 3-D
    Secure step for the browser, or refused with the reason in their language."""

    attempt_id: int
    paid: bool = False
    order: object = None
    client_secret: str = ""
    error: str = ""


def decline_reason(*, code: str) -> str:
    """Why Stripe refused a card, as the resident is told it; lost, stolen or suspected cards read as a plain
    refusal, as banks want."""
    reasons = {
        "insufficient_funds": _("provision insuffisante"),
        "expired_card": _("carte expirée"),
        "incorrect_cvc": _("cryptogramme incorrect"),
        "invalid_cvc": _("cryptogramme incorrect"),
        "incorrect_number": _("numéro de carte incorrect"),
        "invalid_number": _("numéro de carte incorrect"),
        "invalid_expiry_month": _("date d'expiration incorrecte"),
        "invalid_expiry_year": _("date d'expiration incorrecte"),
        "card_velocity_exceeded": _("plafond de la carte atteint"),
        "withdrawal_count_limit_exceeded": _("plafond de la carte atteint"),
        "processing_error": _("erreur de traitement chez la banque"),
        "payment_intent_authentication_failure": _("authentification 3-D Secure non aboutie"),
        "setup_intent_authentication_failure": _("authentification 3-D Secure non aboutie"),
        "authentication_required": _("authentification 3-D Secure non aboutie"),
        "canceled": _("paiement annulé"),
        "card_not_saved": _("carte non enregistrée, vérifiez sa saisie"),
    }
    return reasons.get(code) or _("carte refusée par la banque")


def failure_message(*, code: str) -> str:
    """What the resident reads when their payment did not go through, with the reason and what to do."""
    return (
        _(
            "Votre paiement n'a pas abouti (%(reason)s). Votre panier est conservé : vous pouvez réessayer, "
            "avec une autre carte si besoin."
        )
        % {"reason": decline_reason(code=code)}
    )[:255]
