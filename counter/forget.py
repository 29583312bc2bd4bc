"""A resident's erasure, as the counter's records see it: the mandates they gave and the log of their helpers'
actions go with their account."""

from counter.models import Mandate


def resident_forget_mandates(*, resident_id: int) -> int:
    """Deletes the resident's mandates (their signatures included) and, with them, the helpers' actions."""
    deleted, _by_model = Mandate.objects.filter(resident_id=resident_id).delete()
    return deleted
