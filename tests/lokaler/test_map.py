"""The map on the venue list is an extra: markers for the listed venues, usable with the
keyboard, and the list works the same without it."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import district
from tests.lokaler.factories import RoomFactory, VenueFactory


@pytest.mark.django_db(transaction=True)
def test_venue_list_map__shows_a_keyboard_usable_marker_per_venue_with_coordinates(
    axe_page, live_server
):
    for name, lat, lon in [
        ("Furuset skole", "59.940600", "10.888400"),
        ("Haugerud skole", "59.922100", "10.857300"),
    ]:
        venue = VenueFactory(
            name=name, unit=district("Alna"), latitude=Decimal(lat), longitude=Decimal(lon)
        )
        RoomFactory(venue=venue)
    RoomFactory(venue=VenueFactory(name="Lindeberg skole", unit=district("Alna")))  # no coordinates
    page = axe_page.page
    page.goto(f"{live_server.url}{reverse('lokaler:venue_list')}")
    region = page.get_by_role("region", name="Kart over lokalene i listen")
    expect(region).to_be_visible()
    markers = region.get_by_role("button", name="skole")
    expect(markers).to_have_count(2)
    axe_page.assert_accessible()
    region.get_by_role("button", name="Haugerud skole").focus()
    page.keyboard.press("Enter")
    popup_link = region.get_by_role("link", name="Haugerud skole")
    expect(popup_link).to_be_visible()
    axe_page.assert_accessible()
    # The list itself is unchanged: every venue is there, with or without coordinates.
    expect(page.get_by_role("heading", name="Lindeberg skole")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_venue_list__without_javascript__is_the_plain_list(browser, live_server):
    VenueFactory(name="Furuset skole", latitude=Decimal("59.94"), longitude=Decimal("10.88"))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('lokaler:venue_list')}")
    expect(page.locator(".venue-map")).to_have_count(0)
    expect(page.get_by_role("heading", name="Finn et lokale")).to_be_visible()
    context.close()
