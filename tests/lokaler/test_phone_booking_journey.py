"""On a phone (375 px): ask for a weekly series, see which step you are on, drop the time
that is taken, and get a receipt that says by which date the unit answers."""

import re
from datetime import time

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from frivilligkontor.workdays import add_working_days
from lokaler.models import BookingRequest
from lokaler.services import approve_occurrences
from tests.factories import district
from tests.lokaler.factories import (
    RoomFactory,
    VenueFactory,
    next_weekday,
    occurrence,
    open_evenings,
)


def no_sideways_scrolling(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def press_enter_on(page, locator) -> None:
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.django_db(transaction=True)
def test_phone__request_a_series__steps_drop_and_receipt_with_answer_date(axe_page, live_server):
    page = axe_page.page
    page.set_viewport_size({"width": 375, "height": 812})
    alna = district("Alna")
    alna.answer_working_days = 4
    alna.save()
    tuesdays = [next_weekday(1, weeks_ahead=1 + week) for week in range(3)]
    venue = VenueFactory(name="Furuset bydelshus", unit=alna)
    open_evenings(venue)
    room = RoomFactory(venue=venue, name="Møterom Alna", kind="meeting_room", capacity=20)
    approve_occurrences(
        occurrences=[occurrence(room, tuesdays[1], time(18), time(20))], decided_by=None
    )

    page.goto(f"{live_server.url}/lokaler/furuset-bydelshus/moterom-alna/lan/")
    expect(page).to_have_title(re.compile(r"^Steg 1 av 2: Tider"))
    expect(page.locator("legend", has_text="Steg 1 av 2: Tider")).to_be_visible()
    no_sideways_scrolling(page)
    axe_page.assert_accessible()
    page.get_by_label("Organisasjon eller initiativ").fill("Furuset seniordans")
    page.get_by_label("Vi er et nytt initiativ").check()
    page.get_by_label("Kontaktperson").fill("Kari Hansen")
    page.get_by_label("Kontakt-e-post").fill("kari@example.org")
    page.get_by_label("Aktivitet").fill("Dans for seniorer")
    page.get_by_label("Forventet antall personer").fill("12")
    page.get_by_label("Aldersgruppe").select_option(label="Voksne")
    page.get_by_label("Gjenta hver uke").check()
    page.get_by_label("Dato (første dato i en serie)").fill(tuesdays[0].isoformat())
    page.get_by_label("Siste dato (for en ukentlig serie)").fill(tuesdays[-1].isoformat())
    page.get_by_label(re.compile(r"^Fra\b")).fill("18:00")
    page.get_by_label(re.compile(r"^Til\b")).fill("20:00")
    press_enter_on(page, page.get_by_role("button", name="Sjekk tidene"))

    expect(page).to_have_title(re.compile(r"^Steg 2 av 2: Kontroller og send"))
    expect(page.get_by_role("heading", name="Steg 2 av 2: Kontroller og send")).to_be_in_viewport()
    no_sideways_scrolling(page)
    axe_page.assert_accessible()
    press_enter_on(page, page.get_by_role("button", name="Dropp tidene som ikke er ledige"))
    with translation.override("nb"):
        dropped = date_format(tuesdays[1], "l j. F Y")
        due = date_format(add_working_days(timezone.localdate(), 4), "l j. F Y")
    expect(page.get_by_role("status")).to_contain_text("Vi droppet 1 tid som ikke er ledig:")
    expect(page.get_by_role("status")).to_contain_text(f"{dropped}, 18:00–20:00")
    expect(page.get_by_role("status")).to_contain_text("2 tider står igjen")
    expect(page.locator('input[name="times"]')).to_have_count(2)
    axe_page.assert_accessible()
    press_enter_on(page, page.get_by_role("button", name="Send forespørselen"))

    expect(page.get_by_role("heading", name="Forespørselen din om lån")).to_be_visible()
    expect(page.locator("#answer-due")).to_have_text(f"senest {due}, fra Bydel Alna, på e-post")
    no_sideways_scrolling(page)
    axe_page.assert_accessible()
    assert (
        BookingRequest.objects.get(organisation_name="Furuset seniordans").occurrences.count() == 2
    )
