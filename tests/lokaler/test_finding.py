"""Finding a free room: lending windows, exceptions, nested rooms, the week view, search."""

import datetime as dt
import html
import re
from datetime import time, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from lokaler import portal
from lokaler.availability import SlotState, opening_hours, prefetch_lending_hours, week_grid
from lokaler.forms import VenueSearchForm
from lokaler.models import BookingOccurrence, Facility, Room, RoomKind, Venue
from lokaler.services import approve_occurrences
from tests.factories import district
from tests.lokaler.factories import (
    RoomFactory,
    VenueFactory,
    WindowExceptionFactory,
    next_weekday,
    occurrence,
    open_evenings,
)

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get(reverse("lokaler:venue_list"), params)
    assert response.status_code == 200
    return response


def listed(response) -> list[tuple[str, list[str]]]:
    """The venues and their rooms as the page shows them (the results may come from the
    shared cache, so they are read from the HTML, not from the view's context)."""
    found = []
    page = response.content.decode()
    for item in page.split('<li class="venue-result"')[1:]:
        venue = re.search(r'class="venue-result__title"><a [^>]*>(.*?)</a>', item).group(1)
        rooms = re.findall(r"(?:Ask to borrow|Be om å låne) (.*?)</a>", item)
        found.append((html.unescape(venue), [html.unescape(room) for room in rooms]))
    return found


def free_names(client, day, start="18:00", end="20:00", **params):
    response = search(client, day=day.isoformat(), start_time=start, end_time=end, **params)
    return {room for _venue, rooms in listed(response) for room in rooms}


@pytest.fixture
def hall():
    venue = VenueFactory(name="Haugerud skole")
    open_evenings(venue)
    whole = RoomFactory(venue=venue, name="Gymsal")
    part = RoomFactory(venue=venue, name="Gymsal, del A", parent=whole, capacity=30)
    other = RoomFactory(venue=venue, name="Gymsal, del B", parent=whole, capacity=30)
    return whole, part, other


def test_free_search__inside_window_and_unbooked__lists_the_room(client, hall):
    assert free_names(client, next_weekday(1)) == {"Gymsal", "Gymsal, del A", "Gymsal, del B"}


def test_free_search__a_venue_held_by_a_season_round__is_not_free_in_its_term(client, hall):
    """While a round is open or being allocated, its venues' rooms cannot be asked for one
    by one in its term: the search does not offer them then, and offers them again as soon
    as the decisions are sent (the cached results follow the round)."""
    from tests.lokaler.season_factories import SeasonRoundFactory

    season_round = SeasonRoundFactory(venues=[hall[0].venue])
    start = season_round.term_starts_on
    in_term = start + timedelta(days=(1 - start.weekday()) % 7)
    before = in_term - timedelta(days=7 * ((in_term - timezone.localdate()).days // 7 - 1))
    assert before < season_round.term_starts_on
    assert free_names(client, in_term) == set()
    assert free_names(client, before) == {"Gymsal", "Gymsal, del A", "Gymsal, del B"}
    season_round.decisions_sent_at = timezone.now()
    season_round.save()
    assert free_names(client, in_term) == {"Gymsal", "Gymsal, del A", "Gymsal, del B"}


def test_free_search__outside_the_weekly_hours__lists_nothing(client, hall):
    assert free_names(client, next_weekday(1), "12:00", "14:00") == set()
    assert free_names(client, next_weekday(4)) == set()  # no Friday hours


def test_free_search__closed_exception__lists_nothing_that_day(client, hall):
    day = next_weekday(1)
    WindowExceptionFactory(venue=hall[0].venue, starts_on=day, ends_on=day)
    assert free_names(client, day) == set()


def test_free_search__extra_opening__opens_a_day_outside_the_weekly_hours(client, hall):
    from lokaler.models import WindowException

    sunday = next_weekday(6)
    WindowExceptionFactory(
        venue=hall[0].venue,
        kind=WindowException.Kind.EXTRA_OPENING,
        starts_on=sunday,
        ends_on=sunday,
        opens_at=time(10),
        closes_at=time(18),
        description="17. mai",
    )
    assert "Gymsal" in free_names(client, sunday, "12:00", "14:00")


def test_free_search__booked_part__blocks_the_whole_but_not_the_other_part(client, hall):
    whole, part, other = hall
    day = next_weekday(1)
    approve_occurrences(occurrences=[occurrence(part, day)], decided_by=None)
    assert free_names(client, day) == {"Gymsal, del B"}


def test_free_search__booked_whole__blocks_every_part(client, hall):
    whole, part, other = hall
    day = next_weekday(1)
    approve_occurrences(occurrences=[occurrence(whole, day, time(19), time(21))], decided_by=None)
    assert free_names(client, day) == set()
    assert free_names(client, day, "17:00", "19:00") == {"Gymsal", "Gymsal, del A", "Gymsal, del B"}


def test_free_search__booked_whole__blocks_the_parts_of_its_parts(client, hall):
    whole, part, other = hall
    corner = RoomFactory(venue=whole.venue, name="Gymsal, del A, hjørne", parent=part)
    day = next_weekday(1)
    assert "Gymsal, del A, hjørne" in free_names(client, day)
    approve_occurrences(occurrences=[occurrence(whole, day)], decided_by=None)
    assert corner.name not in free_names(client, day)


def test_free_search__a_request_not_yet_approved__does_not_block(client, hall):
    day = next_weekday(1)
    occurrence(hall[0], day)
    assert "Gymsal" in free_names(client, day)


def test_filters__district_capacity_kind_facilities_and_access(client, hall):
    frogner_venue = VenueFactory(
        name="Uranienborg skole", unit=district("Frogner"), step_free_entrance=True
    )
    RoomFactory(
        venue=frogner_venue,
        name="Musikkrom",
        kind=RoomKind.MUSIC_ROOM,
        capacity=20,
        facilities=[Facility.PIANO],
    )
    response = search(client, district="alna", capacity="31")
    assert [room for _v, rooms in listed(response) for room in rooms] == ["Gymsal"]
    response = search(client, facilities=["piano"], accessibility=["step_free_entrance"])
    assert [venue for venue, _rooms in listed(response)] == ["Uranienborg skole"]
    response = search(client, room_kind="gym_hall", district="frogner")
    assert listed(response) == []


def test_search_form__bad_values__are_shown_not_a_server_error(client, hall):
    response = search(client, capacity="-3", day="not a date", start_time="20:00", end_time="18:00")
    errors = response.context["form"].errors
    assert {"capacity", "day", "end_time"} <= set(errors)


def test_opening_hours__weekly_hours_and_exceptions():
    venue = VenueFactory()
    open_evenings(venue)
    tuesday = next_weekday(1)
    venue = Venue.objects.prefetch_related(*prefetch_lending_hours()).get(pk=venue.pk)
    assert opening_hours(venue, tuesday) == [(time(17), time(22))]
    assert opening_hours(venue, tuesday + timedelta(days=4)) == [(time(10), time(16))]
    assert opening_hours(venue, tuesday + timedelta(days=5)) == []


def test_venue_page__week_view_shows_free_requested_and_booked_without_names(client, hall):
    whole, part, _other = hall
    day = next_weekday(1)
    booked = occurrence(part, day, time(18), time(19))
    booked.request.organisation_name = "Hemmelig idrettslag"
    booked.request.save()
    approve_occurrences(occurrences=[booked], decided_by=None)
    occurrence(whole, day, time(20), time(21))
    response = client.get(
        reverse("lokaler:venue_detail", kwargs={"slug": whole.venue.slug}), {"uke": day.isoformat()}
    )
    # The grid as the page builds it (the page's HTML may come from the shared cache).
    venue = Venue.objects.prefetch_related(*prefetch_lending_hours()).get(pk=whole.venue_id)
    monday = day - dt.timedelta(days=day.weekday())
    rooms = list(Room.objects.bookable().filter(venue=venue).select_related("parent"))
    grid = week_grid(venue, rooms, monday, today=timezone.localdate())
    tuesday = dict(grid[1].slots)[whole]
    assert tuesday.booked == [(time(18), time(19))]
    assert tuesday.requested == [(time(20), time(21))]
    assert tuesday.free == [(time(17), time(18)), (time(19), time(22))]
    assert [(s.start, s.end, s.state) for s in tuesday.segments] == [
        (time(17), time(18), SlotState.FREE),
        (time(18), time(19), SlotState.BOOKED),
        (time(19), time(20), SlotState.FREE),
        (time(20), time(21), SlotState.REQUESTED),
        (time(21), time(22), SlotState.FREE),
    ]
    page = response.content.decode()
    assert "Hemmelig idrettslag" not in page
    # One table for the venue, days as rows and rooms as columns, every state in words.
    assert page.count('<table class="pkt-table week-grid">') == 1
    assert '<th scope="col"><a class="pkt-link" href="#room-' in page
    assert "Booket</span> 18:00–19:00" in page
    assert "Forespurt</span> 20:00–21:00" in page
    assert page.count('aria-label="Velg uke') == 2  # above and below the week
    # A day no room is open is one cell, not one "closed" per room.
    assert '<td colspan="3"><span class="week-grid__closed">Stengt</span></td>' in page


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_venue_page_and_search__query_count_does_not_grow_with_rooms_and_bookings(
    client, hall, no_shared_cache
):
    whole = hall[0]
    day = next_weekday(1)
    url = reverse("lokaler:venue_detail", kwargs={"slug": whole.venue.slug})
    list_url = reverse("lokaler:venue_list")
    free = {"day": day.isoformat(), "start_time": "18:00", "end_time": "20:00"}
    _queries(client, url)
    small = (_queries(client, url, {"uke": day.isoformat()}), _queries(client, list_url, free))
    for number in range(8):
        room = RoomFactory(
            venue=whole.venue, name=f"Klasserom {number}", parent=whole if number % 2 else None
        )
        approve_occurrences(
            occurrences=[occurrence(room, day, time(17), time(18))], decided_by=None
        )
        other_venue = VenueFactory()
        open_evenings(other_venue)
        RoomFactory(venue=other_venue)
    large = (_queries(client, url, {"uke": day.isoformat()}), _queries(client, list_url, free))
    assert large == small


def test_venue_calendar__lists_booked_times_without_names(client, hall):
    booked = occurrence(hall[0], next_weekday(1))
    approve_occurrences(occurrences=[booked], decided_by=None)
    response = client.get(reverse("lokaler:venue_calendar", kwargs={"slug": hall[0].venue.slug}))
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.count("BEGIN:VEVENT") == 1
    assert booked.request.organisation_name not in body


def test_portal_search__finds_venues_by_name_prefix_district_and_address(hall):
    venue = hall[0].venue
    venue.street_address = "Haugerudveien 64"
    venue.save()
    assert [hit.title for hit in portal.search("Haugerud", limit=5)] == ["Haugerud skole"]
    assert [hit.title for hit in portal.search("haugerudv", limit=5)] == ["Haugerud skole"]
    assert [hit.title for hit in portal.search("Alna", limit=5)] == ["Haugerud skole"]
    assert portal.search("Frogner", limit=5) == []


def test_portal_statistics__count_requests_and_approved_hours_by_district(hall):
    from frivilligkontor.statistics import Period

    day = next_weekday(1)
    approve_occurrences(occurrences=[occurrence(hall[1], day, time(18), time(20))], decided_by=None)
    occurrence(hall[2], day)
    today = dt.date.today()
    (section,) = portal.statistics(period=Period(start=today - timedelta(days=1), end=day))
    tables = {table.slug: dict(table.rows) for table in section.tables}
    assert tables["venues-key-figures"]["Låneforespørsler"] == [2, 0]
    assert tables["venues-key-figures"]["Timer lånt ut"] == [2.0, 0.0]
    assert tables["hours-lent-per-district"] == {"Bydel Alna": [2.0, 0.0]}
    assert BookingOccurrence.objects.approved().count() == 1


def test_filter_summary__counts_the_chosen_filters__a_date_with_its_times_as_one(client, hall):
    day = next_weekday(1).isoformat()
    response = search(client, capacity="10", day=day, start_time="18:00", end_time="20:00")
    assert response.context["form"].active_count == 2
    assert '<summary class="list-filters__summary">Filtre (2 valgt)</summary>' in (
        response.content.decode()
    )
    nothing = search(client)
    assert '<summary class="list-filters__summary">Filtre</summary>' in nothing.content.decode()
    with translation.override("en"):
        summary = render_to_string(
            "includes/filter_summary.html", {"form": VenueSearchForm({"capacity": "10"})}
        )
    assert summary.endswith('<summary class="list-filters__summary">Filters (1 active)</summary>\n')
