"""When the demo's residents order, and from what kind of shop: a year of a town's local trade, with its seasons
(December high, its Christmas weeks highest, a summer dip in August), its weeks (Saturdays highest, Sundays and
public holidays lowest, most shops being closed), its hours (a late-morning and an early-evening peak) and the
seasons of each trade (toys and chocolate at Christmas, flowers in May, the garden centre in spring)."""

import math
import random
from datetime import date, timedelta
from functools import lru_cache

MONTH = {
    1: 0.85,
    2: 0.85,
    3: 0.95,
    4: 1.0,
    5: 0.95,
    6: 0.95,
    7: 0.85,
    8: 0.6,
    9: 1.0,
    10: 1.05,
    11: 1.1,
    12: 1.45,
}
WEEKDAY = (0.85, 0.9, 1.0, 0.95, 1.15, 1.6, 0.35)  # Monday first
CHRISTMAS_WEEKS = 1.7  # from 14 to 24 December
NEW_YEARS_EVE = 1.4

# How often a trade is ordered from, and its seasons (month → factor).
SECTOR_BASE = {
    "boulangerie": 3.0,
    "boucherie": 2.0,
    "primeur": 2.0,
    "fromagerie": 1.6,
    "poissonnerie": 1.2,
    "traiteur": 1.2,
    "epicerie_fine": 1.1,
    "bio": 1.3,
}
SECTOR_SEASONS = {
    "jouets": {11: 1.6, 12: 3.2},
    "chocolatier": {2: 1.3, 4: 1.8, 12: 2.6},
    "caviste": {11: 1.2, 12: 2.2},
    "epicerie_fine": {12: 1.9},
    "librairie": {9: 1.3, 12: 1.9},
    "fleuriste": {2: 1.5, 5: 1.7, 11: 1.3},
    "jardinerie": {1: 0.5, 3: 1.5, 4: 1.9, 5: 1.7, 6: 1.3, 12: 0.6},
    "poissonnerie": {12: 1.7},
    "traiteur": {12: 2.1},
    "papeterie": {8: 1.6, 9: 2.2},
    "pret_a_porter": {1: 1.4, 7: 1.4, 12: 1.3},
    "primeur": {6: 1.2, 7: 1.3},
}


def easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the computus's own name
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)


@lru_cache(maxsize=16)
def public_holidays(year: int) -> frozenset[date]:
    """France's public holidays of ``year`` (jours fériés)."""
    sunday = easter(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    moving = [sunday + timedelta(days=offset) for offset in (1, 39, 50)]  # Easter and Whit Monday, Ascension
    return frozenset([date(year, month, day) for month, day in fixed] + moving)


def day_weight(day: date) -> float:
    """How busy ``day`` is against an ordinary one."""
    weight = MONTH[day.month] * WEEKDAY[day.weekday()]
    if day in public_holidays(day.year):
        weight = MONTH[day.month] * WEEKDAY[6]
    elif day.month == 12 and 14 <= day.day <= 24:
        weight *= CHRISTMAS_WEEKS
    elif day.month == 12 and day.day == 31:
        weight *= NEW_YEARS_EVE
    return weight


@lru_cache(maxsize=1)
def _mean_weight() -> float:
    # Over an ordinary year, so that a day's volume never depends on the range it is generated in.
    start = date(2025, 1, 1)
    return sum(day_weight(start + timedelta(days=offset)) for offset in range(365)) / 365


def orders_expected(*, day: date, orders_per_day: float) -> float:
    """The number of orders ``day`` gets on average, ``orders_per_day`` being a year's daily mean."""
    return orders_per_day * day_weight(day) / _mean_weight()


def orders_count(*, day: date, orders_per_day: float, rng: random.Random) -> int:
    """The day's orders: its expected number, give or take what chance makes of it."""
    expected = orders_expected(day=day, orders_per_day=orders_per_day)
    return max(0, round(rng.gauss(expected, math.sqrt(expected))))


def placed_minute(*, weekday: int, rng: random.Random) -> int:
    """Minutes after midnight when an order is placed: around 11:15 or 18:30, some at any hour from 7 to 23; on
    Sundays more in the morning."""
    morning, evening = (0.55, 0.85) if weekday == 6 else (0.42, 0.82)
    draw = rng.random()
    if draw < morning:
        minute = rng.gauss(11 * 60 + 15, 70)
    elif draw < evening:
        minute = rng.gauss(18 * 60 + 30, 75)
    else:
        minute = rng.uniform(7 * 60, 23 * 60)
    return int(min(max(minute, 6 * 60), 23 * 60 + 59))


def sector_weight(*, sector: str, day: date) -> float:
    """How likely a basket is to hold a shop of ``sector`` on ``day``."""
    return SECTOR_BASE.get(sector, 1.0) * SECTOR_SEASONS.get(sector, {}).get(day.month, 1.0)
