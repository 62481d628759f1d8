"""iCalendar files for one event and for the feed of all events."""

from collections.abc import Iterable

from frivilligkontor.ical import CalendarEntry, calendar_file
from frivilligkontor.links import absolute_url
from nettverk.models import Event

_STATUS = {Event.State.CANCELLED: "CANCELLED", Event.State.POSTPONED: "TENTATIVE"}


def _entry(event: Event, *, language: str) -> CalendarEntry:
    url = absolute_url("nettverk:event_detail", language=language, slug=event.slug)
    return CalendarEntry(
        uid=f"event-{event.pk}@frivilligkontoret.oslo.kommune.no",
        start=event.starts_at,
        end=event.ends_at,
        summary=event.title,
        description=f"{event.description}\n\n{url}",
        location=event.location_text() or event.online_url,
        url=url,
        status=_STATUS.get(event.state, "CONFIRMED"),
    )


def event_ical(event: Event, *, language: str = "nb") -> bytes:
    return calendar_file(event.title, [_entry(event, language=language)])


def feed_ical(events: Iterable[Event], *, name: str, language: str = "nb") -> bytes:
    return calendar_file(name, [_entry(event, language=language) for event in events], publish=True)
