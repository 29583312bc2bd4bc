from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from delivery.eta import stop_arrival_window
from delivery.models import Round, Stop

PARIS = ZoneInfo("Europe/Paris")


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 2, hour, minute, tzinfo=PARIS)


def _round(status=Round.Status.PLANNED, count=5):
    start = _at(14)
    tour = Round(status=status)
    stops = []
    for sequence in range(count):
        arrival = start + timedelta(minutes=20 * sequence)
        stops.append(
            Stop(
                round=tour,
                sequence=sequence,
                kind=Stop.Kind.HOME,
                planned_arrival=arrival,
                planned_service_start=arrival,
            )
        )
    return tour, stops


def test_before_the_round_the_window_is_the_plans_and_wider_for_later_stops():
    _tour, stops = _round()
    first = stop_arrival_window(stop=stops[0], round_stops=stops, now=_at(9))
    last = stop_arrival_window(stop=stops[4], round_stops=stops, now=_at(9))
    assert first == (_at(13, 45), _at(14, 15))
    # 15:20 planned, 4 stops before it: ± 26 minutes, to the quarter.
    assert last == (_at(14, 45), _at(16, 0))


def test_the_delay_shown_at_the_last_stop_done_carries_over_and_the_window_narrows():
    tour, stops = _round(status=Round.Status.STARTED)
    for stop in stops[:3]:
        stop.status = Stop.Status.DONE
        stop.done_at = stop.planned_service_start + timedelta(minutes=30)
    window = stop_arrival_window(stop=stops[4], round_stops=stops, now=_at(15, 10))
    # 15:20 planned + 30 min late, one stop left before it: ± 14 minutes.
    assert window == (_at(15, 30), _at(16, 15))


def test_a_started_round_never_expects_the_courier_in_the_past():
    tour, stops = _round(status=Round.Status.STARTED)
    window = stop_arrival_window(stop=stops[0], round_stops=stops, now=_at(14, 40))
    assert window[0] <= _at(14, 40) <= window[1]
    assert window[0] >= _at(14, 15)


def test_a_stop_done_or_failed_has_no_window():
    _tour, stops = _round()
    stops[1].status = Stop.Status.FAILED
    assert stop_arrival_window(stop=stops[1], round_stops=stops, now=_at(9)) is None
