"""Times as people read them: in Oslo time, the weekday and date in words.

"tirsdag 1. desember 17:00–19:00" in bokmål, "Tuesday 1 December 17:00–19:00" in English;
the year only when it is not this year, both days when a span runs past midnight. The one
way the back office (lists, inlines, detail pages, history) and e-mails show a time span,
instead of a raw range such as `[2026-12-01 16:00:00+00:00, …)`.
"""

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext


def format_day(day: date | datetime, *, today: date | None = None) -> str:
    """ "tirsdag 1. desember" (with the year when it is not this year's)."""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date()
    today = today or timezone.localdate()
    if day.year == today.year:
        return date_format(day, pgettext("weekday, day and month", "l j F"))
    return date_format(day, pgettext("weekday, day, month and year", "l j F Y"))


def format_time_span(
    start: datetime, end: datetime | None = None, *, today: date | None = None
) -> str:
    """ "tirsdag 1. desember 17:00–19:00" in Oslo time; "… 22:00 – onsdag 2. desember 01:00"
    across midnight; "tirsdag 1. desember 17:00" without an end."""
    start = timezone.localtime(start)
    text = f"{format_day(start, today=today)} {start:%H:%M}"
    if end is None:
        return text
    end = timezone.localtime(end)
    if end.date() == start.date():
        return f"{text}–{end:%H:%M}"
    return f"{text} – {format_day(end, today=today)} {end:%H:%M}"


def format_range(value: Any) -> str:
    """A datetime range (a `DateTimeRangeField` value) as `format_time_span`; "–" when empty."""
    if value is None or getattr(value, "lower", None) is None:
        return "–"
    return format_time_span(value.lower, value.upper)
