"""On a phone (375 × 667): find a room with the filters, read the venue's week, and open the
request form; the venue's week, an event and a case print as their content alone on A4."""

import re
from datetime import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lokaler.services import approve_occurrences
from tests.factories import district
from tests.henvendelser.factories import EnquiryFactory
from tests.lokaler.factories import (
    RoomFactory,
    VenueFactory,
    next_weekday,
    occurrence,
    open_evenings,
)
from tests.nettverk.factories import EventFactory

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def haugerud(db):
    """Two Alna venues and one in Frogner; Haugerud's gym is booked 18–19 and asked for
    20–21 on Tuesday next week."""
    tuesday = next_weekday(1)
    haugerud = VenueFactory(name="Haugerud skole", unit=district("Alna"))
    open_evenings(haugerud)
    gym = RoomFactory(venue=haugerud, name="Gymsal", capacity=60)
    RoomFactory(venue=haugerud, name="Musikkrom", kind="music_room", capacity=20)
    booked = occurrence(gym, tuesday, time(18), time(19))
    approve_occurrences(occurrences=[booked], decided_by=None)
    occurrence(gym, tuesday, time(20), time(21))
    lindeberg = VenueFactory(name="Lindeberg skole", unit=district("Alna"))
    open_evenings(lindeberg)
    RoomFactory(venue=lindeberg, name="Liten gymsal", capacity=20)
    RoomFactory(venue=VenueFactory(name="Uranienborg skole", unit=district("Frogner")))
    return {"venue": haugerud, "tuesday": tuesday}


@pytest.mark.django_db(transaction=True)
def test_on_a_phone__filters_in_a_disclosure_then_the_week_grid_then_the_request_form(
    axe_page, live_server, haugerud
):
    page = axe_page.page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{reverse('lokaler:venue_list')}")

    # A compact header: the menu is one disclosure (<summary>, which Chromium exposes as a
    # disclosure button); the navigation, search and language are behind it.
    menu = page.locator("summary", has_text="Meny")
    expect(menu).to_be_visible()
    expect(page.get_by_role("link", name="Tilskudd")).to_have_count(0)
    menu.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Tilskudd")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Søk på nettstedet")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Tilskudd")).to_have_count(0)
    # The filters are one closed line; the first result is on the first screen.
    filters = page.locator("summary", has_text=re.compile("^Filtre"))
    expect(filters).to_have_text("Filtre")
    expect(page.get_by_label("Bydel")).to_be_hidden()
    first_result = page.locator(".venue-result").first.bounding_box()
    assert first_result["y"] < PHONE["height"], first_result
    axe_page.assert_accessible()

    # Open the filters with the keyboard, choose Alna and at least 30 people.
    filters.focus()
    page.keyboard.press("Enter")
    page.get_by_label("Bydel").select_option(label="Bydel Alna")
    page.get_by_label("Antall personer (minst)").fill("30")
    page.get_by_role("button", name="Vis rom").click()
    expect(filters).to_have_text("Filtre (2 valgt)")
    expect(page.get_by_role("heading", name="1 rom")).to_be_visible()
    expect(page.get_by_role("heading", name="Lindeberg skole")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_page.assert_accessible()

    # The venue's week: one table, Tuesday's gym hall read as text, not colour.
    page.get_by_role("link", name="Haugerud skole").click()
    tuesday = haugerud["tuesday"]
    page.goto(f"{page.url}?uke={tuesday.isoformat()}")
    grid = page.get_by_role("table", name=re.compile(r"^Haugerud skole, uke \d+"))
    expect(grid).to_have_count(1)
    day = grid.locator("tr", has=page.get_by_role("rowheader", name=re.compile(r"^Tirsdag")))
    gym = day.locator("td").first
    expect(gym).to_contain_text("Gymsal")
    expect(gym).to_contain_text("Ledig 17:00–18:00")
    expect(gym).to_contain_text("Booket 18:00–19:00")
    expect(gym).to_contain_text("Forespurt 20:00–21:00")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Day by day on a phone: Tuesday's cells sit under Tuesday, one below the other.
    boxes = [cell.bounding_box() for cell in day.locator("td").all()]
    assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"] - 1
    # Week navigation above and below the week.
    expect(page.get_by_role("navigation", name=re.compile("^Velg uke"))).to_have_count(2)
    axe_page.assert_accessible()

    # Open the request form for the gym hall.
    page.get_by_role("link", name="Be om å låne Gymsal").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gymsal")


@pytest.mark.django_db(transaction=True)
def test_print__venue_week_event_and_case__show_content_without_navigation_or_forms(
    page, live_server, haugerud
):
    event = EventFactory()
    enquiry = EnquiryFactory()
    # The printable width of A4 with 15 mm margins, in CSS pixels.
    page.set_viewport_size({"width": 680, "height": 1000})
    page.emulate_media(media="print")
    for path, content in [
        (f"{haugerud['venue'].get_absolute_url()}?uke={haugerud['tuesday']}", ".week-grid"),
        (event.get_absolute_url(), "main h1"),
        (enquiry.get_absolute_url(), "main h1"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator(content)).to_be_visible()
        for hidden in ["nav", "footer", "main form", ".site-menu"]:
            for element in page.locator(hidden).all():
                expect(element).to_be_hidden()
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), f"{path} is wider than an A4 page"
