"""What a single booking request costs, by Oslo's lending rules (lokaler.lending_rules) and
the year's price table: shown before the request is sent and repeated in the decision."""

from datetime import date, time
from decimal import Decimal

from lokaler import lending_rules
from lokaler.models import BookingOccurrence, BookingRequest, Room, Venue
from lokaler.season.models import PriceTable


def _hours(start: time, end: time) -> Decimal:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return Decimal(minutes) / 60


def booking_price(
    *,
    room: Room,
    venue: Venue,
    borrower: lending_rules.Borrower,
    days: list[date],
    start: time,
    end: time,
) -> lending_rules.Price:
    """The price of asking for `room` on `days` from `start` to `end`: free with the rule
    that makes it free, or cost price line by line (a weekly series is one agreement for a
    term, a single date one for a single evening)."""
    year = days[0].year if days else date.today().year
    return lending_rules.price(
        borrower=borrower,
        prices=PriceTable.for_year(year),
        uses=[
            lending_rules.Use(
                area_square_metres=room.area_square_metres,
                hours=_hours(start, end) * len(days),
                requires_supervision=venue.requires_supervision,
                requires_cleaning=venue.requires_extra_cleaning,
                venue_free_for_youth=venue.free_for_children_and_youth,
            )
        ],
        is_term=len(days) > 1,
    )


def request_price(request: BookingRequest) -> lending_rules.Price:
    """The price of a request's approved times (for the decision e-mail)."""
    days = [
        occurrence.start.date()
        for occurrence in request.occurrences.filter(status=BookingOccurrence.Status.APPROVED)
    ]
    room = request.room
    return booking_price(
        room=room,
        venue=room.venue,
        borrower=lending_rules.Borrower.of(request),
        days=days,
        start=request.start_time,
        end=request.end_time,
    )
