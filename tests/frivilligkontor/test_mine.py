"""«Mine saker»: one answer for every address, a one-use link, the overview, export, erasure,
and the staff look-up."""

import datetime
import json
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from frivilligkontor import mine
from frivilligkontor.models import (
    AccessLink,
    ErasureRequest,
    OverviewLookup,
    Roles,
)
from nettverk import outreach
from nettverk.outreach_models import OutreachMessage, OutreachRecipient
from tests.factories import OrganisationFactory, district
from tests.henvendelser.factories import EnquiryFactory, EnquiryMessageFactory
from tests.lokaler.factories import RoomFactory, next_weekday, occurrence
from tests.lokaler.season_factories import SeasonApplicationFactory, SeasonWishFactory
from tests.nettverk.factories import RegistrationFactory
from tests.tilskudd.factories import SubscriptionFactory

ADDRESS = "kari.nordmann@example.org"


@pytest.fixture
def held(db):
    """One of everything for ADDRESS (in other letter case here and there), and a stranger's case."""
    enquiry = EnquiryFactory(email="Kari.Nordmann@example.org", contact_name="Kari Nordmann")
    EnquiryMessageFactory(enquiry=enquiry, body="Svar fra kontoret")
    room = RoomFactory()
    day = next_weekday(2)
    booking = occurrence(room, day).request
    booking.contact_email = ADDRESS
    booking.save()
    registration = RegistrationFactory(email=ADDRESS, event__title="Frivillighetsmesse")
    subscription = SubscriptionFactory(email=ADDRESS)
    organisation = OrganisationFactory(contact_email=ADDRESS, name="Furuset Sjakklubb")
    application = SeasonApplicationFactory(contact_email=ADDRESS, organisation_name="Furuset IF")
    SeasonWishFactory(application=application, room=room)
    EnquiryFactory(email="someone.else@example.org", contact_name="Someone Elsewhere-Unrelated")
    return {
        "enquiry": enquiry,
        "booking": booking,
        "registration": registration,
        "subscription": subscription,
        "organisation": organisation,
        "application": application,
    }


def ask_for_link(client, captured, email: str, **extra):
    with captured(execute=True):
        return client.post(reverse("mine_request"), {"email": email}, **extra)


def link_in(message) -> str:
    return re.search(r"https?://\S+/mine-saker/apne/\S+/", message.body).group(0)


def open_overview(client, captured, email: str = ADDRESS) -> None:
    mail.outbox.clear()
    ask_for_link(client, captured, email)
    path = link_in(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + path).status_code == 302


def test_request__known_address__same_answer_and_one_mail_with_a_link(
    client, held, django_capture_on_commit_callbacks
):
    response = ask_for_link(
        client, django_capture_on_commit_callbacks, "  KARI.nordmann@example.org "
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mine_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [ADDRESS]
    assert "/mine-saker/apne/" in mail.outbox[0].body
    page = client.get(reverse("mine_sent"))
    assert "Hvis vi har noe registrert på denne adressen" in page.content.decode()


def test_request__unknown_address__same_answer_and_no_mail(
    client, held, django_capture_on_commit_callbacks
):
    response = ask_for_link(client, django_capture_on_commit_callbacks, "nobody@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("mine_sent")
    assert mail.outbox == []
    assert not AccessLink.objects.exists()


def test_request__known_and_unknown_address__the_same_work_while_the_person_waits(
    client, held, monkeypatch
):
    """Whether anything is held is found out in the task queue, so neither the answer nor
    the work done before it (its time) differs between a known and an unknown address."""
    queued = []

    class QueueOnly:
        def enqueue(self, **kwargs):
            queued.append(kwargs)

    def not_while_waiting(email):
        raise AssertionError("looked up while the person waits")

    monkeypatch.setattr(mine, "send_access_link", QueueOnly())
    monkeypatch.setattr(mine, "held_for", not_while_waiting)
    answers = []
    # From two networks, so each is the first request its limits count.
    for email, sender in ((ADDRESS, "192.0.2.1"), ("nobody@example.org", "192.0.2.2")):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("mine_request"), {"email": email}, REMOTE_ADDR=sender)
        answers.append(
            (
                response.status_code,
                response["Location"],
                sorted(response.cookies),
                [  # the tables each query reads or writes, in order
                    re.findall(r'(?:FROM|INTO|UPDATE|JOIN) "(\w+)"', query["sql"])
                    for query in queries.captured_queries
                ],
            )
        )
    assert answers[0] == answers[1]
    assert [item["email"] for item in queued] == [ADDRESS, "nobody@example.org"]


def test_request__invalid_address__message_beside_the_field_and_kept(client, db):
    response = client.post(reverse("mine_request"), {"email": "ikke-en-adresse"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "ikke-en-adresse" in content
    assert "gyldig e-postadresse" in content


def test_link__works_once_and_opens_the_overview_with_everything_held(
    client, held, django_capture_on_commit_callbacks
):
    ask_for_link(client, django_capture_on_commit_callbacks, ADDRESS)
    link = link_in(mail.outbox[0])
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    # A mail scanner's GET opens nothing.
    assert client.get(path).status_code == 200
    assert client.get(reverse("mine_overview")).status_code == 403
    assert client.post(path).status_code == 302
    page = client.get(reverse("mine_overview")).content.decode()
    assert held["enquiry"].reference in page
    assert held["booking"].get_absolute_url() in page
    assert held["registration"].get_cancel_url() in page
    assert "Furuset Sjakklubb" in page
    assert held["subscription"].token in page
    assert held["application"].get_absolute_url() in page
    assert "Someone Elsewhere-Unrelated" not in page
    # Used once: a second browser gets nothing.
    other = client.__class__()
    assert other.post(path).status_code == 410
    assert other.get(reverse("mine_overview")).status_code == 403


def test_link__expired__does_not_open(client, held, django_capture_on_commit_callbacks):
    ask_for_link(client, django_capture_on_commit_callbacks, ADDRESS)
    path = "/" + link_in(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    AccessLink.objects.update(
        created_at=timezone.now() - datetime.timedelta(hours=2),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert client.get(path).status_code == 410
    assert client.post(path).status_code == 410
    assert client.get(reverse("mine_overview")).status_code == 403


def test_session__ends_after_a_few_hours(client, held, django_capture_on_commit_callbacks):
    open_overview(client, django_capture_on_commit_callbacks)
    session = client.session
    session[mine.SESSION_KEY]["until"] = (
        timezone.now() - datetime.timedelta(seconds=1)
    ).isoformat()
    session.save()
    assert client.get(reverse("mine_overview")).status_code == 403


def test_limits__per_recipient_and_per_sender_with_a_message(
    client, held, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_FORM_LIMIT_PER_EMAIL = 2
    settings.PUBLIC_FORM_LIMIT_PER_ADDRESS = 3
    # One address named from rotating client addresses.
    for number in range(2):
        response = ask_for_link(
            client, django_capture_on_commit_callbacks, ADDRESS, REMOTE_ADDR=f"192.0.2.{number}"
        )
        assert response.status_code == 302
    refused = ask_for_link(
        client, django_capture_on_commit_callbacks, ADDRESS, REMOTE_ADDR="192.0.2.99"
    )
    assert refused.status_code == 429
    assert "vent en time" in refused.text.lower()
    assert f'value="{ADDRESS}"' in refused.text
    assert len(mail.outbox) == 2
    # One client address asking for many addresses.
    for number in range(3):
        ask_for_link(client, django_capture_on_commit_callbacks, f"x{number}@example.org")
    refused = ask_for_link(client, django_capture_on_commit_callbacks, "new@example.org")
    assert refused.status_code == 429
    # Another sender is not affected.
    other = ask_for_link(
        client.__class__(),
        django_capture_on_commit_callbacks,
        "new@example.org",
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 302


def test_export__json_and_text_hold_everything_for_the_address_only(
    client, held, django_capture_on_commit_callbacks
):
    open_overview(client, django_capture_on_commit_callbacks)
    response = client.get(reverse("mine_export_json"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["email"] == ADDRESS
    sections = data["sections"]
    assert sections["enquiries"][0]["reference"] == held["enquiry"].reference
    assert sections["enquiries"][0]["thread"][0]["text"] == "Svar fra kontoret"
    assert sections["booking_requests"][0]["times"]
    assert sections["event_registrations"][0]["event"].startswith("Frivillighetsmesse")
    assert sections["reminder_subscriptions"][0]["email"] == ADDRESS
    assert sections["directory_entries"][0]["name"] == "Furuset Sjakklubb"
    assert (
        sections["season_applications"][0]["wishes"][0]["venue"] == held["booking"].room.venue.name
    )
    assert data["sections"]["enquiries"][0]["received_at"] == timezone.localtime(
        held["enquiry"].received_at
    ).isoformat(timespec="minutes")
    text = client.get(reverse("mine_export_text")).content.decode()
    assert held["enquiry"].reference in text
    assert "Kari Nordmann" in text
    # Readable: dates as people write them.
    received = f"{timezone.localtime(held['enquiry'].received_at):%d.%m.%Y %H:%M}"
    assert f"mottatt: {received}" in text
    assert "Someone Elsewhere-Unrelated" not in text


def test_erase__creates_one_request_with_a_deadline_and_tells_the_office(
    client, held, django_capture_on_commit_callbacks, settings
):
    open_overview(client, django_capture_on_commit_callbacks)
    page = client.get(reverse("mine_erase")).content.decode()
    assert "arkivloven" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mine_erase"))
        client.post(reverse("mine_erase"))
    erasure = ErasureRequest.objects.get()
    assert erasure.email == ADDRESS
    assert erasure.due_on == timezone.localdate() + datetime.timedelta(days=30)
    assert [message.to for message in mail.outbox] == [[settings.OFFICE_EMAIL]]
    # Coming back later, the person sees that the request is waiting, and when it is due.
    due = f"{erasure.due_on:%d.%m.%Y}"
    for url in (reverse("mine_overview"), reverse("mine_erase")):
        page = client.get(url).content.decode()
        assert f"svarer deg på e-post innen {due}" in page
    assert "Send forespørselen om sletting" not in page


def test_staff_overview__case_officer_sees_it_and_the_look_up_is_recorded(client, held, make_staff):
    officer = make_staff(Roles.CASE_OFFICERS)
    client.force_login(officer)
    url = reverse("admin:frivilligkontor_overviewlookup_overview")
    response = client.post(url, {"email": ADDRESS, "reason": "Ringte 30.11"})
    assert response.status_code == 200
    assert held["enquiry"].reference in response.content.decode()
    lookup = OverviewLookup.objects.get()
    assert (lookup.staff, lookup.email, lookup.reason) == (officer, ADDRESS, "Ringte 30.11")


def test_staff_overview__unit_staff_may_not(client, held, make_staff):
    client.force_login(make_staff(Roles.UNIT_STAFF))
    response = client.post(
        reverse("admin:frivilligkontor_overviewlookup_overview"),
        {"email": ADDRESS, "reason": "x"},
    )
    assert response.status_code == 403
    assert not OverviewLookup.objects.exists()


def test_erasure_admin__officer_marks_a_request_handled_and_the_person_gets_the_answer(
    client, held, make_staff, django_capture_on_commit_callbacks
):
    erasure, _ = mine.request_erasure(email=ADDRESS, language="en")
    officer = make_staff(Roles.CASE_OFFICERS)
    client.force_login(officer)
    url = reverse("admin:frivilligkontor_erasurerequest_change", args=[erasure.pk])
    page = client.get(url)
    assert held["enquiry"].reference in page.content.decode()
    # Seeing what is held, to handle the request, is recorded like any look-up.
    lookup = OverviewLookup.objects.get()
    assert (lookup.staff, lookup.email) == (officer, ADDRESS)
    assert "forespørselen om sletting" in lookup.reason
    refused = client.post(url, {"mark_done": "1", "note": ""})
    assert refused.status_code == 200
    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.OPEN
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"mark_done": "1", "note": "Registrations erased; the case is archived."})
        # A second officer's click on a stale page sends no second answer.
        client.post(url, {"mark_done": "1", "note": "Again"})
    erasure.refresh_from_db()
    assert (erasure.status, erasure.handled_by) == (ErasureRequest.Status.DONE, officer)
    assert erasure.note == "Registrations erased; the case is archived."
    (answer,) = mail.outbox
    assert answer.to == [ADDRESS]
    assert answer.subject == "Your request to erase your data is handled"  # as asked, in English
    assert "Registrations erased; the case is archived." in answer.body


def test_export__a_directory_entry_holds_the_messages_sent_to_it_and_that_it_unsubscribed(
    client, held, make_staff, django_capture_on_commit_callbacks
):
    organisation = held["organisation"]
    message = OutreachMessage.objects.create(
        unit=district("Alna"),
        subject_nb="Kurs i frivillighetsledelse",
        body_nb="Velkommen.",
        created_by=make_staff(Roles.CASE_OFFICERS),
    )
    OutreachRecipient.objects.create(
        message=message,
        organisation=organisation,
        organisation_name=organisation.name,
        email=ADDRESS,
        language="nb",
        sent_at=timezone.now(),
    )
    outreach.unsubscribe(organisation=organisation)
    open_overview(client, django_capture_on_commit_callbacks)
    page = client.get(reverse("mine_overview")).content.decode()
    assert "Får ikke meldinger eller invitasjoner fra kommunen" in page
    entry = json.loads(client.get(reverse("mine_export_json")).content)["sections"][
        "directory_entries"
    ][0]
    assert entry["messages_received"][0]["subject"] == "Kurs i frivillighetsledelse"
    assert entry["messages_received"][0]["from"] == "Bydel Alna"
    text = client.get(reverse("mine_export_text")).content.decode()
    assert "\n    - Kurs i frivillighetsledelse · Bydel Alna · " in text
    assert "{" not in text  # lists of records are written out, not as code


def test_export__text_writes_times_of_bookings_and_messages_as_people_read_them_in_oslo_time(
    client, held, django_capture_on_commit_callbacks
):
    message = held["enquiry"].messages.get()
    message.created_at = datetime.datetime(2026, 11, 30, 13, 0, tzinfo=datetime.UTC)
    message.save(update_fields=["created_at"])
    time = held["booking"].occurrences.get()
    open_overview(client, django_capture_on_commit_callbacks)
    text = client.get(reverse("mine_export_text")).content.decode()
    # Who wrote (the office's reply), when in Oslo time, and the text.
    assert "\n    - Svar fra kontoret · 30.11.2026 14:00 · Svar fra kontoret\n" in text
    assert f"\n    - {time.start:%d.%m.%Y %H:%M}–{time.end:%H:%M} · " in text
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text)  # no ISO timestamps left
    # The JSON export stays machine-readable: ISO, with the offset.
    data = json.loads(client.get(reverse("mine_export_json")).content)["sections"]
    assert data["enquiries"][0]["thread"][0]["written"] == "2026-11-30T14:00+01:00"
    assert data["booking_requests"][0]["times"][0]["from"] == time.start.isoformat(
        timespec="minutes"
    )
