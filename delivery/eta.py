"""When a stop will be reached: the plan's arrival, shifted by the delay the round has shown so far, within a window
that narrows as fewer stops remain before it. What the resident reads on their order page and in the "out for
delivery" e-mail."""

from datetime import datetime, timedelta

from delivery.models import Round, Stop

# The half-width of the window: a base, and more for each stop the courier still has to make before this one.
BASE_MARGIN = timedelta(minutes=10)
MARGIN_PER_STOP = timedelta(minutes=4)
MAX_MARGIN = timedelta(minutes=45)
# Windows are shown to the quarter of an hour: a resident plans around "between 14:15 and 15:00", not 14:23.
ROUNDING = timedelta(minutes=15)


def _floor(moment: datetime) -> datetime:
    return moment - (moment - moment.replace(minute=0, second=0, microsecond=0)) % ROUNDING


def _ceil(moment: datetime) -> datetime:
    floor = _floor(moment)
    return floor if floor == moment else floor + ROUNDING


def stop_arrival_window(
    *, stop: Stop, round_stops: list[Stop], now: datetime
) -> tuple[datetime, datetime] | None:
    """The window in which the courier is expected at ``stop`` (``round_stops``: all the stops of its round, in
    sequence), or None when the stop is done or failed. Before the round starts it is the plan's; then the delay
    (or the advance) shown at the last stop done carries over, and the courier is never expected in the past."""
    if stop.status != Stop.Status.PLANNED:
        return None
    before = [
        other for other in round_stops if other.sequence < stop.sequence and other.kind != Stop.Kind.BREAK
    ]
    done = [other for other in before if other.status != Stop.Status.PLANNED and other.done_at is not None]
    remaining = sum(1 for other in before if other.status == Stop.Status.PLANNED)
    expected = stop.planned_arrival
    if done:
        last = max(done, key=lambda other: other.sequence)
        expected += last.done_at - last.planned_service_start
    if stop.round.status == Round.Status.STARTED or done:
        expected = max(expected, now)
    margin = min(BASE_MARGIN + MARGIN_PER_STOP * remaining, MAX_MARGIN)
    return _floor(expected - margin), _ceil(expected + margin)
