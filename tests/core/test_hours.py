"""Opening hours as plain data (core.hours), the one logic behind the shops' and the contact points' hours."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.hours import (
    ALWAYS_OPEN,
    END_OF_DAY,
    OpeningCalendar,
    calendar_is_open_at,
    calendar_next_open_time,
    calendar_next_opening,
    calendar_ranges_on,
    day_ranges_normalised,
    range_text,
    week_days,
    week_from_ranges,
    week_summary,
)

PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2025, 6, 2)
MORNING = (time(9), time(12))
AFTERNOON = (time(14), time(17, 30))
OFFICE = OpeningCalendar(
    weekly={day: [AFTERNOON, MORNING] for day in range(5)} | {5: [MORNING]},
    exceptions={date(2025, 6, 4): [], date(2025, 6, 8): [(time(10), time(11))]},
)


def paris(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def test_a_day_has_its_exception_else_its_weekdays_ranges_sorted():
    assert calendar_ranges_on(calendar=OFFICE, day=MONDAY) == [MORNING, AFTERNOON]
    assert calendar_ranges_on(calendar=OFFICE, day=date(2025, 6, 4)) == []  # Wednesday, closed that day
    assert calendar_ranges_on(calendar=OFFICE, day=date(2025, 6, 8)) == [(time(10), time(11))]  # a Sunday
    assert calendar_ranges_on(calendar=OFFICE, day=date(2025, 6, 15)) == []


def test_open_at_a_moment_read_in_paris_the_closing_minute_excluded():
    assert calendar_is_open_at(calendar=OFFICE, moment=paris(MONDAY, 9))
    assert not calendar_is_open_at(calendar=OFFICE, moment=paris(MONDAY, 12))
    # 07:30 UTC is 09:30 in Paris in June; a naive moment is Paris time.
    assert calendar_is_open_at(calendar=OFFICE, moment=datetime(2025, 6, 2, 7, 30, tzinfo=UTC))
    assert not calendar_is_open_at(calendar=OFFICE, moment=datetime(2025, 6, 2, 8, 30))
    assert not calendar_is_open_at(calendar=OFFICE, moment=paris(date(2025, 6, 4), 10))


def test_a_range_closing_at_midnight_holds_the_last_minute_and_reads_24_00():
    late = OpeningCalendar(weekly={0: [(time(20), END_OF_DAY)]})
    assert calendar_is_open_at(calendar=late, moment=paris(MONDAY, 23, 59))
    assert range_text((time(20), END_OF_DAY)) == "20:00-24:00"


def test_the_next_opening_is_the_moment_itself_the_next_range_or_a_later_day():
    assert calendar_next_opening(calendar=OFFICE, after=paris(MONDAY, 10), horizon_days=14) == paris(
        MONDAY, 10
    )
    assert calendar_next_opening(calendar=OFFICE, after=paris(MONDAY, 12), horizon_days=14) == paris(
        MONDAY, 14
    )
    saturday = date(2025, 6, 7)
    assert calendar_next_opening(calendar=OFFICE, after=paris(saturday, 13), horizon_days=14) == paris(
        date(2025, 6, 8), 10
    )
    assert (
        calendar_next_opening(calendar=OpeningCalendar(weekly={}), after=paris(MONDAY, 9), horizon_days=14)
        is None
    )


def test_the_next_opening_on_a_step_rounds_up_within_the_range():
    after = paris(MONDAY, 10, 7)
    assert calendar_next_opening(calendar=OFFICE, after=after, horizon_days=1, step_minutes=15) == paris(
        MONDAY, 10, 15
    )
    # 11:50 rounds to 12:00, when the shop closes: the afternoon's opening instead.
    assert calendar_next_opening(
        calendar=OFFICE, after=paris(MONDAY, 11, 50), horizon_days=1, step_minutes=15
    ) == paris(MONDAY, 14)


def test_the_next_open_time_among_given_times_of_day():
    passes = (time(10, 30), time(16))
    assert calendar_next_open_time(
        calendar=OFFICE, after=paris(MONDAY, 11), times=passes, horizon_days=14
    ) == paris(MONDAY, 16)
    # Saturday afternoon is closed, Sunday's exception opens 10:00–11:00: the pass of 10:30.
    assert calendar_next_open_time(
        calendar=OFFICE, after=paris(date(2025, 6, 7), 11), times=passes, horizon_days=14
    ) == paris(date(2025, 6, 8), 10, 30)
    assert (
        calendar_next_open_time(calendar=ALWAYS_OPEN, after=paris(MONDAY, 17), times=passes, horizon_days=0)
        is None
    )


def test_triples_become_a_week_and_the_week_seven_days():
    week = week_from_ranges([(1, *AFTERNOON), (1, *MORNING), (3, *MORNING)])
    assert week == {1: [MORNING, AFTERNOON], 3: [MORNING]}
    assert week_days(week) == [
        (0, []),
        (1, [MORNING, AFTERNOON]),
        (2, []),
        (3, [MORNING]),
        (4, []),
        (5, []),
        (6, []),
    ]


def test_the_week_in_one_line_groups_consecutive_days_with_the_same_hours():
    with translation.override("fr"):
        assert week_summary(OFFICE.weekly) == "lun.–ven. 09:00–12:00, 14:00–17:30 ; sam. 09:00–12:00"
        assert week_summary({0: [MORNING], 2: [MORNING]}) == "lun. 09:00–12:00 ; mer. 09:00–12:00"
        assert week_summary({}) == ""
    with translation.override("en"):
        assert week_summary(OFFICE.weekly) == "Mon–Fri 09:00–12:00, 14:00–17:30 ; Sat 09:00–12:00"


def test_a_days_ranges_are_sorted_touching_ones_merged_and_bad_ones_refused():
    assert day_ranges_normalised(ranges=[(time(14), time(18)), (time(9), time(14))], day_label="Lundi") == [
        (time(9), time(18))
    ]
    with translation.override("fr"):
        for ranges, message in [
            ([(time(9), None)], "chaque plage a une heure d'ouverture"),
            ([(time(12), time(9))], "doit fermer après son ouverture"),
            ([(time(9), time(12)), (time(11), time(13))], "se chevauchent"),
            ([(time(8), time(9)), (time(10), time(11)), (time(12), time(13))], "au plus deux plages"),
        ]:
            with pytest.raises(ValidationError, match=message):
                day_ranges_normalised(ranges=ranges, day_label="Lundi")
