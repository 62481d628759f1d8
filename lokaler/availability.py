"""When rooms can be borrowed, and whether a time is free.

A time is *free* when a lending window of the venue covers it on that day and no approved
booking of the room, of a room it is part of, or of one of its parts overlaps it. All
functions here work on prefetched data so that a page asks the same number of queries
whatever the number of rooms and days.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Prefetch, Q, TextChoices
from django.utils.translation import gettext_lazy as _

from lokaler.models import (
    BookingOccurrence,
    LendingWindow,
    Occupancy,
    Room,
    Venue,
    WeeklyHours,
    WindowException,
)

OSLO = ZoneInfo("Europe/Oslo")

Interval = tuple[time, time]


def local_datetime(day: date, at: time) -> datetime:
    """An aware datetime in Oslo time (handles the change to and from summer time)."""
    return datetime.combine(day, at, tzinfo=OSLO)


def prefetch_lending_hours() -> list[Prefetch | str]:
    """Prefetches a Venue queryset needs for `opening_hours`."""
    return [
        Prefetch(
            "lending_windows",
            queryset=LendingWindow.objects.prefetch_related(
                Prefetch(
                    "weekly_hours", queryset=WeeklyHours.objects.order_by("weekday", "opens_at")
                )
            ),
        ),
        Prefetch("window_exceptions", queryset=WindowException.objects.order_by("starts_on")),
    ]


def opening_hours(venue: Venue, day: date) -> list[Interval]:
    """The intervals on `day` when the venue's rooms can be borrowed (uses prefetched data).

    A closed exception removes the day; an extra opening adds its hours."""
    exceptions = [e for e in venue.window_exceptions.all() if e.starts_on <= day <= e.ends_on]
    if any(e.kind == WindowException.Kind.CLOSED for e in exceptions):
        return []
    intervals: list[Interval] = []
    for window in venue.lending_windows.all():
        if window.starts_on <= day <= window.ends_on:
            intervals += [
                (hours.opens_at, hours.closes_at)
                for hours in window.weekly_hours.all()
                if hours.weekday == day.weekday()
            ]
    intervals += [(e.opens_at, e.closes_at) for e in exceptions if e.opens_at and e.closes_at]
    return merge_intervals(intervals)


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def within_opening_hours(venue: Venue, day: date, start: time, end: time) -> bool:
    return any(opens <= start and end <= closes for opens, closes in opening_hours(venue, day))


class RoomTree:
    """The parent links of rooms, loaded once, to find a room's ancestors and descendants.

    A room is only ever part of a room in the same venue, so a request builds the tree of
    the venues it shows (`for_venues`, `for_rooms`): one query, bounded by those venues,
    never by the number of rooms in the city. `RoomTree()` loads every room (demo data)."""

    def __init__(
        self,
        rooms: Iterable[Room] | None = None,
        *,
        pairs: Iterable[tuple[int, int | None]] | None = None,
    ) -> None:
        if pairs is None:
            if rooms is None:
                pairs = Room.objects.values_list("pk", "parent_id")
            else:
                pairs = [(room.pk, room.parent_id) for room in rooms]
        self.parent_of: dict[int, int | None] = dict(pairs)
        self.children_of: dict[int, list[int]] = defaultdict(list)
        for room_id, parent_id in self.parent_of.items():
            if parent_id is not None:
                self.children_of[parent_id].append(room_id)

    @classmethod
    def for_venues(cls, venue_ids: Iterable[int]) -> "RoomTree":
        return cls(pairs=Room.objects.filter(venue_id__in=venue_ids).values_list("pk", "parent_id"))

    @classmethod
    def for_rooms(cls, room_ids: Iterable[int]) -> "RoomTree":
        """The tree of every venue the rooms are in (one query)."""
        venues = Room.objects.filter(pk__in=list(room_ids)).values("venue_id")
        return cls(pairs=Room.objects.filter(venue_id__in=venues).values_list("pk", "parent_id"))

    def ancestors(self, room_id: int) -> list[int]:
        found: list[int] = []
        parent = self.parent_of.get(room_id)
        while parent is not None and parent not in found:
            found.append(parent)
            parent = self.parent_of.get(parent)
        return found

    def root(self, room_id: int) -> int:
        """The outermost room that `room_id` is part of (itself if it is part of none)."""
        ancestors = self.ancestors(room_id)
        return ancestors[-1] if ancestors else room_id

    def descendants(self, room_id: int) -> list[int]:
        found: list[int] = []
        stack = list(self.children_of.get(room_id, []))
        while stack:
            child = stack.pop()
            if child not in found:
                found.append(child)
                stack.extend(self.children_of.get(child, []))
        return found

    def related(self, room_id: int) -> set[int]:
        """The room itself, the rooms it is part of and its parts: bookings of any block it."""
        return {room_id, *self.ancestors(room_id), *self.descendants(room_id)}


@dataclass(frozen=True)
class BusyTime:
    start: datetime
    end: datetime
    room_id: int
    status: str  # BookingOccurrence.Status value


def busy_times(
    room_ids: Iterable[int], start: datetime, end: datetime, *, tree: RoomTree
) -> dict[int, list[BusyTime]]:
    """Approved and requested occurrences that touch each room in [start, end), including
    those of the rooms it is part of and of its parts. One query."""
    room_ids = list(room_ids)
    wanted: set[int] = set()
    for room_id in room_ids:
        wanted |= tree.related(room_id)
    occurrences = (
        BookingOccurrence.objects.filter(
            room_id__in=wanted,
            status__in=[BookingOccurrence.Status.APPROVED, BookingOccurrence.Status.REQUESTED],
        )
        .overlapping(start, end)
        .values_list("room_id", "during", "status")
    )
    by_room: dict[int, list[BusyTime]] = defaultdict(list)
    for occurrence_room, during, status in occurrences:
        by_room[occurrence_room].append(
            BusyTime(
                during.lower.astimezone(OSLO),
                during.upper.astimezone(OSLO),
                occurrence_room,
                status,
            )
        )
    result: dict[int, list[BusyTime]] = {}
    for room_id in room_ids:
        times = [busy for related in tree.related(room_id) for busy in by_room.get(related, [])]
        result[room_id] = sorted(times, key=lambda busy: busy.start)
    return result


def conflicting_approved(room: Room, start: datetime, end: datetime) -> bool:
    """Whether an approved booking blocks `room` in [start, end) (uses the occupancy rows)."""
    ancestors = RoomTree.for_venues([room.venue_id]).ancestors(room.pk)
    return (
        Occupancy.objects.filter(during__overlap=DateTimeTZRange(start, end, "[)"))
        .filter(Q(room=room) | Q(room__in=ancestors, scope__contains=room.pk))
        .exists()
    )


def free_rooms(rooms: Iterable[Room], day: date, start: time, end: time) -> list[Room]:
    """The rooms (with venues and lending hours prefetched) that are free on `day` from
    `start` to `end`: inside a lending window and with no approved booking overlapping."""
    candidates = [room for room in rooms if within_opening_hours(room.venue, day, start, end)]
    if not candidates:
        return []
    tree = RoomTree.for_venues({room.venue_id for room in candidates})
    busy = busy_times(
        [room.pk for room in candidates],
        local_datetime(day, start),
        local_datetime(day, end),
        tree=tree,
    )
    return [
        room
        for room in candidates
        if not any(b.status == BookingOccurrence.Status.APPROVED for b in busy[room.pk])
    ]


class SlotState(TextChoices):
    """What a piece of a room's day is, as the public sees it (never who borrows it)."""

    FREE = "free", _("Free")
    REQUESTED = "requested", _("Requested")
    BOOKED = "booked", _("Booked")


@dataclass(frozen=True)
class Segment:
    start: time
    end: time
    state: SlotState


@dataclass
class DaySlot:
    """One room on one day: its opening hours, and the booked, requested and free times."""

    day: date
    opening: list[Interval]
    booked: list[Interval]
    requested: list[Interval]
    free: list[Interval]

    @property
    def segments(self) -> list[Segment]:
        """The day as one timeline in time order: booked, else requested (asked for, not yet
        decided), else free within the opening hours. Times outside the opening hours that
        nobody asked for are left out."""
        bounds = sorted(
            {moment for span in self.opening + self.booked + self.requested for moment in span}
        )
        pieces: list[Segment] = []
        for start, end in zip(bounds, bounds[1:], strict=False):

            def covers(spans: list[Interval], start: time = start, end: time = end) -> bool:
                return any(lower <= start and end <= upper for lower, upper in spans)

            if covers(self.booked):
                state = SlotState.BOOKED
            elif covers(self.requested):
                state = SlotState.REQUESTED
            elif covers(self.opening):
                state = SlotState.FREE
            else:
                continue
            if pieces and pieces[-1].state == state and pieces[-1].end == start:
                pieces[-1] = Segment(pieces[-1].start, end, state)
            else:
                pieces.append(Segment(start, end, state))
        return pieces


def subtract(intervals: list[Interval], taken: list[Interval]) -> list[Interval]:
    result: list[Interval] = []
    for start, end in intervals:
        pieces = [(start, end)]
        for taken_start, taken_end in sorted(taken):
            next_pieces = []
            for piece_start, piece_end in pieces:
                if taken_end <= piece_start or taken_start >= piece_end:
                    next_pieces.append((piece_start, piece_end))
                    continue
                if piece_start < taken_start:
                    next_pieces.append((piece_start, taken_start))
                if taken_end < piece_end:
                    next_pieces.append((taken_end, piece_end))
            pieces = next_pieces
        result += pieces
    return result


def week_view(venue: Venue, rooms: list[Room], monday: date) -> dict[int, list[DaySlot]]:
    """For each room, seven days of opening hours with booked, requested and free times.

    `venue` must have its lending hours prefetched (`prefetch_lending_hours`). One query
    for the room tree and one for the bookings, whatever the number of rooms."""
    start = local_datetime(monday, time(0))
    end = local_datetime(monday + timedelta(days=7), time(0))
    tree = RoomTree.for_venues([venue.pk])
    busy = busy_times([room.pk for room in rooms], start, end, tree=tree)
    days = [monday + timedelta(days=offset) for offset in range(7)]
    opening = {day: opening_hours(venue, day) for day in days}
    result: dict[int, list[DaySlot]] = {}
    for room in rooms:
        slots = []
        for day in days:
            todays = [b for b in busy[room.pk] if b.start.date() <= day <= b.end.date()]

            def clip(b: BusyTime, day: date = day) -> Interval:
                lower = b.start.time() if b.start.date() == day else time(0)
                upper = b.end.time() if b.end.date() == day else time(23, 59)
                return (lower, upper)

            booked = merge_intervals(
                clip(b) for b in todays if b.status == BookingOccurrence.Status.APPROVED
            )
            requested = merge_intervals(
                clip(b) for b in todays if b.status == BookingOccurrence.Status.REQUESTED
            )
            slots.append(
                DaySlot(
                    day=day,
                    opening=opening[day],
                    booked=booked,
                    requested=requested,
                    free=subtract(opening[day], booked),
                )
            )
        result[room.pk] = slots
    return result


@dataclass
class WeekDay:
    """One row of a venue's week grid: a day, and each room's slot that day."""

    day: date
    slots: list[tuple[Room, DaySlot]]
    is_today: bool

    @property
    def is_closed(self) -> bool:
        """No room has opening hours, a booking or a request that day (shown as one cell)."""
        return not any(slot.segments for _room, slot in self.slots)


def week_grid(venue: Venue, rooms: list[Room], monday: date, *, today: date) -> list[WeekDay]:
    """The venue's week as one grid, days × rooms (the venue page's table, which reflows to a
    day-by-day list on phones). Same queries as `week_view`."""
    week = week_view(venue, rooms, monday)
    return [
        WeekDay(
            day=monday + timedelta(days=offset),
            slots=[(room, week[room.pk][offset]) for room in rooms],
            is_today=monday + timedelta(days=offset) == today,
        )
        for offset in range(7)
    ]


def week_fingerprint(venue_id: int, start: datetime, end: datetime) -> str:
    """What the requested and approved times of the venue's rooms in [start, end) are, as one
    short text: it changes when a time there is asked for, decided, cancelled or moved, and
    only then. A room is only ever part of a room in the same venue, so this is everything
    about bookings the venue's week grid depends on (the key it is kept under,
    `lokaler.views.venue_detail`). One index lookup per room (room and time, GiST)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*), md5(coalesce(string_agg(
                    o.id::text || o.status || o.room_id::text || o.during::text, ','
                    ORDER BY o.id), ''))
            FROM lokaler_bookingoccurrence o JOIN lokaler_room r ON r.id = o.room_id
            WHERE r.venue_id = %s AND o.status = ANY(%s) AND o.during && tstzrange(%s, %s)""",
            [venue_id, list(LIVE_STATES), start, end],
        )
        count, digest = cursor.fetchone()
    return f"{count}:{digest}"


def week_monday(value: str | None, *, today: date) -> date:
    """The Monday of the week asked for ("2026-12-03", any day of it), or of this week when
    the value is missing, not a date, or more than about two years away."""
    try:
        chosen = date.fromisoformat(value) if value else today
    except ValueError:
        chosen = today
    if abs((chosen - today).days) > 800:
        chosen = today
    return chosen - timedelta(days=chosen.weekday())


# The states a time takes room in: asked for, or granted.
LIVE_STATES = (BookingOccurrence.Status.REQUESTED, BookingOccurrence.Status.APPROVED)


def live_occurrences(
    room_ids: Iterable[int], start: datetime, end: datetime, *, tree: RoomTree
) -> list[BookingOccurrence]:
    """Requested and approved times in [start, end) of the rooms, of the rooms they are part
    of and of their parts, with their request and room (one query), in time order."""
    wanted: set[int] = set()
    for room_id in room_ids:
        wanted |= tree.related(room_id)
    return list(
        BookingOccurrence.objects.filter(room_id__in=wanted, status__in=LIVE_STATES)
        .overlapping(start, end)
        .select_related("request", "room__venue")
        .order_by("during", "pk")
    )


def competing(
    occurrences: Iterable[BookingOccurrence],
    candidates: Iterable[BookingOccurrence],
    *,
    tree: RoomTree,
) -> dict[int, list[BookingOccurrence]]:
    """For each occurrence, the candidates that compete with it: requested or approved
    times of *another* request in the same room, a room it is part of or one of its parts,
    whose times overlap. Only one of them can be approved."""
    candidates = [c for c in candidates if c.status in LIVE_STATES]
    result: dict[int, list[BookingOccurrence]] = {}
    for occurrence in occurrences:
        related = tree.related(occurrence.room_id)
        result[occurrence.pk] = [
            other
            for other in candidates
            if other.request_id != occurrence.request_id
            and other.room_id in related
            and other.during.lower < occurrence.during.upper
            and occurrence.during.lower < other.during.upper
        ]
    return result


def competitors_of(occurrences: list[BookingOccurrence]) -> dict[int, list[BookingOccurrence]]:
    """`competing` for the times of one request (the decide page): two queries, however
    many times the request has."""
    if not occurrences:
        return {}
    tree = RoomTree.for_rooms({occurrence.room_id for occurrence in occurrences})
    candidates = live_occurrences(
        {occurrence.room_id for occurrence in occurrences},
        min(occurrence.during.lower for occurrence in occurrences),
        max(occurrence.during.upper for occurrence in occurrences),
        tree=tree,
    )
    return competing(occurrences, candidates, tree=tree)


@dataclass
class StaffTime:
    """A requested or approved time in the staff calendar, with what competes with it."""

    occurrence: BookingOccurrence
    competitors: list[BookingOccurrence]

    @property
    def is_booked(self) -> bool:
        return self.occurrence.status == BookingOccurrence.Status.APPROVED

    @property
    def clashes(self) -> bool:
        return bool(self.competitors)


@dataclass
class StaffDay:
    """One room on one day for staff: opening hours, the free times, and every requested
    or approved time of the room (and of the rooms it is part of or its parts) that day."""

    day: date
    opening: list[Interval]
    free: list[Interval]
    times: list[StaffTime]


def staff_week(rooms: list[Room], monday: date) -> dict[int, list[StaffDay]]:
    """For each room (with its venue's lending hours prefetched), seven `StaffDay`s.

    Two queries (the room tree of the venues, the times of the week), whatever the number
    of rooms and bookings. Free is what `week_view` calls free: open, and no approved time
    of the room, a room it is part of or one of its parts."""
    start = local_datetime(monday, time(0))
    end = local_datetime(monday + timedelta(days=7), time(0))
    tree = RoomTree.for_venues({room.venue_id for room in rooms})
    week = live_occurrences([room.pk for room in rooms], start, end, tree=tree)
    clashes = competing(week, week, tree=tree)
    days = [monday + timedelta(days=offset) for offset in range(7)]
    result: dict[int, list[StaffDay]] = {}
    for room in rooms:
        related = tree.related(room.pk)
        mine = [occurrence for occurrence in week if occurrence.room_id in related]
        staff_days = []
        for day in days:
            todays = [
                occurrence
                for occurrence in mine
                if occurrence.start.date() <= day <= occurrence.end.date()
            ]
            booked = merge_intervals(
                (
                    occurrence.start.time() if occurrence.start.date() == day else time(0),
                    occurrence.end.time() if occurrence.end.date() == day else time(23, 59),
                )
                for occurrence in todays
                if occurrence.status == BookingOccurrence.Status.APPROVED
            )
            opening = opening_hours(room.venue, day)
            staff_days.append(
                StaffDay(
                    day=day,
                    opening=opening,
                    free=subtract(opening, booked),
                    times=[StaffTime(o, clashes[o.pk]) for o in todays],
                )
            )
        result[room.pk] = staff_days
    return result
