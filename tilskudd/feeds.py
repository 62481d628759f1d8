"""iCal feeds of grant deadlines (RFC 5545), for calendars and for reuse by others."""

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from tilskudd.models import GrantDeadline, GrantScheme

# A calendar reader sees a year ahead; yearly deadlines repeat by RRULE beyond that.
FEED_HORIZON_DAYS = 366


def deadline_events(
    schemes: Iterable[GrantScheme], *, today: dt.date
) -> list[tuple[GrantScheme, GrantDeadline, dt.date]]:
    """(scheme, deadline, first date shown) for the feed: coming dated deadlines, and
    yearly deadlines from their next occurrence (repeating)."""
    horizon = today + dt.timedelta(days=FEED_HORIZON_DAYS)
    events = []
    for scheme in schemes:
        for occurrence, deadline in scheme.upcoming_deadlines(today):
            if deadline.kind == GrantDeadline.Kind.DATED and occurrence > horizon:
                continue
            events.append((scheme, deadline, occurrence))
    return sorted(events, key=lambda item: (item[2], item[0].name))


def build_calendar(
    schemes: Iterable[GrantScheme], *, name: str, today: dt.date | None = None
) -> bytes:
    today = today or timezone.localdate()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Oslo kommune//Frivilligkontoret tilskudd//NO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for scheme, deadline, occurrence in deadline_events(schemes, today=today):
        event = icalendar.Event()
        event.add("uid", f"tilskudd-deadline-{deadline.pk}@frivilligkontoret.oslo.kommune.no")
        event.add("dtstamp", stamp)
        event.add("dtstart", occurrence)
        event.add("dtend", occurrence + dt.timedelta(days=1))
        title = gettext("Deadline: %(name)s") % {"name": scheme.name}
        if deadline.label:
            title = f"{title} ({deadline.label})"
        event.add("summary", title)
        event.add("description", f"{scheme.summary}\n\n{scheme.owner.name}")
        event.add("url", settings.SITE_URL + scheme.get_absolute_url())
        event.add("transp", "TRANSPARENT")
        if deadline.kind == GrantDeadline.Kind.YEARLY:
            event.add("rrule", {"freq": "yearly"})
        calendar.add_component(event)
    return calendar.to_ical()
