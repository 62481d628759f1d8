"""iCalendar files for one event and for the feed of all events."""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from nettverk.models import Event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Oslo kommune//Frivilligkontoret//NO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _component(event: Event, *, language: str) -> CalendarEvent:
    with translation.override(language):
        url = settings.SITE_URL + reverse("nettverk:event_detail", kwargs={"slug": event.slug})
    component = CalendarEvent()
    component.add("uid", f"event-{event.pk}@frivilligkontoret.oslo.kommune.no")
    component.add("dtstamp", timezone.now())
    component.add("dtstart", event.starts_at)
    component.add("dtend", event.ends_at)
    component.add("summary", event.title)
    component.add("description", f"{event.description}\n\n{url}")
    location = event.location_text() or event.online_url
    if location:
        component.add("location", location)
    component.add("url", url)
    component.add(
        "status",
        {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}.get(event.state, "CONFIRMED"),
    )
    return component


def event_ical(event: Event, *, language: str = "nb") -> str:
    calendar = _calendar(event.title)
    calendar.add_component(_component(event, language=language))
    return calendar.to_ical().decode("utf-8")


def feed_ical(events: Iterable[Event], *, name: str, language: str = "nb") -> str:
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_component(event, language=language))
    return calendar.to_ical().decode("utf-8")
