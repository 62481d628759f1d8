"""Asking to borrow a room: the check of every time, bad input, sending, e-mails, cancelling."""

import re
from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from frivilligkontor.workdays import add_working_days
from lokaler.models import BookingOccurrence, BookingRequest
from lokaler.services import (
    approve_occurrences,
    cancel_booking,
    check_lending_hours,
    decline_occurrences,
)
from tests.factories import valid_organisation_number
from tests.lokaler.factories import (
    RoomFactory,
    VenueFactory,
    WindowExceptionFactory,
    next_weekday,
    occurrence,
    open_evenings,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    venue = VenueFactory(name="Furuset skole")
    open_evenings(venue)
    return RoomFactory(venue=venue, name="Gymsal", capacity=60)


def url(room, language: str = "nb") -> str:
    with translation.override(language):
        return reverse(
            "lokaler:booking_request_create",
            kwargs={"slug": room.venue.slug, "room_slug": room.slug},
        )


def form_data(**overrides):
    first = next_weekday(1)
    data = {
        "organisation_name": "Furuset IF",
        "organisation_number": valid_organisation_number(7),
        "contact_name": "Jamila Ahmadi",
        "contact_email": "jamila@example.org",
        "contact_phone": "",
        "activity": "Håndball for jenter",
        "expected_participants": "30",
        "age_group": "children",
        "is_weekly": "on",
        "first_date": first.isoformat(),
        "last_date": (first + timedelta(weeks=3)).isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_check__weekly_series__lists_every_time_with_its_state(client, room):
    first = next_weekday(1)
    occurrence(room, first + timedelta(weeks=1), status=BookingOccurrence.Status.APPROVED)
    occurrence(room, first + timedelta(weeks=2))
    response = client.post(url(room), {**form_data(), "check": "1"})
    assert response.status_code == 200
    plan = response.context["plan"]
    assert [p.status for p in plan] == ["free", "unavailable", "requested", "free"]
    assert "1 av tidene er ikke ledig" in response.content.decode()
    assert BookingRequest.objects.count() == 2  # only the two made above


def test_send__with_a_clash_still_chosen__is_refused_and_keeps_the_input(client, room):
    first = next_weekday(1)
    occurrence(room, first, status=BookingOccurrence.Status.APPROVED)
    days = [(first + timedelta(weeks=n)).isoformat() for n in range(4)]
    response = client.post(url(room), {**form_data(), "send": "1", "times": days})
    assert response.status_code == 200
    assert "ikke ledige" in response.context["send_error"]
    assert "Furuset IF" in response.content.decode()
    assert BookingRequest.objects.count() == 1  # only the one made by the fixture


def test_send__after_dropping_the_clash__saves_the_rest_and_mails_a_receipt(
    client, room, django_capture_on_commit_callbacks, mailoutbox
):
    first = next_weekday(1)
    occurrence(room, first, status=BookingOccurrence.Status.APPROVED)
    days = [(first + timedelta(weeks=n)).isoformat() for n in range(1, 4)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(room), {**form_data(), "send": "1", "times": days})
    booking = BookingRequest.objects.get(organisation_name="Furuset IF")
    assert response.status_code == 302
    assert response["Location"] == booking.get_absolute_url()
    assert booking.occurrences.count() == 3
    assert set(booking.occurrences.values_list("status", flat=True)) == {"requested"}
    receipt, owner_notice = mailoutbox
    assert receipt.to == ["jamila@example.org"]
    assert "Vi har mottatt" in receipt.subject
    assert booking.token in receipt.body
    assert owner_notice.to == ["utlan@example.org"]
    assert "Ny forespørsel om å låne Gymsal" in owner_notice.subject
    assert f"/lokaler/bookingrequest/{booking.pk}/decide/" in owner_notice.body


def test_drop_button__drops_the_unavailable_times_and_says_which_and_what_remains(client, room):
    first = next_weekday(1)
    taken = first + timedelta(weeks=1)
    occurrence(room, taken, status=BookingOccurrence.Status.APPROVED)
    occurrence(room, first + timedelta(weeks=2))
    response = client.post(url(room), {**form_data(), "drop": "1"})
    expected = {first, first + timedelta(weeks=2), first + timedelta(weeks=3)}
    assert response.context["chosen"] == expected
    assert response.context["chosen_clashes"] == []
    page = response.content.decode()
    with translation.override("nb"):
        taken_text = date_format(taken, "l j. F Y")
    assert "Vi droppet 1 tid som ikke er ledig:" in page
    assert f"{taken_text}, 18:00–20:00" in page
    assert "3 tider står igjen" in page
    assert f'value="{taken.isoformat()}"' not in page  # no longer among the times to send
    assert "ikke ledig. Fjern" not in page  # the clash warning is gone with the clash
    assert 'name="drop"' not in page


def test_booking_form__shows_which_step_in_the_title_and_the_heading(client, room):
    first_step = client.get(url(room)).content.decode()
    assert "<title>Steg 1 av 2: Tider – Be om å låne Gymsal, Furuset skole" in first_step
    assert '<legend class="pkt-inputwrapper__legend">Steg 1 av 2: Tider</legend>' in first_step
    second_step = client.post(url(room), {**form_data(), "check": "1"}).content.decode()
    assert "<title>Steg 2 av 2: Kontroller og send –" in second_step
    assert ">Steg 2 av 2: Kontroller og send</h2>" in second_step
    english = client.get(url(room, "en")).content.decode()
    assert "<title>Step 1 of 2: Times – Ask to borrow Gymsal, Furuset skole" in english


def test_booking_form__every_select_option_is_in_norwegian(client, room):
    def options(language):
        page = client.get(url(room, language)).content.decode()
        return set(re.findall(r"<option[^>]*>([^<]*)</option>", page))

    norwegian, english = options("nb"), options("en")
    assert "– Velg –" in norwegian  # Django's blank choice, from locale/overrides
    assert norwegian and not norwegian & english


def test_receipt_page_and_mail__say_by_which_date_the_unit_answers(
    client, room, django_capture_on_commit_callbacks, mailoutbox
):
    unit = room.venue.unit
    unit.answer_working_days = 3
    unit.save()
    day = next_weekday(1).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(room), {**form_data(is_weekly=None), "send": "1", "times": [day]}, follow=True
        )
    due = add_working_days(timezone.localdate(), 3)
    with translation.override("nb"):
        due_text = date_format(due, "l j. F Y")
    assert f"senest {due_text}, fra Bydel Alna, på e-post" in response.content.decode()
    assert f"Du får svar senest {due_text}." in mailoutbox[0].body
    assert f"Den som spør, er lovet svar senest {due_text}." in mailoutbox[1].body  # the owner
    occurrence_ = BookingRequest.objects.get(organisation_name="Furuset IF").occurrences.get()
    approve_occurrences(occurrences=[occurrence_], decided_by=None)
    decided = client.get(response.redirect_chain[-1][0]).content.decode()
    assert "Du får svar innen" not in decided  # decided: no promise left to keep


def test_send__in_english__mails_the_receipt_in_english_with_english_link(
    client, room, django_capture_on_commit_callbacks, mailoutbox
):
    day = next_weekday(1).isoformat()
    english_url = url(room, "en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(english_url, {**form_data(is_weekly=None), "send": "1", "times": [day]})
    booking = BookingRequest.objects.get()
    assert booking.language == "en"
    assert mailoutbox[0].subject.startswith("We have received")
    assert f"/en/lokaler/foresporsel/{booking.token}/" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"start_time": "20:00", "end_time": "18:00"}, "end_time", "end time must be after"),
        ({"start_time": "08:00", "end_time": "10:00"}, "start_time", "outside the lending hours"),
        ({"first_date": "2020-01-07", "is_weekly": None}, "first_date", "in the past"),
        ({"first_date": "2099-01-06", "is_weekly": None}, "first_date", "one year ahead"),
        ({"expected_participants": "61"}, "expected_participants", "holds at most 60"),
        ({"expected_participants": "0"}, "expected_participants", "at least one person"),
        ({"organisation_number": "123456789"}, "organisation_number", "not a valid organisation"),
        ({"organisation_number": ""}, "organisation_number", "or tick that you are a new"),
        ({"last_date": ""}, "last_date", "last date of the weekly series"),
        ({"organisation_name": "x" * 201}, "organisation_name", "at most 200"),
    ],
)
def test_bad_input__gets_its_own_message_beside_the_field_and_keeps_the_input(
    client, room, overrides, field, message
):
    response = client.post(
        url(room), {**form_data(**overrides), "check": "1"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    english = client.post(url(room, "en"), {**form_data(**overrides), "check": "1"})
    assert response.status_code == 200
    errors = english.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert "Jamila Ahmadi" in english.content.decode()
    assert english.context["plan"] is None
    assert not BookingRequest.objects.exists()


def test_bad_input__messages_are_in_norwegian_on_the_norwegian_page(client, room):
    response = client.post(url(room), {**form_data(expected_participants="99"), "check": "1"})
    assert "har plass til maks 60" in " ".join(
        response.context["form"].errors["expected_participants"]
    )


def test_check__closed_day__is_unavailable_outside_the_lending_hours(client, room):
    first = next_weekday(1)
    WindowExceptionFactory(
        venue=room.venue, starts_on=first + timedelta(weeks=1), ends_on=first + timedelta(weeks=1)
    )
    response = client.post(url(room), {**form_data(), "check": "1"})
    plan = response.context["plan"]
    assert plan[1].status == "unavailable"
    assert "Utenfor utlånstiden" in plan[1].reason or "Outside" in plan[1].reason


def test_organisation_number_with_spaces__is_accepted_and_linked(client, room):
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory(organisation_number=valid_organisation_number(11))
    number = organisation.organisation_number
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    day = next_weekday(1).isoformat()
    client.post(
        url(room),
        {**form_data(organisation_number=spaced, is_weekly=None), "send": "1", "times": [day]},
    )
    assert BookingRequest.objects.get().organisation == organisation


def test_request_page__unknown_token__is_404(client):
    response = client.get(reverse("lokaler:request_detail", kwargs={"token": "x" * 43}))
    assert response.status_code == 404


def test_request_page__cancel_chosen_times__frees_them_and_mails(
    client, room, django_capture_on_commit_callbacks, mailoutbox
):
    first = occurrence(room, next_weekday(1))
    second = occurrence(room, next_weekday(1, weeks_ahead=2), request=first.request)
    approve_occurrences(occurrences=[first, second], decided_by=None)
    page = reverse("lokaler:request_detail", kwargs={"token": first.request.token})
    assert client.get(page).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, {"cancel_selected": "1", "occurrences": [str(first.pk)]})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == BookingOccurrence.Status.CANCELLED
    assert second.status == BookingOccurrence.Status.APPROVED
    assert not first.occupancies.exists()
    assert mailoutbox[-1].subject.startswith("Avlyst")


def test_cancel__past_times__are_left_alone(room):
    past = occurrence(room, timezone.localdate() - timedelta(days=7))
    from lokaler.services import BookingError

    with pytest.raises(BookingError):
        cancel_booking(request=past.request)


def test_decision_mail__has_the_approved_times_as_ical(
    room, django_capture_on_commit_callbacks, mailoutbox
):
    booked = occurrence(room, next_weekday(3), time(18), time(20))
    booked.request.language = "en"
    booked.request.save()
    with django_capture_on_commit_callbacks(execute=True):
        approve_occurrences(occurrences=[booked], decided_by=None)
    mail = mailoutbox[-1]
    assert mail.subject.startswith("Decision on your request")
    assert "Approved" in mail.body
    name, content, mimetype = mail.attachments[0]
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content


def test_decision_mail__declined_in_english__gives_the_reason_and_promises_no_calendar(
    room, django_capture_on_commit_callbacks, mailoutbox
):
    asked = occurrence(room, next_weekday(3), time(18), time(20))
    asked.request.language = "en"
    asked.request.save()
    with django_capture_on_commit_callbacks(execute=True):
        decline_occurrences(
            occurrences=[asked], reason="The hall is being painted", decided_by=None
        )
    mail = mailoutbox[-1]
    assert mail.subject.startswith("Decision on your request")
    assert "Declined – The hall is being painted" in mail.body
    assert "calendar file" not in mail.body
    assert "/en/lokaler/foresporsel/" in mail.body
    assert mail.attachments == []


def test_cancellation_mail__is_in_the_requesters_language(
    room, django_capture_on_commit_callbacks, mailoutbox
):
    asked = occurrence(room, next_weekday(3), time(18), time(20))
    asked.request.language = "en"
    asked.request.save()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(request=asked.request)
    mail = next(m for m in mailoutbox if asked.request.contact_email in m.to)
    assert mail.subject.startswith("Cancelled: your times in")
    assert "are now cancelled" in mail.body
    assert "/en/lokaler/foresporsel/" in mail.body


def test_request_ical__lists_only_approved_times(client, room):
    approved = occurrence(room, next_weekday(1))
    occurrence(room, next_weekday(1, weeks_ahead=2), request=approved.request)
    approve_occurrences(occurrences=[approved], decided_by=None)
    response = client.get(reverse("lokaler:request_ics", kwargs={"token": approved.request.token}))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content.decode().count("BEGIN:VEVENT") == 1


def test_request_page__cancel_all__cancels_every_coming_time_and_shows_decline_reasons(
    client, room
):
    from lokaler.services import decline_occurrences

    first = occurrence(room, next_weekday(1))
    second = occurrence(room, next_weekday(1, weeks_ahead=2), request=first.request)
    third = occurrence(room, next_weekday(1, weeks_ahead=3), request=first.request)
    approve_occurrences(occurrences=[first], decided_by=None)
    decline_occurrences(occurrences=[third], reason="Skolen har foreldremøte.", decided_by=None)
    page = reverse("lokaler:request_detail", kwargs={"token": first.request.token})
    assert "Skolen har foreldremøte." in client.get(page).content.decode()
    client.post(page, {"cancel_all": "1"})
    statuses = dict(first.request.occurrences.values_list("pk", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "cancelled", third.pk: "declined"}
    response = client.post(page, {"cancel_all": "1"}, follow=True)
    assert "Det er ingenting igjen å avlyse." in response.content.decode()


def test_check_lending_hours__inside_passes_outside_names_the_days_hours(room):
    venue = room.venue
    friday = next_weekday(4)  # closed on Fridays; Monday–Thursday 17–22
    tuesday = next_weekday(1)
    check_lending_hours(
        venue=venue,
        first_date=tuesday,
        last_date=tuesday,
        is_weekly=False,
        start_time=time(18),
        end_time=time(20),
    )
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        check_lending_hours(
            venue=venue,
            first_date=tuesday,
            last_date=tuesday,
            is_weekly=False,
            start_time=time(8),
            end_time=time(10),
        )
    assert "can be borrowed 17:00–22:00" in refused.value.messages[0]
    with pytest.raises(ValidationError) as closed, translation.override("en"):
        check_lending_hours(
            venue=venue,
            first_date=friday,
            last_date=friday + timedelta(days=28),
            is_weekly=True,
            start_time=time(18),
            end_time=time(20),
        )
    assert "not lent out on that day" in closed.value.messages[0]


def test_anonymise__finished_requests_lose_personal_data_and_history_keeping_the_figures(
    settings,
):
    from django.apps import apps
    from django.core.management import call_command

    settings.LOKALER_BOOKING_RETENTION_DAYS = 30
    room = RoomFactory()
    old_day = timezone.localdate() - timedelta(days=40)
    old = occurrence(room, old_day, status=BookingOccurrence.Status.APPROVED).request
    recent = occurrence(room, timezone.localdate() - timedelta(days=10)).request
    events = apps.get_model("lokaler", "BookingRequestEvent").objects
    old_token = old.token

    call_command("anonymise_booking_requests")
    call_command("anonymise_booking_requests")  # idempotent

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_phone, old.activity) == ("",) * 4
    assert old.token != old_token
    assert not events.filter(pgh_obj_id=old.pk).exclude(contact_email="").exists()
    assert old.occurrences.get().status == BookingOccurrence.Status.APPROVED
    assert old.expected_participants > 0 and old.first_date == old_day
    assert recent.contact_email and events.filter(pgh_obj_id=recent.pk).exists()
