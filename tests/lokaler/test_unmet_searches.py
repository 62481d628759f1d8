"""Unmet demand: a search on the venue list for a room free at a given time that finds
none is counted for the Statistics page, without anything about who searched."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lokaler.figures import UNMET_SEARCHES_PER_HOUR
from lokaler.models import UnmetSearch
from lokaler.services import MAX_DAYS_AHEAD
from tests.factories import district
from tests.lokaler.factories import RoomFactory, VenueFactory, next_weekday, open_evenings

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get(reverse("lokaler:venue_list"), params)
    assert response.status_code == 200
    return response


@pytest.fixture
def hall_in_alna():
    venue = VenueFactory(name="Haugerud skole", unit=district("Alna"))
    open_evenings(venue)
    return RoomFactory(venue=venue, name="Gymsal")


def test_search_finding_no_free_room__is_counted_with_what_was_asked_for_only(client, hall_in_alna):
    tuesday = next_weekday(1)
    grorud = district("Grorud")
    search(client, day=tuesday.isoformat(), start_time="18:00", end_time="20:00",
           district=grorud.slug)  # fmt: skip
    recorded = UnmetSearch.objects.get()
    assert (recorded.day, recorded.start_time, recorded.end_time, recorded.district) == (
        tuesday, time(18), time(20), grorud
    )  # fmt: skip
    # Nothing about the person: only these columns exist.
    assert {field.name for field in UnmetSearch._meta.get_fields()} == {
        "id", "searched_at", "day", "start_time", "end_time", "district"
    }  # fmt: skip


def test_search_finding_a_free_room__is_not_counted(client, hall_in_alna):
    search(client, day=next_weekday(1).isoformat(), start_time="18:00", end_time="20:00")
    search(client, district=district("Grorud").slug)  # no time asked for: not a free-time search
    assert not UnmetSearch.objects.exists()


def test_same_search_again__counts_once__past_days_and_beyond_booking_not_at_all(
    client, hall_in_alna
):
    sunday = next_weekday(6)  # the hall is closed on Sundays
    for _reload in range(3):
        search(client, day=sunday.isoformat(), start_time="12:00", end_time="14:00", page="1")
    yesterday = timezone.localdate() - timedelta(days=1)
    search(client, day=yesterday.isoformat(), start_time="12:00", end_time="14:00")
    beyond_booking = timezone.localdate() + timedelta(days=MAX_DAYS_AHEAD + 1)
    search(client, day=beyond_booking.isoformat(), start_time="12:00", end_time="14:00")
    assert UnmetSearch.objects.count() == 1


def test_flood_of_different_searches_from_one_address__is_capped(client, settings):
    day = next_weekday(6)
    for hour in range(UNMET_SEARCHES_PER_HOUR + 5):
        start = time(hour % 23)
        search(client, day=(day + timedelta(weeks=hour // 23)).isoformat(),
               start_time=f"{start:%H:%M}", end_time=f"{start.hour + 1:02d}:00")  # fmt: skip
    assert UnmetSearch.objects.count() == UNMET_SEARCHES_PER_HOUR
