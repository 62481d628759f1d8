"""The venue owners' week calendar in the admin, and the competitors on the decide page."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from frivilligkontor.models import Roles
from frivilligkontor.timespans import format_day
from lokaler.services import approve_occurrences
from tests.factories import district
from tests.lokaler.factories import (
    RoomFactory,
    VenueFactory,
    next_weekday,
    occurrence,
    open_evenings,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff):
    alna, frogner = district("Alna"), district("Frogner")
    furuset = VenueFactory(name="Furuset skole", unit=alna)
    open_evenings(furuset)
    hall = RoomFactory(venue=furuset, name="Gymsal")
    uranienborg = VenueFactory(name="Uranienborg skole", unit=frogner)
    tuesday = next_weekday(1)
    handball = occurrence(hall, tuesday, time(18), time(20))
    handball.request.organisation_name = "Furuset IF håndball"
    handball.request.save()
    choir = occurrence(hall, tuesday, time(19), time(21))
    choir.request.organisation_name = "Alna voksenkor"
    choir.request.save()
    return {
        "furuset": furuset,
        "uranienborg": uranienborg,
        "hall": hall,
        "tuesday": tuesday,
        "handball": handball,
        "choir": choir,
        "users": {
            "alna": make_staff(Roles.UNIT_STAFF, units=(alna,)),
            "frogner": make_staff(Roles.UNIT_STAFF, units=(frogner,)),
            "case_officer": make_staff(Roles.CASE_OFFICERS),
            "editor": make_staff(Roles.CONTENT_EDITORS),
        },
    }


def calendar(venue, day=None) -> str:
    url = reverse("admin:lokaler_venue_calendar", args=[venue.pk])
    return f"{url}?uke={day:%Y-%m-%d}" if day else url


def test_venue_calendar__shows_rooms_by_days_with_who_asked_and_the_clash(client, world):
    client.force_login(world["users"]["alna"])
    response = client.get(calendar(world["furuset"], world["tuesday"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<th scope="row">Gymsal</th>' in html
    grid = html[html.index('<table class="week-calendar__grid"') :]
    assert grid[: grid.index("</thead>")].count('<th scope="col"') == 8  # room, seven days
    assert "Furuset IF håndball" in html and "Alna voksenkor" in html
    assert "Forespurt, Kollisjon" in html
    assert "Konkurrerer med: Alna voksenkor" in html
    decide = reverse("admin:lokaler_bookingrequest_decide", args=[world["handball"].request_id])
    assert f'href="{decide}"' in html
    assert "Ledig 17:00–22:00" in html  # requests do not take the time; bookings do
    assert html.index("I dag i Furuset skole") < html.index("week-calendar__grid")


def test_venue_calendar__a_booking_takes_the_time_and_today_comes_first(client, world):
    today = timezone.localdate()
    booked = occurrence(world["hall"], today, time(9), time(11))
    # A fixed name: Faker's companies may hold "&", which the page rightly escapes.
    booked.request.organisation_name = "Haugerud turn"
    booked.request.save(update_fields=["organisation_name"])
    approve_occurrences(occurrences=[booked], decided_by=None)
    client.force_login(world["users"]["alna"])
    html = client.get(calendar(world["furuset"])).content.decode()
    today_section = html[html.index("I dag i Furuset skole") : html.index("week-calendar__grid")]
    assert "09:00–11:00" in today_section and "Booket" in today_section
    assert booked.request.organisation_name in today_section


def test_venue_calendar__week_navigation_moves_a_week_at_a_time(client, world):
    client.force_login(world["users"]["alna"])
    monday = world["tuesday"] - timedelta(days=1)
    html = client.get(calendar(world["furuset"], world["tuesday"])).content.decode()
    assert f"uke={monday - timedelta(days=7):%Y-%m-%d}" in html
    assert f"uke={monday + timedelta(days=7):%Y-%m-%d}" in html
    assert "Forrige uke" in html and "Neste uke" in html


@pytest.mark.parametrize(
    ("user", "venue", "status"),
    [
        ("alna", "furuset", 200),
        ("alna", "uranienborg", 404),
        ("frogner", "furuset", 404),
        ("case_officer", "uranienborg", 200),
        ("editor", "furuset", 403),
    ],
)
def test_venue_calendar__role_by_venue__gives_the_expected_answer(
    client, world, user, venue, status
):
    client.force_login(world["users"][user])
    assert client.get(calendar(world[venue])).status_code == status


def test_unit_calendar__unit_staff_see_their_own_units_venues_only(client, world):
    client.force_login(world["users"]["alna"])
    html = client.get(reverse("admin:lokaler_venue_unit_calendar")).content.decode()
    assert "Furuset skole" in html and "Uranienborg skole" not in html
    frogner = world["uranienborg"].unit
    url = f"{reverse('admin:lokaler_venue_unit_calendar')}?enhet={frogner.pk}"
    assert client.get(url).status_code == 404


def test_unit_calendar__case_officers_choose_any_unit_and_see_no_decide_links(client, world):
    client.force_login(world["users"]["case_officer"])
    frogner = world["uranienborg"].unit
    url = f"{reverse('admin:lokaler_venue_unit_calendar')}?enhet={frogner.pk}"
    html = client.get(url).content.decode()
    assert "Uranienborg skole" in html and "Bydel Alna" in html  # the unit chooser
    html = client.get(calendar(world["furuset"], world["tuesday"])).content.decode()
    change = reverse("admin:lokaler_bookingrequest_change", args=[world["handball"].request_id])
    assert f'href="{change}"' in html
    assert "/decide/" not in html


def test_admin_index__links_unit_staff_to_their_units_calendar(client, world):
    client.force_login(world["users"]["alna"])
    html = client.get(reverse("admin:index")).content.decode()
    assert "Ukekalender: Bydel Alna" in html
    venue_page = client.get(reverse("admin:lokaler_venue_change", args=[world["furuset"].pk]))
    assert calendar(world["furuset"]) in venue_page.content.decode()


def test_decide_page__lists_the_competing_requests_with_their_state(client, world):
    client.force_login(world["users"]["alna"])
    decide = reverse("admin:lokaler_bookingrequest_decide", args=[world["handball"].request_id])
    html = client.get(decide).content.decode()
    section = html[html.index("Konkurrerende forespørsler") :]
    assert "Alna voksenkor" in section and "Venter på svar" in section
    rival = reverse("admin:lokaler_bookingrequest_decide", args=[world["choir"].request_id])
    assert f'href="{rival}"' in section
    tuesday = world["tuesday"]
    assert "19:00–21:00" in section and f"{tuesday.day}." in section


def test_decide_page__without_competitors__says_so(client, world):
    alone = occurrence(world["hall"], next_weekday(3), time(18), time(19))
    client.force_login(world["users"]["alna"])
    decide = reverse("admin:lokaler_bookingrequest_decide", args=[alone.request_id])
    assert "Ingen andre forespørsler eller bookinger" in client.get(decide).content.decode()


def _grow(world, size: int) -> None:
    for number in range(size):
        room = RoomFactory(venue=world["furuset"], name=f"Klasserom {number}")
        RoomFactory(venue=world["furuset"], parent=room, name=f"Del {number}")
        for day in range(3):
            first = occurrence(room, world["tuesday"] + timedelta(days=day - 1), time(17), time(18))
            occurrence(room, first.start.date(), time(17), time(19))
        approve_occurrences(occurrences=[first], decided_by=None)
        occurrence(room, timezone.localdate(), time(20), time(21))


def _queries(client, url: str) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_calendars__query_count_does_not_grow_with_rooms_and_bookings(client, world):
    client.force_login(world["users"]["alna"])
    urls = [
        calendar(world["furuset"], world["tuesday"]),
        reverse("admin:lokaler_venue_unit_calendar"),
        reverse("admin:lokaler_bookingrequest_decide", args=[world["handball"].request_id]),
    ]
    _grow(world, 2)
    small = [_queries(client, url) for url in urls]
    _grow(world, 6)
    for _ in range(5):
        occurrence(world["hall"], world["tuesday"], time(18), time(19))
    large = [_queries(client, url) for url in urls]
    assert large == small


@pytest.mark.parametrize("language", ["nb", "en"])
def test_request_pages__show_times_in_oslo_time_in_words_not_raw_ranges(client, world, language):
    from django.utils import translation

    client.force_login(world["users"]["alna"])
    handball = world["handball"]
    tuesday = world["tuesday"]
    # The English admin is at /en/admin/; the override also undoes the language the
    # requests activate, so that later tests start in bokmål.
    with translation.override(language):
        expected = format_day(tuesday) + " 18:00–20:00"
        for url in [
            reverse("admin:lokaler_bookingrequest_change", args=[handball.request_id]),
            reverse("admin:lokaler_bookingoccurrence_change", args=[handball.pk]),
            reverse("admin:lokaler_bookingoccurrence_changelist"),
        ]:
            text = client.get(url).content.decode()
            assert expected in text, url
            assert "+00:00" not in text and "[20" not in text, url
