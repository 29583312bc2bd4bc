"""Delivery slots for tests that go through the checkout with home delivery."""

from datetime import time

from delivery.models import SlotTemplate


def slots_every_day(*, capacity: int = 30) -> None:
    """An afternoon window every day, ordered until 23:59 the day before: tomorrow's is offered whatever the hour."""
    for weekday in range(7):
        SlotTemplate.objects.get_or_create(
            weekday=weekday,
            starts_at=time(14),
            defaults={
                "ends_at": time(18),
                "capacity": capacity,
                "cutoff_days_before": 1,
                "cutoff_time": time(23, 59),
            },
        )


def choose_first_slot(client):
    """On the slot step, takes the first slot offered; returns the response to the choice."""
    from django.urls import reverse

    page = client.get(reverse("checkout:delivery-slot"))
    assert page.status_code == 200, page
    first = page.context["slots"][0]
    response = client.post(reverse("checkout:delivery-slot"), {"slot": first.key})
    assert response.status_code == 302, response
    return first
