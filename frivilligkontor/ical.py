"""iCalendar files (RFC 5545): one builder for feeds, single events and e-mail attachments.

An app turns its rows into `CalendarEntry` values (what happens, when, where) and leaves
the file's format to `calendar_file`; a view answers with `calendar_response`. A UID must
never change once published: a subscribed calendar would show the event twice.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

PRODUCT_ID = "-//Oslo kommune//Frivilligkontoret//NO"


@dataclass(frozen=True)
class CalendarEntry:
    """One event in a calendar file. Dates (no time) make an all-day entry."""

    uid: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    summary: str
    stamp: dt.datetime | None = None  # when the entry last changed; now when unknown
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = ""  # CONFIRMED, TENTATIVE or CANCELLED
    transparent: bool = False  # does not make the reader busy (a deadline)
    repeats_yearly: bool = False


def calendar_file(name: str, entries: Iterable[CalendarEntry], *, publish: bool = False) -> bytes:
    """A calendar called `name` with `entries`. `publish` marks a feed others subscribe to."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if publish:
        calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", entry.stamp or now)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end)
        event.add("summary", entry.summary)
        if entry.description:
            event.add("description", entry.description)
        if entry.location:
            event.add("location", entry.location)
        if entry.url:
            event.add("url", entry.url)
        if entry.status:
            event.add("status", entry.status)
        if entry.transparent:
            event.add("transp", "TRANSPARENT")
        if entry.repeats_yearly:
            event.add("rrule", {"freq": "yearly"})
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_response(content: bytes, *, filename: str, download: bool = False) -> HttpResponse:
    """The file as a response: shown by a calendar reader, or saved with `download`."""
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
