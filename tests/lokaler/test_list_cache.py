"""The venue list and the free-time search keep their results in the shared cache
(frivilligkontor/shared_cache.py): a change shows on the next request, a booking on another
evening keeps the cached results, and the answers are those of the rule itself."""

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lokaler.availability import conflicting_approved, local_datetime, within_opening_hours
from lokaler.models import Room, UnmetSearch, WindowException
from lokaler.services import approve_occurrences, cancel_booking
from tests.lokaler.factories import (
    RoomFactory,
    VenueFactory,
    WindowExceptionFactory,
    next_weekday,
    occurrence,
    open_evenings,
)
from tests.lokaler.test_finding import free_names, listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall():
    venue = VenueFactory(name="Haugerud skole")
    open_evenings(venue)
    whole = RoomFactory(venue=venue, name="Gymsal")
    part = RoomFactory(venue=venue, name="Gymsal, del A", parent=whole, capacity=30)
    other = RoomFactory(venue=venue, name="Gymsal, del B", parent=whole, capacity=30)
    return whole, part, other


def queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("lokaler:venue_list"), params).status_code == 200
    return len(captured)


def test_free_search__an_approval_shows_on_the_next_request(client, hall):
    whole, part, other = hall
    day = next_weekday(1)
    everything = {"Gymsal", "Gymsal, del A", "Gymsal, del B"}
    assert free_names(client, day) == everything
    assert free_names(client, day) == everything  # now from the shared cache

    approve_occurrences(occurrences=[occurrence(part, day)], decided_by=None)
    assert free_names(client, day) == {"Gymsal, del B"}


def test_free_search__a_cancellation_shows_on_the_next_request(client, hall):
    whole, part, other = hall
    day = next_weekday(1)
    booked = occurrence(whole, day)
    approve_occurrences(occurrences=[booked], decided_by=None)
    assert free_names(client, day) == set()

    cancel_booking(request=booked.request)
    assert free_names(client, day) == {"Gymsal", "Gymsal, del A", "Gymsal, del B"}


def test_free_search__a_request_not_yet_approved_keeps_the_cached_results(client, hall):
    day = next_weekday(1)
    params = {"day": day.isoformat(), "start_time": "18:00", "end_time": "20:00"}
    building = queries(client, params)
    from_cache = queries(client, params)
    assert from_cache < building

    occurrence(hall[0], day)  # asked for, not decided: blocks nothing
    assert queries(client, params) == from_cache


def test_free_search__a_booking_on_another_evening_keeps_this_evenings_results(client, hall):
    day = next_weekday(1)
    params = {"day": day.isoformat(), "start_time": "18:00", "end_time": "20:00"}
    queries(client, params)
    from_cache = queries(client, params)

    other_evening = next_weekday(2)
    approve_occurrences(occurrences=[occurrence(hall[0], other_evening)], decided_by=None)
    assert queries(client, params) == from_cache
    assert free_names(client, other_evening) == set()
    assert free_names(client, day) == {"Gymsal", "Gymsal, del A", "Gymsal, del B"}


def test_free_search__a_closed_day_added_shows_on_the_next_request(client, hall):
    day = next_weekday(1)
    assert "Gymsal" in free_names(client, day)
    WindowExceptionFactory(
        venue=hall[0].venue, kind=WindowException.Kind.CLOSED, starts_on=day, ends_on=day
    )
    assert free_names(client, day) == set()


def test_venue_list__a_renamed_room_and_a_new_venue_show_on_the_next_request(client, hall):
    url = reverse("lokaler:venue_list")
    client.get(url)
    assert [venue for venue, _rooms in listed(client.get(url))] == ["Haugerud skole"]

    part = Room.objects.get(pk=hall[1].pk)
    part.name = "Gymsal, del Ø"
    part.save()
    other = VenueFactory(name="Ammerud skole")
    RoomFactory(venue=other, name="Aula")
    shown = dict(listed(client.get(url)))
    assert "Gymsal, del Ø" in shown["Haugerud skole"]
    assert shown["Ammerud skole"] == ["Aula"]


def test_free_search__a_search_that_finds_nothing_is_noted_when_served_from_the_cache(client, hall):
    day = next_weekday(1)
    params = {"day": day.isoformat(), "start_time": "12:00", "end_time": "14:00"}
    queries(client, params)
    assert UnmetSearch.objects.count() == 1
    UnmetSearch.objects.all().delete()
    client.cookies.clear()
    from django.core.cache import caches

    caches["default"].clear()  # the once-an-hour counter, not the shared cache
    queries(client, params)
    assert UnmetSearch.objects.count() == 1


@pytest.mark.parametrize(
    ("booked", "searched", "free"),
    [
        ((time(16), time(18)), (time(18), time(20)), True),  # ends as the search starts
        ((time(20), time(22)), (time(18), time(20)), True),  # starts as the search ends
        ((time(19, 59), time(21)), (time(18), time(20)), False),  # one minute inside
        ((time(17), time(18, 1)), (time(18), time(20)), False),
        ((time(17), time(22)), (time(18), time(19)), False),  # all around the search
    ],
)
def test_free_search__bookings_at_the_edges__as_the_rule_says(client, hall, booked, searched, free):
    whole, part, other = hall
    day = next_weekday(1)
    approve_occurrences(occurrences=[occurrence(part, day, *booked)], decided_by=None)
    start, end = (moment.strftime("%H:%M") for moment in searched)
    shown = free_names(client, day, start, end)
    assert ("Gymsal, del A" in shown) is free
    assert ("Gymsal" in shown) is free  # a booked part blocks the whole
    assert "Gymsal, del B" in shown
    # The same answers as the rule for one room (`availability`, used when booking).
    venue = whole.venue
    for room in hall:
        expected = within_opening_hours(venue, day, *searched) and not conflicting_approved(
            room, local_datetime(day, searched[0]), local_datetime(day, searched[1])
        )
        assert (room.name in shown) is expected, room.name


def venue_week(client, venue, day) -> str:
    url = reverse("lokaler:venue_detail", kwargs={"slug": venue.slug})
    response = client.get(url, {"uke": day.isoformat()})
    assert response.status_code == 200
    return response.content.decode()


def test_venue_page__a_request_its_approval_and_its_cancellation_show_on_the_next_request(
    client, hall
):
    whole, part, other = hall
    day = next_weekday(1)
    assert "Forespurt</span>" not in venue_week(client, whole.venue, day)
    venue_week(client, whole.venue, day)  # now from the shared cache

    asked = occurrence(part, day, time(18), time(19))
    assert "Forespurt</span> 18:00–19:00" in venue_week(client, whole.venue, day)

    approve_occurrences(occurrences=[asked], decided_by=None)
    shown = venue_week(client, whole.venue, day)
    assert "Booket</span> 18:00–19:00" in shown
    assert "Forespurt</span>" not in shown

    cancel_booking(request=asked.request)
    assert "Booket</span>" not in venue_week(client, whole.venue, day)


def test_venue_page__a_request_in_another_week_keeps_this_weeks_grid(client, hall):
    whole = hall[0]
    day = next_weekday(1)
    url = reverse("lokaler:venue_detail", kwargs={"slug": whole.venue.slug})
    params = {"uke": day.isoformat()}
    building = queries_of(client, url, params)
    from_cache = queries_of(client, url, params)
    assert from_cache < building

    occurrence(whole, next_weekday(1, weeks_ahead=2), time(18), time(19))
    assert queries_of(client, url, params) == from_cache


def queries_of(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_venue_page__confirmed_in_the_admin_shows_on_the_next_request(
    client, hall, rf, monkeypatch
):
    """The admin's action writes with `QuerySet.update` (no signal) and says so itself."""
    import datetime as dt

    from django.contrib import admin

    from lokaler.models import Venue

    venue = hall[0].venue
    Venue.objects.filter(pk=venue.pk).update(last_confirmed_on=dt.date(2025, 1, 2))
    day = next_weekday(1)
    assert "2. januar 2025" in venue_week(client, venue, day)
    assert "2. januar 2025" in venue_week(client, venue, day)  # now from the shared cache

    model_admin = admin.site._registry[Venue]
    monkeypatch.setattr(model_admin, "message_user", lambda *args, **kwargs: None)
    model_admin.confirm_information(rf.post("/"), Venue.objects.filter(pk=venue.pk))
    assert "2. januar 2025" not in venue_week(client, venue, day)
