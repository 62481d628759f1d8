"""The issue's "Done when" journey, in Chromium, driven with the keyboard, axe on each page.

A person finds a free gym hall in Alna on a Tuesday evening for 30 people, asks for a weekly
series for the rest of the term, sees one clash and drops it; an Alna employee (who cannot
see Frogner's venues) approves it; the times show as booked; a rival request for the same
time cannot be approved."""

import re
from datetime import time, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from frivilligkontor.models import Roles
from lokaler.models import BookingOccurrence, BookingRequest
from lokaler.services import approve_occurrences
from tests.conftest import admin_login
from tests.factories import district
from tests.lokaler.factories import (
    RoomFactory,
    VenueFactory,
    next_weekday,
    occurrence,
    open_evenings,
)


def submit_with_enter(page) -> None:
    """Press Enter on the focused link or button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def term(db):
    """Four Tuesdays from at least a week ahead; an approved booking on the third one."""
    tuesdays = [next_weekday(1, weeks_ahead=1 + week) for week in range(4)]
    haugerud = VenueFactory(
        name="Haugerud skole", unit=district("Alna"), street_address="Haugerudveien 64"
    )
    open_evenings(haugerud, ends_on=tuesdays[-1] + timedelta(days=30))
    gym = RoomFactory(venue=haugerud, name="Gymsal", capacity=60)
    RoomFactory(venue=haugerud, name="Musikkrom", kind="music_room", capacity=20)
    small = VenueFactory(name="Lindeberg skole", unit=district("Alna"))
    open_evenings(small)
    RoomFactory(venue=small, name="Liten gymsal", capacity=20)
    uranienborg = VenueFactory(name="Uranienborg skole", unit=district("Frogner"))
    open_evenings(uranienborg)
    RoomFactory(venue=uranienborg, name="Gymsal", capacity=45)
    clash = occurrence(gym, tuesdays[2], time(18), time(20))
    approve_occurrences(occurrences=[clash], decided_by=None)
    return {"tuesdays": tuesdays, "gym": gym, "uranienborg": uranienborg}


# Marked explicitly so pytest-django runs it after the tests that share one transaction
# (it empties the tables when it ends).
@pytest.mark.django_db(transaction=True)
def test_find_request_approve_and_refuse_a_double_booking(
    axe_page, live_server, term, make_staff, staff_password
):
    page = axe_page.page
    tuesdays = term["tuesdays"]
    base = live_server.url

    # 1. Find a free gym hall in Alna on a Tuesday evening for 30 people.
    page.goto(f"{base}{reverse('lokaler:venue_list')}")
    axe_page.assert_accessible()
    page.get_by_label("Bydel").select_option(label="Bydel Alna")
    page.get_by_label("Type rom").select_option(label="Gymsal")
    page.get_by_label("Antall personer (minst)").fill("30")
    page.get_by_label("Ledig dato").fill(tuesdays[0].isoformat())
    page.get_by_label("Fra", exact=True).fill("18:00")
    page.get_by_label("Til", exact=True).fill("20:00")
    page.get_by_role("button", name="Vis rom").focus()
    submit_with_enter(page)
    expect(page.get_by_role("heading", name=re.compile(r"^1 rom ledig tirsdag"))).to_be_visible()
    expect(page.get_by_role("heading", name="Haugerud skole")).to_be_visible()
    expect(page.get_by_text("Uranienborg skole")).to_have_count(0)
    expect(page.get_by_text("Liten gymsal")).to_have_count(0)
    axe_page.assert_accessible()

    # 2. Ask for a weekly series; the check shows one clash, which the person drops.
    page.get_by_role("link", name="Be om å låne Gymsal").focus()
    submit_with_enter(page)
    axe_page.assert_accessible()
    expect(page.get_by_label("Dato (første dato i en serie)")).to_have_value(
        tuesdays[0].isoformat()
    )
    page.get_by_label("Organisasjon eller initiativ").fill("Haugerud jentefotball")
    page.get_by_label("Vi er et nytt initiativ").check()
    page.get_by_label("Kontaktperson").fill("Amina Yusuf")
    page.get_by_label("Kontakt-e-post").fill("amina@example.org")
    page.get_by_label("Aktivitet").fill("Innendørs fotballtrening for jenter 10–14 år")
    page.get_by_label("Forventet antall personer").fill("30")
    page.get_by_label("Aldersgruppe").select_option(label="Barn (under 13)")
    page.get_by_label("Gjenta hver uke").focus()
    page.keyboard.press("Space")
    page.get_by_label("Siste dato (for en ukentlig serie)").fill(tuesdays[-1].isoformat())
    page.get_by_role("button", name="Sjekk tidene").focus()
    submit_with_enter(page)
    expect(page.get_by_text("1 av tidene er ikke ledig")).to_be_visible()
    clash = page.get_by_role("checkbox", name=re.compile("Allerede booket"))
    expect(clash).to_have_count(1)
    expect(page.get_by_role("checkbox", name=re.compile("Ledig"))).to_have_count(3)
    axe_page.assert_accessible()
    clash.focus()
    page.keyboard.press("Space")
    expect(clash).not_to_be_checked()
    page.get_by_role("button", name="Send forespørselen").focus()
    submit_with_enter(page)
    expect(page.get_by_role("heading", name="Forespørselen din om lån")).to_be_visible()
    expect(page.get_by_text("Venter på svar")).to_have_count(3)
    axe_page.assert_accessible()
    booking = BookingRequest.objects.get(organisation_name="Haugerud jentefotball")
    assert booking.occurrences.count() == 3
    assert ["amina@example.org"] in [message.to for message in mail.outbox]
    # Meanwhile another group asks for the first Tuesday too.
    rival = occurrence(term["gym"], tuesdays[0], time(19), time(21))

    # 3. The Alna employee cannot see Frogner's venue, and approves the series.
    alna = make_staff(Roles.UNIT_STAFF, units=(district("Alna"),), username="alna-ansatt")
    admin_login(page, base, alna.username, staff_password)
    page.goto(f"{base}{reverse('admin:lokaler_venue_changelist')}")
    expect(page.get_by_role("link", name="Haugerud skole", exact=True)).to_be_visible()
    expect(page.get_by_text("Uranienborg skole")).to_have_count(0)
    page.goto(f"{base}{reverse('admin:lokaler_venue_change', args=[term['uranienborg'].pk])}")
    assert page.url.rstrip("/").endswith(settings.ADMIN_URL.rstrip("/"))
    page.goto(f"{base}{reverse('admin:lokaler_bookingrequest_changelist')}")
    page.get_by_role("link", name="Haugerud jentefotball").click()
    page.get_by_role("link", name="Godkjenn eller avslå tidene").focus()
    submit_with_enter(page)
    page.get_by_role("button", name="Godkjenn de valgte tidene").focus()
    submit_with_enter(page)
    expect(page.get_by_text("3 tidspunkt(er) godkjent.")).to_be_visible()
    assert set(booking.occurrences.values_list("status", flat=True)) == {"approved"}
    assert "Svar på forespørselen" in mail.outbox[-1].subject
    assert mail.outbox[-1].attachments[0][0].endswith(".ics")

    # 4. The times show as booked on the venue's page and on the person's own page.
    page.goto(
        f"{base}{reverse('lokaler:venue_detail', kwargs={'slug': term['gym'].venue.slug})}"
        f"?uke={tuesdays[0].isoformat()}"
    )
    week = page.get_by_role("table", name=re.compile("^Haugerud skole, uke"))
    tuesday_row = week.get_by_role("row").nth(2)  # the rooms, Monday, Tuesday
    expect(tuesday_row).to_contain_text("Tirsdag")
    expect(tuesday_row.get_by_role("cell").first).to_contain_text("Booket 18:00–20:00")
    axe_page.assert_accessible()
    page.goto(f"{base}{booking.get_absolute_url()}")
    expect(page.get_by_text("Godkjent", exact=True)).to_have_count(3)

    # 5. The rival request for the same time cannot be approved: a clear message, no error.
    page.goto(f"{base}{reverse('admin:lokaler_bookingrequest_decide', args=[rival.request.pk])}")
    page.get_by_role("button", name="Godkjenn de valgte tidene").focus()
    submit_with_enter(page)
    expect(page.get_by_text(re.compile("ble ikke godkjent: rommet"))).to_be_visible()
    rival.refresh_from_db()
    assert rival.status == BookingOccurrence.Status.REQUESTED
    axe_page.assert_accessible()

    # 6. The owner declines the rival's time with a reason, by keyboard; the reason is
    # required, and the person is told it in their e-mail.
    page.get_by_role("button", name="Avslå de valgte tidene").focus()
    submit_with_enter(page)
    expect(page.get_by_text("Feltet er påkrevet.")).to_be_visible()
    axe_page.assert_accessible()
    page.get_by_label("Begrunnelse for avslag").fill("Salen er allerede lånt ut")
    page.get_by_role("button", name="Avslå de valgte tidene").focus()
    submit_with_enter(page)
    expect(page.get_by_text("1 tidspunkt(er) avslått.")).to_be_visible()
    rival.refresh_from_db()
    assert rival.status == BookingOccurrence.Status.DECLINED
    assert "Salen er allerede lånt ut" in mail.outbox[-1].body
