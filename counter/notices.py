"""What the resident is told of a mandate: the code that confirms their agreement, sent once."""

import logging

from django.db import transaction
from django.utils.translation import get_language

from core.mail import email_send
from counter.models import Mandate

logger = logging.getLogger(__name__)


def mandate_code_send(*, mandate_id: int) -> bool:
    """E-mails the resident the code of a proposed mandate once; False when sent already or no longer awaited."""
    from counter.mandates import mandate_pending_code

    with transaction.atomic():
        mandate = (
            Mandate.objects.select_for_update(of=("self",))
            .select_related("resident", "helper")
            .filter(pk=mandate_id, status=Mandate.Status.PROPOSED)
            .exclude(pending_code="")
            .first()
        )
        if mandate is None:
            return False
        code = mandate_pending_code(mandate)
        if code is None:
            logger.error("Mandate %s has no recoverable pending code; its e-mail cannot be sent", mandate.pk)
            return False
        email_send(
            template_prefix="counter/emails/mandate_code",
            context={
                "mandate": mandate,
                "code": code,
                "name": mandate.resident.get_full_name(),
                "helper_name": mandate.helper.get_full_name() or mandate.helper.get_username(),
            },
            to=[mandate.resident.email],
            language=get_language(),
        )
        mandate.pending_code = ""
        mandate.save(update_fields=["pending_code"])
    return True
