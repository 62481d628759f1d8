"""factory_boy factories for venues, rooms, lending hours and booking requests."""

from datetime import date, time, timedelta

import factory
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from factory.django import DjangoModelFactory

from lokaler.availability import local_datetime
from lokaler.models import (
    AgeGroup,
    BookingOccurrence,
    BookingRequest,
    LendingWindow,
    Room,
    RoomKind,
    Venue,
    VenueKind,
    WeeklyHours,
    WindowException,
)
from tests.factories import district

factory.Faker._DEFAULT_LOCALE = "no_NO"


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Testbyen skole {n}")
    kind = VenueKind.SCHOOL
    unit = factory.LazyFunction(lambda: district("Alna"))
    district = factory.LazyAttribute(lambda venue: venue.unit)
    street_address = factory.Faker("street_address")
    postal_code = "1081"
    description = "Barneskole med gymsal."
    contact_email = "utlan@example.org"


class RoomFactory(DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Gymsal {n}")
    kind = RoomKind.GYM_HALL
    capacity = 60
    area_square_metres = 300


class LendingWindowFactory(DjangoModelFactory):
    class Meta:
        model = LendingWindow

    venue = factory.SubFactory(VenueFactory)
    name = "Skoleåret"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=300))


class WeeklyHoursFactory(DjangoModelFactory):
    class Meta:
        model = WeeklyHours

    window = factory.SubFactory(LendingWindowFactory)
    weekday = 1
    opens_at = time(17)
    closes_at = time(22)


def open_evenings(
    venue: Venue, *, starts_on: date | None = None, ends_on: date | None = None
) -> LendingWindow:
    """Monday–Thursday 17–22 and Saturday 10–16, from 30 days ago to 300 days ahead."""
    window = LendingWindowFactory(
        venue=venue,
        **({"starts_on": starts_on} if starts_on else {}),
        **({"ends_on": ends_on} if ends_on else {}),
    )
    for weekday in range(4):
        WeeklyHoursFactory(window=window, weekday=weekday)
    WeeklyHoursFactory(window=window, weekday=5, opens_at=time(10), closes_at=time(16))
    return window


class WindowExceptionFactory(DjangoModelFactory):
    class Meta:
        model = WindowException

    venue = factory.SubFactory(VenueFactory)
    kind = WindowException.Kind.CLOSED
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyAttribute(lambda exception: exception.starts_on)
    description = "Høstferie"


class BookingRequestFactory(DjangoModelFactory):
    class Meta:
        model = BookingRequest

    room = factory.SubFactory(RoomFactory)
    organisation_name = factory.Faker("company")
    is_new_initiative = True
    contact_name = factory.Faker("name")
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    activity = "Håndballtrening"
    expected_participants = 20
    age_group = AgeGroup.CHILDREN
    first_date = factory.LazyFunction(lambda: next_weekday(1))
    last_date = factory.LazyAttribute(lambda request: request.first_date)
    start_time = time(18)
    end_time = time(20)


def next_weekday(weekday: int, *, weeks_ahead: int = 1) -> date:
    """A date on `weekday` at least `weeks_ahead` weeks from today (never today)."""
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)


def occurrence(
    room: Room,
    day: date,
    start: time = time(18),
    end: time = time(20),
    *,
    status: str = BookingOccurrence.Status.REQUESTED,
    request: BookingRequest | None = None,
) -> BookingOccurrence:
    """A requested time in `room` (with its own request unless one is given)."""
    request = request or BookingRequestFactory(
        room=room, first_date=day, last_date=day, start_time=start, end_time=end
    )
    return BookingOccurrence.objects.create(
        request=request,
        room=room,
        during=DateTimeTZRange(local_datetime(day, start), local_datetime(day, end), "[)"),
        status=status,
    )
