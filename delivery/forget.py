"""What the rounds keep of a resident that is personal: the home delivery's code, and the proofs of delivery (the
recipient's name, their signature, a photo of the doorstep)."""

from django.db import transaction

from delivery.models import CourierAction, DeliveryCode


def orders_forget_proofs(*, order_ids: list[int]) -> dict[str, int]:
    """Deletes these orders' delivery codes and the files and names of their proofs of delivery; the actions stay
    (what was done, when, by which courier) for the round's history. Files go once the transaction commits."""
    codes, _by_model = DeliveryCode.objects.filter(order_id__in=order_ids).delete()
    actions = list(
        CourierAction.objects.filter(stop__fulfilment__order_id__in=order_ids).exclude(
            signature="", photo="", recipient_name="", scanned=""
        )
    )
    files = [field for action in actions for field in (action.signature, action.photo) if field]
    for action in actions:
        action.signature = ""
        action.photo = ""
        action.recipient_name = ""
        action.scanned = ""
    CourierAction.objects.bulk_update(actions, ["signature", "photo", "recipient_name", "scanned"])
    names = [(field.storage, field.name) for field in files]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
    return {"delivery_codes": codes, "proofs": len(actions), "files": len(names)}
