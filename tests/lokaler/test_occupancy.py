"""The exclusion constraint: two approved bookings of a room, or of a room and its parts,
never overlap — also when twenty people approve at the same moment."""

import threading
from datetime import time

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction

from lokaler.models import BookingOccurrence, Occupancy
from lokaler.services import approve_occurrences, decline_occurrences
from tests.lokaler.factories import RoomFactory, VenueFactory, next_weekday, occurrence

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall():
    """A gym hall with two halves; the first half has a quarter (a sub-part)."""
    venue = VenueFactory()
    whole = RoomFactory(venue=venue, name="Gymsal")
    part_a = RoomFactory(venue=venue, name="Gymsal, del A", parent=whole, capacity=30)
    part_b = RoomFactory(venue=venue, name="Gymsal, del B", parent=whole, capacity=30)
    sub_part = RoomFactory(venue=venue, name="Gymsal, del A1", parent=part_a, capacity=15)
    return {"whole": whole, "a": part_a, "b": part_b, "a1": sub_part}


def approve(room, day, start=time(18), end=time(20)):
    booked = occurrence(room, day, start, end)
    result = approve_occurrences(occurrences=[booked], decided_by=None)
    booked.refresh_from_db()
    return booked, result


@pytest.mark.parametrize(
    ("first", "second", "clash"),
    [
        ("whole", "whole", True),
        ("whole", "a", True),  # booking the whole hall blocks its parts
        ("a", "whole", True),  # booking a part blocks the whole
        ("a", "b", False),  # two different parts may be booked at once
        ("a1", "a", True),  # a sub-part blocks its part
        ("a", "a1", True),
        ("a1", "whole", True),
        ("a1", "b", False),
        ("a", "a", True),
    ],
)
def test_approval__nested_rooms__clash_exactly_when_they_share_space(hall, first, second, clash):
    day = next_weekday(1)
    approve(hall[first], day)
    second_booking, result = approve(hall[second], day, time(19), time(21))
    if clash:
        assert second_booking.status == BookingOccurrence.Status.REQUESTED
        assert len(result.refused) == 1
        assert "allerede booket" in result.refused[0][1]
    else:
        assert second_booking.status == BookingOccurrence.Status.APPROVED
        assert result.refused == []


def test_approval__back_to_back_times__do_not_clash(hall):
    day = next_weekday(1)
    approve(hall["whole"], day, time(18), time(20))
    later, result = approve(hall["a"], day, time(20), time(22))
    assert later.status == BookingOccurrence.Status.APPROVED


def test_database__refuses_overlapping_rows_written_directly(hall):
    """The guarantee is in PostgreSQL, not only in the service."""
    day = next_weekday(1)
    first, _ = approve(hall["a"], day)
    with pytest.raises(IntegrityError), transaction.atomic():
        Occupancy.objects.create(
            occurrence=first, room=hall["whole"], during=first.during, scope=(None, None)
        )


def test_decline_after_approval__frees_the_time(hall):
    day = next_weekday(1)
    first, _ = approve(hall["whole"], day)
    decline_occurrences(occurrences=[first], reason="Skolen trenger salen", decided_by=None)
    assert not Occupancy.objects.filter(occurrence=first).exists()
    second, _ = approve(hall["a"], day)
    assert second.status == BookingOccurrence.Status.APPROVED


def test_approval__series_with_one_clash__approves_the_rest_and_explains_the_clash(hall):
    days = [next_weekday(1, weeks_ahead=week) for week in (1, 2, 3)]
    approve(hall["whole"], days[1])
    request_times = [occurrence(hall["a"], days[0])]
    request = request_times[0].request
    request_times += [occurrence(hall["a"], day, request=request) for day in days[1:]]
    result = approve_occurrences(occurrences=request_times, decided_by=None)
    assert len(result.decided) == 2
    assert [refused.pk for refused, _ in result.refused] == [request_times[1].pk]
    assert "ble ikke godkjent" in result.refused[0][1]


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_approvals__exactly_one_wins_and_nineteen_get_a_clear_refusal():
    venue = VenueFactory()
    whole = RoomFactory(venue=venue, name="Gymsal")
    parts = [RoomFactory(venue=venue, name=f"Del {n}", parent=whole) for n in range(2)]
    day = next_weekday(2)
    # Pairwise overlapping requests: the whole hall or its first part, at shifting times.
    contenders = [
        occurrence(whole if n % 2 else parts[0], day, time(18), time(20 + n % 2)) for n in range(20)
    ]
    barrier = threading.Barrier(20)
    outcomes: list[object] = []
    lock = threading.Lock()

    def approve_in_own_connection(booked: BookingOccurrence) -> None:
        close_old_connections()
        try:
            barrier.wait(timeout=30)
            result = approve_occurrences(occurrences=[booked], decided_by=None)
            with lock:
                outcomes.append(result)
        except Exception as error:  # noqa: BLE001 - the test reports any failure below
            with lock:
                outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve_in_own_connection, args=(c,)) for c in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert errors == []
    assert len(outcomes) == 20
    winners = [o for o in outcomes if o.decided]
    refusals = [o for o in outcomes if o.refused]
    assert len(winners) == 1
    assert len(refusals) == 19
    assert all("allerede booket" in o.refused[0][1] for o in refusals)
    assert BookingOccurrence.objects.approved().count() == 1
    assert BookingOccurrence.objects.requested().count() == 19
    # Nothing else broke: the occupancy rows match the one approved time.
    winner = BookingOccurrence.objects.approved().get()
    assert Occupancy.objects.filter(occurrence=winner).count() == 1 + len(
        [r for r in [winner.room.parent] if r]
    )
    assert Occupancy.objects.exclude(occurrence=winner).count() == 0
