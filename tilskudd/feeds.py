"""iCal feeds of grant deadlines (RFC 5545), for calendars and for reuse by others."""

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext

from frivilligkontor.ical import CalendarEntry, calendar_file
from frivilligkontor.links import site_url
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
    entries = []
    for scheme, deadline, occurrence in deadline_events(schemes, today=today):
        title = gettext("Deadline: %(name)s") % {"name": scheme.name}
        if deadline.label:
            title = f"{title} ({deadline.label})"
        entries.append(
            CalendarEntry(
                uid=f"tilskudd-deadline-{deadline.pk}@frivilligkontoret.oslo.kommune.no",
                start=occurrence,
                end=occurrence + dt.timedelta(days=1),
                summary=title,
                description=f"{scheme.summary}\n\n{scheme.owner.name}",
                url=site_url(scheme.get_absolute_url()),
                transparent=True,
                repeats_yearly=deadline.kind == GrantDeadline.Kind.YEARLY,
            )
        )
    return calendar_file(name, entries, publish=True)
