"""Reads about the rounds: a courier's own, and a round's stops with what the courier needs at each."""

from datetime import date

from delivery.models import Courier, Round, Stop


def courier_for(user) -> Courier | None:
    """The active courier behind ``user`` in the active territory, or None."""
    if not user.is_authenticated:
        return None
    return Courier.objects.filter(user=user, active=True).select_related("vehicle").first()


def courier_rounds(*, courier: Courier, since: date) -> list[Round]:
    return list(
        Round.objects.filter(courier=courier, day__gte=since).select_related("vehicle").order_by("day")
    )


def courier_round(*, courier: Courier, pk: int) -> Round | None:
    """One of the courier's own rounds; another courier's is not there."""
    return Round.objects.filter(courier=courier, pk=pk).select_related("vehicle", "courier__user").first()


def round_stops(*, tour: Round) -> list[Stop]:
    return list(
        tour.stops.select_related(
            "fulfilment__merchant",
            "fulfilment__order__shipping_address",
            "fulfilment__order__pickup__contact_point",
        ).order_by("sequence")
    )
