"""Issue 13's journeys in Chromium, with the keyboard, and axe on each page."""

import json
import re

import pytest
from django.core import mail

from nettverk.models import Registration
from tests.henvendelser.factories import EnquiryFactory
from tests.lokaler.factories import RoomFactory, next_weekday, occurrence
from tests.nettverk.conftest import reference_data  # noqa: F401 - fixture
from tests.nettverk.factories import RegistrationFactory

ADDRESS = "amina@example.org"


def press(locator, key: str = "Enter") -> None:
    locator.focus()
    locator.press(key)


def type_into(locator, text: str) -> None:
    locator.focus()
    locator.page.keyboard.type(text)


def ask_for_link(page, base: str, email: str) -> None:
    page.goto(f"{base}/mine-saker/")
    type_into(page.get_by_label("E-postadressen din"), email)
    press(page.get_by_role("button", name="Send meg en lenke"))
    page.wait_for_url(re.compile(r"/mine-saker/sendt/"))


@pytest.mark.django_db(transaction=True)
def test_journey__mine_saker__link_overview_cancel_and_download(
    reference_data,  # noqa: F811
    live_server,
    axe_page,
):
    enquiry = EnquiryFactory(email=ADDRESS, contact_name="Amina Hussein")
    booking = occurrence(RoomFactory(name="Gymsal"), next_weekday(2)).request
    booking.contact_email = ADDRESS
    booking.save()
    registration = RegistrationFactory(email=ADDRESS, event__title="Frivillighetsmesse på Furuset")
    page = axe_page.page
    base = live_server.url

    # 1. An unknown address gets the same page, and no mail is sent.
    page.goto(f"{base}/")
    press(page.get_by_role("link", name="Mine saker"))
    page.wait_for_url(re.compile(r"/mine-saker/$"))
    axe_page.assert_accessible()
    ask_for_link(page, base, "ukjent@example.org")
    unknown_answer = page.locator("#link-sent").inner_text()
    assert mail.outbox == []

    # 2. Amina asks for a link: the same answer, and one mail with the link.
    ask_for_link(page, base, ADDRESS)
    assert page.locator("#link-sent").inner_text() == unknown_answer
    axe_page.assert_accessible()
    assert [message.to for message in mail.outbox] == [[ADDRESS]]
    link = re.search(r"http\S+/mine-saker/apne/\S+/", mail.outbox[0].body).group(0)

    # 3. She opens it and sees her case, her booking request and her registration.
    page.goto(link.replace("http://127.0.0.1:8000", base))
    axe_page.assert_accessible()
    press(page.get_by_role("button", name="Åpne oversikten min"))
    page.wait_for_url(re.compile(r"/mine-saker/oversikt/"))
    main = page.locator("main").inner_text()
    assert enquiry.reference in main
    assert "Gymsal" in main
    assert "Frivillighetsmesse på Furuset" in main
    axe_page.assert_accessible()

    # 4. She cancels the registration from there.
    press(page.get_by_role("link", name=re.compile(r"Se eller meld deg av.*Frivillighetsmesse")))
    page.wait_for_url(re.compile(r"/nettverk/pamelding/"))
    press(page.get_by_role("button", name="Meld meg av"))
    page.wait_for_load_state()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    page.go_back()
    page.goto(f"{base}/mine-saker/oversikt/")
    assert "Avlyst" in page.locator("#mine-event_registrations").locator("..").inner_text()

    # 5. …and downloads her data.
    with page.expect_download() as download_info:
        press(page.get_by_role("link", name="Last ned mine data (JSON, maskinlesbart)"))
    data = json.loads(download_info.value.path().read_text(encoding="utf-8"))
    assert data["sections"]["enquiries"][0]["reference"] == enquiry.reference
    assert data["sections"]["booking_requests"][0]["contact_email"] == ADDRESS

    # 6. In English too.
    page.goto(f"{base}/en/mine-saker/oversikt/")
    assert page.get_by_role("heading", name="My overview").is_visible()
    axe_page.assert_accessible()
