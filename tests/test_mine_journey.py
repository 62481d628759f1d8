"""Issue 13's journeys in Chromium, with the keyboard, and axe on each page."""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from frivilligkontor.choices import ActivityArea
from frivilligkontor.models import Roles
from nettverk import outreach
from nettverk.models import OrganisationContactLanguage, Registration
from nettverk.outreach_models import OutreachMessage
from tests.conftest import admin_login
from tests.factories import district
from tests.henvendelser.factories import EnquiryFactory
from tests.lokaler.factories import RoomFactory, next_weekday, occurrence
from tests.nettverk.conftest import reference_data  # noqa: F401 - fixture
from tests.nettverk.factories import EventFactory, RegistrationFactory, make_organisation

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


def organisation(name: str, districts: list, areas: list):
    found = make_organisation(
        name=name, activity_areas=areas, contact_email=f"{name.split()[0].lower()}@lag.example.org"
    )
    found.districts.set(districts)
    return found


@pytest.mark.django_db(transaction=True)
def test_journey__mine_saker_outreach_and_contact(
    reference_data,  # noqa: F811
    live_server,
    axe_page,
    make_staff,
    staff_password,
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

    # In English, too, the page gives nothing away and an unknown address gets no mail.
    page.goto(f"{base}/en/mine-saker/")
    axe_page.assert_accessible()
    type_into(page.get_by_label("Your e-mail address"), "unknown@example.org")
    press(page.get_by_role("button", name="Send me a link"))
    page.wait_for_url(re.compile(r"/en/mine-saker/sendt/"))
    assert "If we have something registered" in page.locator("#link-sent").inner_text()
    axe_page.assert_accessible()
    assert len(mail.outbox) == 1

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
    press(page.get_by_role("link", name="Meld meg av"))
    page.wait_for_url(re.compile(r"/meld-av/$"))
    press(page.get_by_role("button", name="Ja, meld meg av"))
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
    press(page.get_by_role("link", name="Erase my data"))
    page.wait_for_url(re.compile(r"/en/mine-saker/slett/"))
    assert "Archives Act" in page.locator("main").inner_text()  # what is kept, and why
    axe_page.assert_accessible()

    # 7. A case officer invites every organisation in Alna with activity "children and
    # young people" to an event; exactly those get it.
    alna, frogner = district("Alna"), district("Frogner")
    youth, culture = ActivityArea.CHILDREN_YOUTH, ActivityArea.CULTURE
    korps = organisation("Furuset Skolekorps", [alna], [youth, culture])
    OrganisationContactLanguage.remember(korps, "en")  # it wrote to us in English
    invited = {
        korps,
        organisation("Leksehjelpen Alna", [alna, frogner], [youth]),
        organisation("Haugerud Ungdomslag", [alna], [youth]),
    }
    organisation("Alna Sjakklubb", [alna], [culture])
    organisation("Frogner Ungdom", [frogner], [youth])
    course = EventFactory(title="Kurs i frivillighetsledelse", unit=alna, district=alna)
    officer = make_staff(Roles.CASE_OFFICERS)
    admin_login(page, base, officer.username, staff_password)
    page.goto(f"{base}{reverse('admin:nettverk_outreachmessage_add')}?event={course.pk}")
    assert page.get_by_label("Bydel Alna").is_checked()
    press(page.get_by_label("Barne- og ungdomsarbeid"), "Space")
    type_into(
        page.get_by_label("Melding (norsk)"), "Velkommen til kurs for dere som leder frivillige."
    )
    type_into(page.get_by_label("Emne (engelsk)"), "Invitation: course")
    type_into(page.get_by_label("Melding (engelsk)"), "Welcome to a course for volunteer leaders.")
    axe_page.assert_accessible()
    press(page.locator("input[name=_save]"))
    page.wait_for_url(re.compile(r"/outreachmessage/[0-9]+/change/"))
    assert "Hvem får den: 3 organisasjoner" in page.locator("#outreach-preview").inner_text()
    axe_page.assert_accessible()
    press(page.get_by_role("link", name="Send …"))
    page.wait_for_url(re.compile(r"/send/$"))
    # Tall enough that axe need not judge text cut by the bottom of the window (it reports
    # that as unknown contrast); both versions of the mail are shown.
    page.set_viewport_size({"width": 1280, "height": 1400})
    assert "Welcome to a course" in page.locator("#outreach-sample-en").inner_text()
    axe_page.assert_accessible()
    page.set_viewport_size({"width": 1280, "height": 720})
    mail.outbox.clear()
    press(page.get_by_role("button", name="Send til 3 organisasjoner"))
    page.wait_for_url(re.compile(r"/change/$"))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(o.contact_email for o in invited)
    assert all(course.slug in m.body for m in mail.outbox)

    # Each in its own language.
    korps_mail = next(m for m in mail.outbox if m.to == ["furuset@lag.example.org"])
    assert korps_mail.subject == "Invitation: course"
    assert all(m.subject.startswith("Invitasjon") for m in mail.outbox if m is not korps_mail)

    # 8. One of them unsubscribes through the link in the mail, and gets no more invitations.
    unsubscribe = korps_mail.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(unsubscribe.replace("http://127.0.0.1:8000", base))
    axe_page.assert_accessible()
    press(page.get_by_role("button", name="Unsubscribe the organisation"))
    page.wait_for_load_state()
    assert "gets no more messages" in page.locator("#unsubscribed").inner_text()
    second = OutreachMessage.objects.create(
        unit=alna,
        activity_areas=[youth],
        subject_nb="Påminnelse",
        body_nb="Husk kurset.",
        event=course,
        created_by=officer,
    )
    second.districts.set([alna])
    mail.outbox.clear()
    outreach.send_outreach(message=second, by=officer)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "haugerud@lag.example.org",
        "leksehjelpen@lag.example.org",
    ]

    # 9. A visitor writes to an organisation through its page, without learning its address;
    # first with a mistake, which is shown beside the field with what was typed kept.
    mail.outbox.clear()
    page.goto(f"{base}/en/organisasjoner/")
    press(page.get_by_role("link", name="Haugerud Ungdomslag"))
    press(page.get_by_role("link", name="Write to the organisation"))
    page.wait_for_url(re.compile(r"/en/organisasjoner/.+/kontakt/$"))
    axe_page.assert_accessible()
    type_into(page.get_by_label("Your name"), "Per Hansen")
    type_into(page.get_by_label("Your e-mail address"), "per@example")
    type_into(page.get_by_role("textbox", name=re.compile(r"^Message")), "Can my daughter join?")
    press(page.get_by_role("button", name="Send the message"))
    page.wait_for_load_state()
    assert page.get_by_label("Your e-mail address").get_attribute("aria-invalid") == "true"
    assert page.get_by_role("textbox", name=re.compile(r"^Message")).input_value() == (
        "Can my daughter join?"
    )
    axe_page.assert_accessible()
    press(page.get_by_label("Your e-mail address"), "Control+a")
    type_into(page.get_by_label("Your e-mail address"), "per@example.org")
    press(page.get_by_role("button", name="Send the message"))
    page.wait_for_url(re.compile(r"/kontakt/sendt/$"))
    axe_page.assert_accessible()
    assert "haugerud@lag.example.org" not in page.content()
    assert [(m.to, m.reply_to) for m in mail.outbox] == [
        (["haugerud@lag.example.org"], ["per@example.org"])
    ]
