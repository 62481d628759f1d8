"""The allocation proposal: fill the rooms by Oslo's priorities, never overlapping, and
explain every outcome.

Pure Python over small dataclasses (the service loads them from the database), so the
property "the proposal never overlaps" is tested over thousands of random rounds.

Order: applicants in priority tiers (lokaler.lending_rules.season_priority), within a tier in
the order they applied; every applicant's first wish in a tier is served before anyone's
second wish, so a long wish list does not crowd out others. A wish gets the first candidate
room that holds the group, is open then, and is not taken (by an earlier wish in this round
or by another round's season booking in the same term) in the room, a room it is part of or
one of its parts. A declined wish says why, and names a free alternative when there is one.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _

from lokaler.models import Weekday

Interval = tuple[time, time]


@dataclass(frozen=True)
class RoomInfo:
    id: int
    name: str
    capacity: int
    opening: dict[int, list[Interval]]  # weekday -> the term's weekly lending hours
    related: frozenset[int]  # itself, the rooms it is part of, and its parts


@dataclass(frozen=True)
class ApplicantInput:
    id: int
    tier: int
    tier_reason: str
    order: int  # position in the order of applying


@dataclass(frozen=True)
class WishInput:
    id: int
    application_id: int
    rank: int  # the applicant's own priority, 1 first
    candidates: tuple[int, ...]  # room ids, best first (one for a named room)
    weekday: int
    start: time
    end: time
    participants: int
    same_time_last_season: bool = False


@dataclass(frozen=True)
class Slot:
    room_id: int
    weekday: int
    start: time
    end: time

    def overlaps(self, other: "Slot", rooms: dict[int, RoomInfo]) -> bool:
        return (
            self.weekday == other.weekday
            and other.room_id in rooms[self.room_id].related
            and self.start < other.end
            and other.start < self.end
        )


class Why:
    ALLOCATED = "allocated"
    TOO_MANY = "too_many"
    OUTSIDE_HOURS = "outside_hours"
    TAKEN = "taken"


@dataclass(frozen=True)
class Outcome:
    wish_id: int
    slot: Slot | None
    why: str
    tier_reason: str = ""
    same_time_last_season: bool = False
    alternative: Slot | None = None
    changed_room: bool = False
    details: dict = field(default_factory=dict)


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def is_open(room: RoomInfo, weekday: int, start: time, end: time) -> bool:
    return any(opens <= start and end <= closes for opens, closes in room.opening.get(weekday, []))


class _Board:
    """Slots taken so far, by weekday, for the overlap checks."""

    def __init__(self, rooms: dict[int, RoomInfo], taken: Iterable[Slot]) -> None:
        self.rooms = rooms
        self.by_weekday: dict[int, list[Slot]] = defaultdict(list)
        for slot in taken:
            if slot.room_id in rooms:
                self.by_weekday[slot.weekday].append(slot)

    def is_free(self, slot: Slot) -> bool:
        return not any(slot.overlaps(other, self.rooms) for other in self.by_weekday[slot.weekday])

    def take(self, slot: Slot) -> None:
        self.by_weekday[slot.weekday].append(slot)


def _alternative(board: _Board, wish: WishInput, rooms: list[RoomInfo]) -> Slot | None:
    """A free time of the same length: the same day at another time (nearest first), then
    the same time on another day, then any time on another day (half-hour steps)."""
    length = _minutes(wish.end) - _minutes(wish.start)
    wished_start = _minutes(wish.start)

    def starts(room: RoomInfo, day: int) -> list[int]:
        found = [
            minute
            for opens, closes in room.opening.get(day, [])
            for minute in range(_minutes(opens), _minutes(closes) - length + 1, 30)
        ]
        return sorted(found, key=lambda minute: (abs(minute - wished_start), minute))

    def free(room: RoomInfo, day: int, start: int) -> Slot | None:
        if start + length >= 24 * 60:
            return None
        slot = Slot(room.id, day, _time(start), _time(start + length))
        if is_open(room, day, slot.start, slot.end) and board.is_free(slot):
            return slot
        return None

    other_days = [(wish.weekday + step) % 7 for step in range(1, 7)]
    tries = [(room, wish.weekday, start) for room in rooms for start in starts(room, wish.weekday)]
    tries += [(room, day, wished_start) for day in other_days for room in rooms]
    tries += [
        (room, day, start) for day in other_days for room in rooms for start in starts(room, day)
    ]
    for room, day, start in tries:
        slot = free(room, day, start)
        if slot is not None:
            return slot
    return None


def propose(
    *,
    applicants: Iterable[ApplicantInput],
    wishes: Iterable[WishInput],
    rooms: dict[int, RoomInfo],
    taken: Iterable[Slot] = (),
) -> list[Outcome]:
    """An outcome for every wish: allocated to a slot that overlaps no other allocated slot
    or taken slot, or declined with the reason and, if there is one, a free alternative."""
    applicant_list = sorted(applicants, key=lambda applicant: (applicant.tier, applicant.order))
    by_applicant: dict[int, list[WishInput]] = defaultdict(list)
    for wish in wishes:
        by_applicant[wish.application_id].append(wish)
    for wish_list in by_applicant.values():
        wish_list.sort(key=lambda wish: (wish.rank, wish.id))
    board = _Board(rooms, taken)
    outcomes: list[Outcome] = []
    tiers = sorted({applicant.tier for applicant in applicant_list})
    for tier in tiers:
        in_tier = [applicant for applicant in applicant_list if applicant.tier == tier]
        longest = max((len(by_applicant[a.id]) for a in in_tier), default=0)
        for position in range(longest):
            for applicant in in_tier:
                wish_list = by_applicant[applicant.id]
                if position < len(wish_list):
                    outcomes.append(_place(board, applicant, wish_list[position], rooms))
    return outcomes


def _place(
    board: _Board, applicant: ApplicantInput, wish: WishInput, rooms: dict[int, RoomInfo]
) -> Outcome:
    candidates = [rooms[room_id] for room_id in wish.candidates if room_id in rooms]
    common = {
        "wish_id": wish.id,
        "tier_reason": applicant.tier_reason,
        "same_time_last_season": wish.same_time_last_season,
    }
    big_enough = [room for room in candidates if room.capacity >= wish.participants]
    if not big_enough:
        return Outcome(
            slot=None,
            why=Why.TOO_MANY,
            details={"participants": wish.participants},
            **common,
        )
    open_rooms = [room for room in big_enough if is_open(room, wish.weekday, wish.start, wish.end)]
    if not open_rooms:
        return Outcome(
            slot=None,
            why=Why.OUTSIDE_HOURS,
            alternative=_alternative(board, wish, big_enough),
            details={"room": big_enough[0].name},
            **common,
        )
    for index, room in enumerate(open_rooms):
        slot = Slot(room.id, wish.weekday, wish.start, wish.end)
        if board.is_free(slot):
            board.take(slot)
            return Outcome(
                slot=slot,
                why=Why.ALLOCATED,
                changed_room=index > 0 or len(wish.candidates) > 1,
                details={"room": room.name},
                **common,
            )
    return Outcome(
        slot=None,
        why=Why.TAKEN,
        alternative=_alternative(board, wish, open_rooms),
        details={"room": open_rooms[0].name},
        **common,
    )


def describe_slot(slot: Slot, rooms: dict[int, RoomInfo] | None = None) -> str:
    room = f" ({rooms[slot.room_id].name})" if rooms else ""
    return f"{Weekday(slot.weekday).label} {slot.start:%H:%M}–{slot.end:%H:%M}{room}"


def explain(outcome: Outcome, wish: WishInput, rooms: dict[int, RoomInfo]) -> str:
    """The outcome in words, in the active language ("declined: Gymsal full Tuesday
    18:00–20:00; free then: Wednesday 18:00–20:00 (Gymsal)")."""
    wished = f"{Weekday(wish.weekday).label} {wish.start:%H:%M}–{wish.end:%H:%M}"
    if outcome.why == Why.ALLOCATED:
        parts = []
        if outcome.same_time_last_season:
            parts.append(_("prioritised: same time last season"))
        else:
            parts.append(outcome.tier_reason)
        if outcome.changed_room:
            parts.append(_("allocated in %(room)s") % {"room": outcome.details["room"]})
        else:
            parts.append(_("allocated as asked"))
        return "; ".join(str(part) for part in parts)
    if outcome.why == Why.TOO_MANY:
        text = _("declined: no room asked for holds %(count)s people") % {
            "count": outcome.details["participants"]
        }
    elif outcome.why == Why.OUTSIDE_HOURS:
        text = _("declined: %(room)s is not lent out %(time)s") % {
            "room": outcome.details["room"],
            "time": wished,
        }
    else:
        text = _("declined: %(room)s full %(time)s") % {
            "room": outcome.details["room"],
            "time": wished,
        }
    if outcome.alternative is not None:
        text += "; " + _("free then: %(time)s") % {
            "time": describe_slot(outcome.alternative, rooms)
        }
    return f"{text} ({outcome.tier_reason})"


def weekdays_between(first: date, last: date, weekday: int) -> list[date]:
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    days = []
    while day <= last:
        days.append(day)
        day += timedelta(days=7)
    return days


def duration_hours(start: time, end: time) -> float:
    return (
        datetime.combine(date.min, end) - datetime.combine(date.min, start)
    ).total_seconds() / 3600
