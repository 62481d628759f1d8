"""The map on the venue list is an extra: markers for the listed venues on the configured
map tiles (Kartverket's in production), usable with the keyboard; the list works the same
without it, and without a tile source there is no map at all. Tile requests are answered
from a local image, so the tests need no network."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from frivilligkontor.maps import KARTVERKET_TILE_URL, tile_origin
from frivilligkontor.settings import content_security_policy
from tests.factories import district
from tests.lokaler.factories import RoomFactory, VenueFactory

TILE = Path(__file__).with_name("map_tile.png").read_bytes()


@pytest.fixture
def kartverket_tiles(settings):
    """The production tile source, with its CSP, as the settings derive it."""
    settings.MAP_TILE_URL = KARTVERKET_TILE_URL
    settings.MAP_TILE_ATTRIBUTION = "© Kartverket"
    settings.SECURE_CSP = content_security_policy(tile_url=KARTVERKET_TILE_URL)


def serve_tiles_locally(page) -> list[str]:
    requested: list[str] = []

    def answer(route):
        requested.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=TILE)

    page.route("https://cache.kartverket.no/**", answer)
    return requested


def test_content_security_policy__allows_images_from_exactly_the_tile_host():
    policy = content_security_policy(tile_url=KARTVERKET_TILE_URL)
    assert policy["img-src"] == ["'self'", "data:", "https://cache.kartverket.no"]
    assert content_security_policy(tile_url="")["img-src"] == ["'self'", "data:"]
    assert tile_origin("not a url/{z}/{x}/{y}.png") is None


@pytest.mark.django_db(transaction=True)
def test_venue_list_map__shows_kartverket_tiles_and_a_keyboard_usable_marker_per_venue(
    axe_page, live_server, kartverket_tiles
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
    tiles = serve_tiles_locally(page)
    page.goto(f"{live_server.url}{reverse('lokaler:venue_list')}")
    region = page.get_by_role("region", name="Kart over lokalene i listen")
    expect(region).to_be_visible()
    expect(region.locator("img.leaflet-tile-loaded").first).to_be_visible()
    assert tiles and all(
        url.startswith("https://cache.kartverket.no/v1/wmts/1.0.0/topo/") for url in tiles
    )
    expect(region.get_by_text("© Kartverket")).to_be_visible()
    markers = region.get_by_role("button", name="skole")
    expect(markers).to_have_count(2)
    axe_page.assert_accessible()  # also: no CSP error for the tiles
    region.get_by_role("button", name="Haugerud skole").focus()
    page.keyboard.press("Enter")
    popup_link = region.get_by_role("link", name="Haugerud skole")
    expect(popup_link).to_be_visible()
    axe_page.assert_accessible()
    # The list itself is unchanged: every venue is there, with or without coordinates.
    expect(page.get_by_role("heading", name="Lindeberg skole")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_venue_list__without_a_tile_source__shows_no_map(page, live_server, settings):
    settings.MAP_TILE_URL = ""
    RoomFactory(
        venue=VenueFactory(
            name="Furuset skole", latitude=Decimal("59.94"), longitude=Decimal("10.88")
        )
    )
    page.goto(f"{live_server.url}{reverse('lokaler:venue_list')}")
    expect(page.get_by_role("heading", name="Furuset skole")).to_be_visible()
    expect(page.locator(".venue-map")).to_have_count(0)
    assert "leaflet" not in page.content()


@pytest.mark.django_db(transaction=True)
def test_venue_list__without_javascript__is_the_plain_list(browser, live_server, kartverket_tiles):
    RoomFactory(
        venue=VenueFactory(
            name="Furuset skole", latitude=Decimal("59.94"), longitude=Decimal("10.88")
        )
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('lokaler:venue_list')}")
    expect(page.locator(".venue-map")).to_have_count(0)
    expect(page.get_by_role("heading", name="Furuset skole")).to_be_visible()
    context.close()
