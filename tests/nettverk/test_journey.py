"""The issue's "Done when" journey in Chromium, with the keyboard, and axe on each page."""

import re

import pytest
from django.conf import settings
from django.core import mail

from frivilligkontor.models import Organisation, Roles
from nettverk import services
from nettverk.models import EventKind, Registration
from tests.conftest import admin_login
from tests.factories import district, valid_organisation_number
from tests.nettverk.factories import EventFactory


def press(locator, key: str = "Enter") -> None:
    locator.focus()
    locator.press(key)


def type_into(locator, text: str) -> None:
    locator.focus()
    locator.page.keyboard.type(text)


@pytest.mark.django_db(transaction=True)
def test_journey__register_with_waiting_list_move_up_and_organisation_approved(
    reference_data, live_server, axe_page, make_staff, staff_password
):
    fair = EventFactory(
        kind=EventKind.RECRUITMENT_FAIR,
        title="Frivillighetsmesse på Furuset",
        unit=district("Alna"),
        district=district("Alna"),
        capacity=5,
    )
    other = services.register(
        event=fair, name="Ola Nordmann", email="ola@example.org", party_size=3
    ).registration
    page = axe_page.page

    # 1. A person finds the fair: two places left.
    page.goto(f"{live_server.url}/nettverk/")
    axe_page.assert_accessible()
    press(page.get_by_role("link", name="Frivillighetsmesse på Furuset"))
    page.wait_for_url(re.compile(r"/nettverk/arrangementer/"))
    assert "2 av 5 plasser ledige" in page.locator("#places-left").inner_text()
    axe_page.assert_accessible()

    # 2. …and registers three people with the keyboard: two confirmed, one waits.
    type_into(page.get_by_label("Ditt navn"), "Amina Hussein")
    type_into(page.locator("#id_email"), "amina@example.org")
    type_into(page.get_by_label("Organisasjon (valgfritt)"), "Somalisk Kvinneforening Alna")
    page.get_by_label("Antall personer").fill("")
    type_into(page.get_by_label("Antall personer"), "3")
    press(page.get_by_role("button", name="Meld deg på"))
    # The answer is the event page (the same for an address already registered); the
    # secret link to her registration comes by e-mail.
    page.wait_for_url(re.compile(r"/nettverk/arrangementer/"))
    message = page.locator(".messages").inner_text()
    assert "Bare 2 plasser var ledige" in message
    assert "1 person står på venteliste" in message
    axe_page.assert_accessible()
    amina = Registration.objects.get(email="amina@example.org")
    assert (amina.confirmed_places, amina.waiting_places) == (2, 1)
    amina_page = f"{live_server.url}{amina.get_cancel_url()}"
    page.goto(amina_page)
    assert "nummer 1 i køen" in page.locator("#registration-status").inner_text()

    # 3. Ola cancels through his secret link; Amina moves up and gets an e-mail.
    mail.outbox.clear()
    page.goto(f"{live_server.url}{other.get_cancel_url()}")
    axe_page.assert_accessible()
    press(page.get_by_role("link", name="Meld meg av"))
    page.wait_for_url(re.compile(r"/meld-av/$"))
    axe_page.assert_accessible()
    press(page.get_by_role("button", name="Ja, meld meg av"))
    page.wait_for_load_state()
    assert "Du er avmeldt" in page.locator(".messages").inner_text()
    amina.refresh_from_db()
    assert (amina.confirmed_places, amina.waiting_places) == (3, 0)
    moved_up = [m for m in mail.outbox if m.to == ["amina@example.org"]]
    assert len(moved_up) == 1
    assert "Du har fått plass" in moved_up[0].subject
    page.goto(amina_page)
    status = page.locator("#registration-status").inner_text()
    assert "Bekreftet" in status and "3 / 3" in status

    # 4. An organisation registers in the directory.
    page.goto(f"{live_server.url}/organisasjoner/")
    axe_page.assert_accessible()
    press(page.get_by_role("link", name="Registrer organisasjonen din"))
    page.wait_for_url(re.compile(r"/organisasjoner/registrer/"))
    axe_page.assert_accessible()
    type_into(page.get_by_label("Navn på organisasjonen eller initiativet"), "Haugerud Sjakklubb")
    type_into(
        page.get_by_role("textbox", name="Organisasjonsnummer"), valid_organisation_number(777)
    )
    press(page.get_by_label("Bydel Alna"), "Space")
    press(page.get_by_label("Kultur og musikk"), "Space")
    type_into(
        page.get_by_label("Fortell andre om organisasjonen"),
        "Sjakk for alle aldre på Haugerud, tirsdager kl. 18.",
    )
    type_into(page.get_by_label("E-post for kontakt"), "post@haugerudsjakk.example.org")
    press(page.get_by_role("button", name="Send til godkjenning"))
    page.wait_for_url(re.compile(r"/organisasjoner/registrer/takk/"))
    axe_page.assert_accessible()
    assert Organisation.objects.get(name="Haugerud Sjakklubb").status == "pending"
    page.goto(f"{live_server.url}/organisasjoner/?district=alna")
    assert page.get_by_text("Haugerud Sjakklubb").count() == 0

    # 5. Staff approve it in the admin.
    officer = make_staff(Roles.CASE_OFFICERS)
    admin_login(page, live_server.url, officer.username, staff_password)
    page.goto(
        f"{live_server.url}/{settings.ADMIN_URL}frivilligkontor/organisation/?status__exact=pending"
    )
    row = page.locator("#result_list tbody tr", has_text="Haugerud Sjakklubb")
    press(row.locator("input.action-select"), "Space")
    page.locator("select[name=action]").select_option("approve")
    press(page.locator("button[name=index]"))
    page.wait_for_load_state()
    assert Organisation.objects.get(name="Haugerud Sjakklubb").status == "approved"

    # 6. …and it appears under its bydel.
    page.goto(f"{live_server.url}/organisasjoner/")
    page.get_by_label("Bydel").select_option("alna")
    press(page.get_by_role("button", name="Vis organisasjoner"))
    page.wait_for_url(re.compile(r"district=alna"))
    assert page.get_by_role("heading", name="Frivillige organisasjoner i Bydel Alna").is_visible()
    press(page.get_by_role("link", name="Haugerud Sjakklubb"))
    page.wait_for_url(re.compile(r"/organisasjoner/haugerud-sjakklubb/"))
    assert "Bydel Alna" in page.locator("main").inner_text()
    axe_page.assert_accessible()
