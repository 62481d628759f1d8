"""The proposal: Oslo's order of priority, each applicant's own order, explanations, and
(property-based) that it never overlaps, whatever the applications."""

from datetime import time

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lokaler.season.allocation import (
    ApplicantInput,
    RoomInfo,
    Slot,
    WishInput,
    explain,
    propose,
)

EVENINGS = {day: [(time(17), time(22))] for day in range(5)}


def room(room_id, *, capacity=60, related=None, opening=None, name="Gymsal"):
    return RoomInfo(
        id=room_id,
        name=name,
        capacity=capacity,
        opening=opening or EVENINGS,
        related=frozenset(related or {room_id}),
    )


def wish(wish_id, applicant, *, rank=1, rooms=(1,), weekday=1, start=18, end=20, people=20):
    return WishInput(
        wish_id, applicant, rank, tuple(rooms), weekday, time(start), time(end), people
    )


@pytest.fixture(autouse=True)
def _bokmal():
    with translation.override("nb"):
        yield


def test_proposal__season_holder_beats_youth_club_beats_choir_for_the_same_tuesday():
    rooms = {1: room(1)}
    applicants = [
        ApplicantInput(3, 2, "andre organisasjoner", order=0),  # the choir applied first
        ApplicantInput(2, 1, "prioritert: gratis aktivitet for barn og unge", order=1),
        ApplicantInput(1, 0, "prioritert: sesonglåner forrige sesong", order=2),
    ]
    wishes = [wish(30, 3, start=18, end=20), wish(20, 2, start=19, end=21), wish(10, 1)]
    outcomes = {o.wish_id: o for o in propose(applicants=applicants, wishes=wishes, rooms=rooms)}
    assert outcomes[10].slot == Slot(1, 1, time(18), time(20))
    assert outcomes[20].slot is None and outcomes[30].slot is None
    text = explain(outcomes[30], wishes[0], rooms)
    assert text.startswith("avslått: Gymsal full Tirsdag 18:00–20:00; ledig da: ")
    assert "(Gymsal)" in text


def test_proposal__youth_club_gets_the_time_when_no_season_holder_wants_it():
    rooms = {1: room(1)}
    applicants = [ApplicantInput(3, 2, "andre", 0), ApplicantInput(2, 1, "barn og unge", 1)]
    wishes = [wish(30, 3), wish(20, 2)]
    outcomes = {o.wish_id: o for o in propose(applicants=applicants, wishes=wishes, rooms=rooms)}
    assert outcomes[20].slot is not None and outcomes[30].slot is None


def test_proposal__everyone_s_first_wish_before_anyone_s_second_within_a_tier():
    rooms = {1: room(1)}
    applicants = [ApplicantInput(1, 2, "andre", 0), ApplicantInput(2, 2, "andre", 1)]
    wishes = [
        wish(11, 1, rank=1, weekday=0),
        wish(12, 1, rank=2, weekday=1),  # the first applicant's second wish...
        wish(21, 2, rank=1, weekday=1),  # ...loses to the second applicant's first wish
    ]
    outcomes = {o.wish_id: o for o in propose(applicants=applicants, wishes=wishes, rooms=rooms)}
    assert outcomes[11].slot and outcomes[21].slot and outcomes[12].slot is None


def test_proposal__applicant_s_own_order_decides_which_of_their_wishes_is_tried_first():
    rooms = {1: room(1)}
    applicants = [ApplicantInput(1, 2, "andre", 0)]
    wishes = [wish(2, 1, rank=2, start=18, end=20), wish(1, 1, rank=1, start=19, end=21)]
    outcomes = {o.wish_id: o for o in propose(applicants=applicants, wishes=wishes, rooms=rooms)}
    assert outcomes[1].slot is not None and outcomes[2].slot is None


def test_proposal__any_room_of_a_kind__takes_the_next_free_one_and_says_so():
    rooms = {1: room(1, name="Gymsal A"), 2: room(2, name="Gymsal B")}
    applicants = [ApplicantInput(1, 0, "sesong", 0), ApplicantInput(2, 2, "andre", 1)]
    wishes = [wish(1, 1, rooms=(1,)), wish(2, 2, rooms=(1, 2))]
    outcomes = {o.wish_id: o for o in propose(applicants=applicants, wishes=wishes, rooms=rooms)}
    assert outcomes[2].slot.room_id == 2
    assert "tildelt i Gymsal B" in explain(outcomes[2], wishes[1], rooms)


def test_proposal__a_part_of_the_hall_clashes_with_the_whole_hall():
    rooms = {1: room(1, related={1, 2, 3}), 2: room(2, related={1, 2}), 3: room(3, related={1, 3})}
    applicants = [
        ApplicantInput(1, 0, "a", 0),
        ApplicantInput(2, 2, "b", 1),
        ApplicantInput(3, 2, "c", 2),
    ]
    wishes = [wish(1, 1, rooms=(2,)), wish(2, 2, rooms=(3,)), wish(3, 3, rooms=(1,))]
    outcomes = {o.wish_id: o for o in propose(applicants=applicants, wishes=wishes, rooms=rooms)}
    assert outcomes[1].slot and outcomes[2].slot  # two different parts side by side
    assert outcomes[3].slot is None  # the whole hall is not free


def test_proposal__too_many_people_and_outside_the_lending_hours_are_explained():
    rooms = {1: room(1, capacity=20)}
    applicants = [ApplicantInput(1, 2, "andre", 0)]
    wishes = [wish(1, 1, people=30), wish(2, 1, rank=2, start=15, end=17, people=10)]
    outcomes = {o.wish_id: o for o in propose(applicants=applicants, wishes=wishes, rooms=rooms)}
    assert explain(outcomes[1], wishes[0], rooms).startswith(
        "avslått: ingen av rommene det er søkt om har plass til 30 personer"
    )
    text = explain(outcomes[2], wishes[1], rooms)
    assert text.startswith("avslått: Gymsal lånes ikke ut Tirsdag 15:00–17:00")
    assert "ledig da: Tirsdag 17:00–19:00 (Gymsal)" in text


def test_proposal__time_taken_by_another_round_is_not_given_again():
    rooms = {1: room(1)}
    outcomes = propose(
        applicants=[ApplicantInput(1, 0, "sesong", 0)],
        wishes=[wish(1, 1)],
        rooms=rooms,
        taken=[Slot(1, 1, time(19), time(21))],
    )
    assert outcomes[0].slot is None


def test_proposal__same_time_last_season_is_the_reason_given():
    rooms = {1: room(1)}
    held = WishInput(1, 1, 1, (1,), 1, time(18), time(20), 20, same_time_last_season=True)
    outcome = propose(applicants=[ApplicantInput(1, 0, "x", 0)], wishes=[held], rooms=rooms)[0]
    assert explain(outcome, held, rooms) == "prioritert: samme tid forrige sesong; tildelt som søkt"


# Property: whatever the applications, allocated slots never overlap in the same room, a
# room it is part of or one of its parts, nor overlap a taken slot, and stay in the hours.

HALL = {1: frozenset({1, 2, 3}), 2: frozenset({1, 2}), 3: frozenset({1, 3}), 4: frozenset({4})}


@st.composite
def rounds(draw):
    rooms = {
        room_id: RoomInfo(
            room_id,
            f"Rom {room_id}",
            draw(st.integers(5, 80)),
            {
                day: [(time(draw(st.integers(8, 17))), time(draw(st.integers(18, 23))))]
                for day in draw(st.sets(st.integers(0, 6), min_size=1, max_size=7))
            },
            related,
        )
        for room_id, related in HALL.items()
    }
    applicant_count = draw(st.integers(1, 8))
    applicants = [
        ApplicantInput(a, draw(st.integers(0, 2)), "grunn", draw(st.integers(0, 100)))
        for a in range(applicant_count)
    ]
    wishes = []
    for index in range(draw(st.integers(0, 25))):
        start = draw(st.integers(8, 22))
        wishes.append(
            WishInput(
                id=index,
                application_id=draw(st.integers(0, applicant_count - 1)),
                rank=draw(st.integers(1, 5)),
                candidates=tuple(
                    draw(st.lists(st.sampled_from(list(HALL)), min_size=1, max_size=3, unique=True))
                ),
                weekday=draw(st.integers(0, 6)),
                start=time(start),
                end=time(draw(st.integers(start + 1, 23))),
                participants=draw(st.integers(1, 60)),
            )
        )
    taken = [
        Slot(draw(st.sampled_from(list(HALL))), draw(st.integers(0, 6)), time(s), time(s + 2))
        for s in draw(st.lists(st.integers(8, 21), max_size=3))
    ]
    return rooms, applicants, wishes, taken


# No time limits: the machines running the suite are shared and sometimes slow.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds())
def test_proposal__never_overlaps_and_stays_inside_the_lending_hours(case):
    rooms, applicants, wishes, taken = case
    outcomes = propose(applicants=applicants, wishes=wishes, rooms=rooms, taken=taken)
    assert sorted(o.wish_id for o in outcomes) == sorted(w.id for w in wishes)
    by_id = {w.id: w for w in wishes}
    allocated = [o.slot for o in outcomes if o.slot is not None]
    for index, slot in enumerate(allocated):
        assert any(
            o <= slot.start and slot.end <= c for o, c in rooms[slot.room_id].opening[slot.weekday]
        )
        for other in allocated[index + 1 :] + taken:
            assert not slot.overlaps(other, rooms), (slot, other)
    for outcome in outcomes:
        if outcome.slot is not None:
            assert outcome.slot.room_id in by_id[outcome.wish_id].candidates
            assert rooms[outcome.slot.room_id].capacity >= by_id[outcome.wish_id].participants
        elif outcome.alternative is not None:
            alternative = outcome.alternative
            hours = rooms[alternative.room_id].opening[alternative.weekday]
            assert any(o <= alternative.start and alternative.end <= c for o, c in hours)
            assert not any(alternative.overlaps(slot, rooms) for slot in taken)
