"""iCalendar files of lokaler: a borrower's approved times, and a venue's booked times."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext

from frivilligkontor.ical import CalendarEntry, calendar_file
from lokaler.models import BookingOccurrence, BookingRequest, Venue

# The venue feed keeps the recent past, so a subscribed calendar does not lose last week.
VENUE_FEED_PAST_DAYS = 30


def request_ical(request: BookingRequest) -> bytes:
    """The request's approved times, for the borrower (attached to the decision e-mail)."""
    room = request.room
    venue = room.venue
    entries = [
        CalendarEntry(
            uid=f"lokaler-{occurrence.pk}-{request.token[:12]}@frivilligkontoret.oslo",
            stamp=occurrence.decided_at,
            start=occurrence.during.lower,
            end=occurrence.during.upper,
            summary=f"{request.activity[:80]} – {room.name}, {venue.name}",
            location=f"{room.name}, {venue.name}, {venue.address}",
        )
        for occurrence in request.occurrences.approved()
    ]
    return calendar_file(f"{room.name}, {venue.name}", entries)


def venue_ical(venue: Venue) -> bytes:
    """Booked times of the venue's rooms, without borrowers' names (a public feed)."""
    since = timezone.now() - timedelta(days=VENUE_FEED_PAST_DAYS)
    occurrences = (
        BookingOccurrence.objects.approved()
        .filter(room__venue=venue, during__endswith__gte=since)
        .select_related("room")
    )
    entries = [
        CalendarEntry(
            uid=f"lokaler-opptatt-{occurrence.pk}@frivilligkontoret.oslo",
            stamp=occurrence.decided_at,
            start=occurrence.during.lower,
            end=occurrence.during.upper,
            summary=gettext("Booked: %(room)s") % {"room": occurrence.room.name},
            location=f"{venue.name}, {venue.address}",
        )
        for occurrence in occurrences
    ]
    return calendar_file(venue.name, entries, publish=True)
