"""The venue owner's journey, in Chromium, with the keyboard, axe on each page: an Alna
employee opens the week calendar of her unit from the admin's front page, finds two
requests for the same hall at the same time, opens one's decide page, sees the other as
its competitor, and approves it; the calendar then shows it booked."""

from datetime import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from frivilligkontor.models import Roles
from lokaler.models import BookingOccurrence
from tests.conftest import admin_login
from tests.factories import district
from tests.lokaler.factories import (
    RoomFactory,
    VenueFactory,
    next_weekday,
    occurrence,
    open_evenings,
)


def activate(page, locator) -> None:
    """Move the keyboard focus to a link or button and press Enter."""
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.django_db(transaction=True)
def test_unit_employee__sees_a_clash_in_the_week_calendar_and_approves_one_request(
    live_server, axe_page, make_staff, staff_password
):
    alna = district("Alna")
    furuset = VenueFactory(name="Furuset skole", unit=alna)
    open_evenings(furuset)
    hall = RoomFactory(venue=furuset, name="Gymsal")
    tuesday = next_weekday(1)  # next week or the week after
    handball = occurrence(hall, tuesday, time(18), time(20))
    handball.request.organisation_name = "Furuset IF håndball"
    handball.request.save()
    choir = occurrence(hall, tuesday, time(19), time(21))
    choir.request.organisation_name = "Alna voksenkor"
    choir.request.save()
    employee = make_staff(Roles.UNIT_STAFF, units=(alna,))
    page = axe_page.page
    # Tall enough for the whole week: axe cannot judge the contrast of text cut by the
    # bottom of the window.
    page.set_viewport_size({"width": 1280, "height": 1400})

    admin_login(page, live_server.url, employee.username, staff_password)
    activate(page, page.get_by_role("link", name="Ukekalender: Bydel Alna"))
    expect(page.get_by_role("heading", name="I dag i Bydel Alna")).to_be_visible()
    while not page.get_by_text("Furuset IF håndball").count():
        activate(page, page.get_by_role("link", name="Neste uke").first)
    axe_page.assert_accessible()

    cell = page.locator("td", has=page.get_by_text("Furuset IF håndball"))
    expect(cell).to_contain_text("Forespurt, Kollisjon")
    expect(cell).to_contain_text("Konkurrerer med: Furuset IF håndball")  # the choir's entry
    expect(cell).to_contain_text("Konkurrerer med: Alna voksenkor")

    activate(page, page.get_by_role("link", name="18:00–20:00 Furuset IF håndball"))
    competing = page.locator("table", has=page.get_by_role("columnheader", name="Deres tid"))
    expect(competing).to_contain_text("Alna voksenkor")
    expect(competing).to_contain_text("Venter på svar")
    expect(competing).to_contain_text("19:00–21:00")
    axe_page.assert_accessible()

    activate(page, page.get_by_role("button", name="Godkjenn de valgte tidene"))
    expect(page.locator(".messagelist")).to_contain_text("1 tidspunkt(er) godkjent.")
    handball.refresh_from_db()
    choir.refresh_from_db()
    assert handball.status == BookingOccurrence.Status.APPROVED
    assert choir.status == BookingOccurrence.Status.REQUESTED

    calendar = reverse("admin:lokaler_venue_calendar", args=[furuset.pk])
    page.goto(f"{live_server.url}{calendar}?uke={tuesday:%Y-%m-%d}")
    expect(page.locator(".week-calendar__time--booked")).to_contain_text(
        "Booket, Kollisjon 18:00–20:00 Furuset IF håndball"
    )
