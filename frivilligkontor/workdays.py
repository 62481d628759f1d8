"""Working days by the Norwegian calendar: weekends, public holidays, Christmas Eve and
New Year's Eve are closed (the office is closed on those two days too)."""

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _closed_days(year: int) -> frozenset[date]:
    closed = set(holidays.Norway(years=year).keys())
    closed.add(date(year, 12, 24))
    closed.add(date(year, 12, 31))
    return frozenset(closed)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _closed_days(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
