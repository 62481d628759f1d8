"""Public pages: events, registration through the page, the directory and its forms."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from frivilligkontor.models import Organisation
from nettverk import services
from nettverk.models import Event, EventKind, Registration
from tests.factories import district, valid_organisation_number
from tests.nettverk.factories import (
    EventFactory,
    MeetingPlaceFactory,
    RegistrationFactory,
    make_organisation,
)

pytestmark = pytest.mark.django_db


def registration_data(**overrides):
    return {
        "name": "Kari Nordmann",
        "email": "kari@example.org",
        "organisation_name": "Furuset IF",
        "party_size": "1",
        "needs": "",
        **overrides,
    }


def test_event_list__shows_upcoming_events_and_places_left(client):
    EventFactory(title="Styrekurs for nye foreninger", capacity=20)
    EventFactory(
        title="Gammelt møte",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    response = client.get(reverse("nettverk:event_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Styrekurs for nye foreninger" in content
    assert "20 ledige plasser" in content
    assert "Gammelt møte" not in content
    archive = client.get(reverse("nettverk:event_archive")).content.decode()
    assert "Gammelt møte" in archive


def test_event_list__filters_by_kind_district_target_group_and_language(client):
    EventFactory(
        title="Kurs i Alna",
        kind=EventKind.COURSE,
        district=district("Alna"),
        language="en",
        target_groups=["seniors"],
    )
    EventFactory(
        title="Messe i Frogner", kind=EventKind.RECRUITMENT_FAIR, district=district("Frogner")
    )
    url = reverse("nettverk:event_list")
    for query in (
        {"kind": "course"},
        {"district": "alna"},
        {"target_group": "seniors"},
        {"language": "en"},
    ):
        content = client.get(url, query).content.decode()
        assert "Kurs i Alna" in content, query
        assert "Messe i Frogner" not in content, query


def test_event_list__meeting_place_is_shown_once_with_its_next_date(client):
    place = MeetingPlaceFactory(title="Frivilligkafé på Furuset")
    services.generate_series_events(meeting_place=place)
    content = client.get(reverse("nettverk:event_list")).content.decode()
    assert content.count("Frivilligkafé på Furuset") == 1
    everything = client.get(
        reverse("nettverk:event_list"), {"kind": "meeting_place"}
    ).content.decode()
    assert everything.count("Frivilligkafé på Furuset") > 3


@pytest.mark.parametrize("rows", [3, 15])
def test_event_list__query_count_does_not_grow_with_events(
    client, django_assert_max_num_queries, rows, no_shared_cache
):
    for _ in range(rows):
        EventFactory()
    with django_assert_max_num_queries(8):
        assert client.get(reverse("nettverk:event_list")).status_code == 200


@pytest.mark.parametrize("rows", [3, 15])
def test_organisation_list__query_count_does_not_grow_with_organisations(
    client, django_assert_max_num_queries, rows, no_shared_cache
):
    for _ in range(rows):
        make_organisation().districts.add(district("Alna"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("nettverk:organisation_list")).status_code == 200


def test_event_page__registering__confirms_and_emails_the_secret_link(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            event.get_absolute_url(), registration_data(party_size="2"), follow=True
        )
    registration = Registration.objects.get(event=event)
    # The secret page is only in the e-mail: the answer is the same for a known address.
    assert response.redirect_chain[-1][0] == event.get_absolute_url()
    content = response.content.decode()
    assert "Du er påmeldt med 2 plasser" in content
    assert len(mail.outbox) == 1
    assert registration.get_cancel_url() in mail.outbox[0].body


def test_event_page__party_bigger_than_places_left__says_how_many_wait(client):
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event)
    Event.objects.filter(pk=event.pk).update(confirmed_places=1)
    response = client.post(event.get_absolute_url(), registration_data(party_size="3"), follow=True)
    content = response.content.decode()
    assert "Bare 2 plasser var ledige" in content
    assert "1 person står på venteliste" in content


def test_event_page__one_place_left_for_three__says_it_in_the_singular_in_english(client):
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event, party_size=2)
    Event.objects.filter(pk=event.pk).update(confirmed_places=2)
    response = client.post(
        "/en" + event.get_absolute_url(), registration_data(party_size="3"), follow=True
    )
    content = response.content.decode()
    assert "Only 1 place was left: it is confirmed." in content
    assert "2 people go on the waiting list" in content


def test_event_page__address_already_registered__gets_the_same_answer_as_a_new_one(client):
    event = EventFactory(capacity=20)
    RegistrationFactory(event=event, email="kari@example.org")
    Event.objects.filter(pk=event.pk).update(confirmed_places=1)
    known = client.post(
        event.get_absolute_url(), registration_data(email="KARI@example.org"), follow=True
    )
    new = client.post(
        event.get_absolute_url(), registration_data(email="ola@example.org"), follow=True
    )
    assert known.redirect_chain == new.redirect_chain == [(event.get_absolute_url(), 302)]
    assert "Du er påmeldt" in known.content.decode()
    assert "allerede" not in known.content.decode()
    assert event.registrations.count() == 2
    # The known address gets what it already has, once; the new one its confirmation.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "kari@example.org",
        "ola@example.org",
    ]


def test_event_page__many_sends_to_one_address__are_limited_politely_keeping_the_input(
    client, settings
):
    settings.PUBLIC_FORM_LIMIT_PER_EMAIL = 5
    event = EventFactory(capacity=50)
    for number in range(5):
        client.post(
            event.get_absolute_url(),
            registration_data(email="offer@example.org", name=f"Navn {number}"),
            REMOTE_ADDR=f"192.0.2.{number}",
        )
    mail.outbox.clear()
    response = client.post(
        event.get_absolute_url(),
        registration_data(email="offer@example.org"),
        REMOTE_ADDR="192.0.2.99",
    )
    assert response.status_code == 429
    content = response.content.decode()
    assert "vent en time" in content.lower()
    assert 'value="Kari Nordmann"' in content  # typed values kept
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"party_size": "0"}, "Minst én person"),
        ({"party_size": "11"}, "Høyst 10 personer"),
        ({"name": "x" * 151}, "151"),
        ({"email": "ikke-en-adresse"}, "e-post"),
        ({"name": ""}, "fylles ut"),
    ],
)
def test_event_page__bad_input__gets_a_message_and_nothing_is_saved(client, overrides, message):
    event = EventFactory()
    response = client.post(event.get_absolute_url(), registration_data(**overrides))
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert not event.registrations.exists()


def test_event_page__after_the_deadline__shows_closed_and_refuses(client):
    event = EventFactory(registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    assert "fristen har gått ut" in client.get(event.get_absolute_url()).content.decode()
    response = client.post(event.get_absolute_url(), registration_data())
    assert response.status_code == 400
    assert not event.registrations.exists()


def test_event_page__in_english(client):
    event = EventFactory()
    response = client.get("/en" + event.get_absolute_url())
    assert response.status_code == 200
    assert "places left" in response.content.decode()


def test_secret_link__cancels_and_moves_the_waiting_list_up(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    first = services.register(
        event=event, name="A", email="a@example.org", party_size=1
    ).registration
    waiting = services.register(
        event=event, name="B", email="b@example.org", party_size=1
    ).registration
    page = client.get(
        reverse("nettverk:registration_manage", args=[waiting.cancel_token])
    ).content.decode()
    assert "nummer 1 i køen" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("nettverk:registration_cancel", args=[first.cancel_token]), follow=True
        )
    assert "Du er avmeldt" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["a@example.org"], ["b@example.org"]]


def test_cancel__the_link_asks_first_and_only_the_button_cancels(client):
    registration = RegistrationFactory(event=EventFactory(title="Styrekurs"), party_size=2)
    manage = client.get(registration.get_cancel_url()).content.decode()
    cancel_url = reverse("nettverk:registration_cancel", args=[registration.cancel_token])
    assert f'href="{cancel_url}">Meld meg av</a>' in manage
    assert "<form" not in manage.split("<main", 1)[1]  # nothing on the page cancels by itself

    question = client.get(cancel_url)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED  # a GET never cancels
    page = question.content.decode()
    assert "Vil du melde deg av?" in page
    assert "De 2 plassene dine blir ledige for andre" in page
    assert 'type="submit"' in page and "Ja, meld meg av" in page
    assert "Nei, behold påmeldingen" in page

    done = client.post(cancel_url, follow=True)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert done.redirect_chain[-1][0] == registration.get_cancel_url()
    assert "Du er avmeldt" in done.content.decode()
    # Asking again after cancelling goes back to the registration: nothing left to confirm.
    assert client.get(cancel_url)["Location"] == registration.get_cancel_url()


def test_cancelled_registration__offers_no_calendar_link(client):
    registration = RegistrationFactory()
    ical = reverse("nettverk:event_ical", args=[registration.event.slug])
    assert ical in client.get(registration.get_cancel_url()).content.decode()
    services.cancel_registration(registration=registration)
    page = client.get(registration.get_cancel_url()).content.decode()
    assert ical not in page
    assert "Legg til i kalenderen" not in page


def test_month_view__a_table_of_the_month_with_events_in_their_days_in_both_languages(client):
    month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=95)).replace(day=1)
    after = (month + datetime.timedelta(days=40)).replace(day=1)
    start = timezone.make_aware(datetime.datetime.combine(month.replace(day=9), datetime.time(18)))
    EventFactory(title="Styrekurs", starts_at=start)
    EventFactory(title="Neste måneds møte", starts_at=start + datetime.timedelta(days=31))
    EventFactory(title="Skjult møte", starts_at=start, is_published=False)
    event_list = client.get(reverse("nettverk:event_list")).content.decode()
    assert reverse("nettverk:event_month") in event_list

    page = client.get(reverse("nettverk:event_month"), {"maaned": f"{month:%Y-%m}"})
    page = page.content.decode()
    with translation.override("nb"):
        month_name, weekday = date_format(month, "F Y"), date_format(start, "l")
    assert f"<title>Arrangementer i {month_name}" in page
    assert f"<caption>{month_name.capitalize()}: 1 arrangement</caption>" in page
    assert '<th scope="col"><abbr title="mandag">man</abbr></th>' in page
    cell = page.split(f'<span class="month-day__weekday">{weekday} </span>9.')[1]
    assert "18:00</time> Styrekurs</a>" in cell.split("</td>")[0]
    assert "Neste måneds møte" not in page and "Skjult møte" not in page
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    assert f'href="?maaned={previous:%Y-%m}">Forrige måned' in page
    assert f'href="?maaned={after:%Y-%m}">Neste måned' in page

    english = client.get("/en/nettverk/maaned/", {"maaned": f"{after:%Y-%m}"}).content.decode()
    with translation.override("en"):
        after_name = date_format(after, "F Y")
    assert f"<title>Events in {after_name}" in english
    assert f"<caption>{after_name}: 1 event</caption>" in english
    assert '<abbr title="Monday">Mon</abbr>' in english
    assert "Neste måneds møte</a>" in english

    for nonsense in ("nonsense", "2026-13", "1900-01"):
        fallback = client.get(reverse("nettverk:event_month"), {"maaned": nonsense})
        assert fallback.context["month"] == timezone.localdate().replace(day=1)


def test_secret_link__unknown_or_anonymised__is_not_found(client):
    registration = RegistrationFactory(anonymised_at=timezone.now())
    assert client.get(reverse("nettverk:registration_manage", args=["feil"])).status_code == 404
    assert (
        client.get(
            reverse("nettverk:registration_manage", args=[registration.cancel_token])
        ).status_code
        == 404
    )


def test_unpublished_event__is_not_found(client):
    event = EventFactory(is_published=False)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_ical__one_event_and_the_feed(client):
    event = EventFactory(title="Frivillighetsmesse på Furuset")
    response = client.get(reverse("nettverk:event_ical", args=[event.slug]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "BEGIN:VCALENDAR" in body and "SUMMARY:Frivillighetsmesse på Furuset" in body
    feed = client.get(reverse("nettverk:event_feed"))
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert feed.content.decode().count("BEGIN:VEVENT") == 1


def test_ical_feed__holds_every_coming_event_and_the_last_90_days(client):
    now = timezone.now()
    for days in (-200, -30, 10, 400):
        EventFactory(
            title=f"Møte {days}",
            starts_at=now + datetime.timedelta(days=days),
            ends_at=now + datetime.timedelta(days=days, hours=2),
        )
    body = client.get(reverse("nettverk:event_feed")).content.decode()
    assert "Møte -30" in body and "Møte 10" in body and "Møte 400" in body
    assert "Møte -200" not in body


# --- The directory --------------------------------------------------------------------


def organisation_data(**overrides):
    return {
        "name": "Haugerud Sjakklubb",
        "organisation_number": valid_organisation_number(500),
        "districts": [str(district("Alna").pk)],
        "activity_areas": ["culture"],
        "target_groups": ["everyone"],
        "website": "",
        "frivillig_url": "",
        "ungfritid_url": "",
        "description": "Sjakk for alle på Haugerud, tirsdager kl. 18.",
        "contact_email": "post@haugerudsjakk.example.org",
        **overrides,
    }


def test_directory__only_approved_organisations_are_public(client):
    approved = make_organisation(name="Furuset IF")
    pending = make_organisation(name="Ventende lag", status=Organisation.Status.PENDING)
    content = client.get(reverse("nettverk:organisation_list")).content.decode()
    assert "Furuset IF" in content and "Ventende lag" not in content
    assert client.get(approved.get_absolute_url()).status_code == 200
    assert client.get(pending.get_absolute_url()).status_code == 404


def test_directory__contact_email_is_never_shown(client):
    organisation = make_organisation(contact_email="hemmelig@example.org")
    organisation.districts.add(district("Alna"))
    for url in (reverse("nettverk:organisation_list"), organisation.get_absolute_url()):
        assert "hemmelig@example.org" not in client.get(url).content.decode()


def test_directory__filters_by_district_activity_target_group_and_name(client):
    alna = make_organisation(
        name="Lindeberg Velforening", activity_areas=["neighbourhood"], target_groups=["everyone"]
    )
    alna.districts.add(district("Alna"))
    frogner = make_organisation(
        name="Frogner Skolekorps", activity_areas=["culture"], target_groups=["children_youth"]
    )
    frogner.districts.add(district("Frogner"))
    url = reverse("nettverk:organisation_list")
    for query in (
        {"district": "alna"},
        {"activity_area": "neighbourhood"},
        {"target_group": "everyone"},
        {"q": "lindeb"},
    ):
        content = client.get(url, query).content.decode()
        assert "Lindeberg Velforening" in content, query
        assert "Frogner Skolekorps" not in content, query
    assert "i Bydel Alna" in client.get(url, {"district": "alna"}).content.decode()


def test_register_organisation__is_pending_and_emails_the_edit_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("nettverk:organisation_register"), organisation_data(), follow=True
        )
    assert "Takk for registreringen" in response.content.decode()
    organisation = Organisation.objects.get(name="Haugerud Sjakklubb")
    assert organisation.status == Organisation.Status.PENDING
    assert list(organisation.districts.all()) == [district("Alna")]
    recipients = [m.to[0] for m in mail.outbox]
    assert "post@haugerudsjakk.example.org" in recipients
    edit_mail = next(m for m in mail.outbox if m.to == ["post@haugerudsjakk.example.org"])
    assert organisation.edit_token in edit_mail.body


def test_register_organisation__number_with_spaces__is_accepted_and_normalised(client):
    number = valid_organisation_number(501)
    client.post(
        reverse("nettverk:organisation_register"),
        organisation_data(organisation_number=f"{number[:3]} {number[3:6]} {number[6:]}"),
    )
    assert Organisation.objects.get(name="Haugerud Sjakklubb").organisation_number == number


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"organisation_number": "974760674"}, "ikke et gyldig organisasjonsnummer"),
        ({"organisation_number": "12345"}, "9 sifre"),
        ({"organisation_number": ""}, "kryss av hvis dere er et nytt initiativ"),
        ({"districts": []}, "Velg minst én bydel"),
        ({"contact_email": ""}, "fylles ut"),
        ({"name": "x" * 201}, "201"),
    ],
)
def test_register_organisation__bad_input__gets_a_clear_message(client, overrides, message):
    response = client.post(
        reverse("nettverk:organisation_register"), organisation_data(**overrides)
    )
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert not Organisation.objects.filter(contact_email="post@haugerudsjakk.example.org").exists()


def test_register_organisation__number_already_registered__gets_a_clear_message(client):
    make_organisation(organisation_number=valid_organisation_number(500))
    response = client.post(reverse("nettverk:organisation_register"), organisation_data())
    assert response.status_code == 400
    assert "allerede registrert" in response.content.decode()


def test_register_organisation__number_taken_in_a_race__is_caught_from_the_database(client):
    make_organisation(organisation_number=valid_organisation_number(500))
    with mock.patch("nettverk.forms.organisation_number_taken", return_value=False):
        response = client.post(reverse("nettverk:organisation_register"), organisation_data())
    assert response.status_code == 400
    assert "allerede registrert" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_register_organisation__new_initiative_without_number__is_marked(client):
    client.post(
        reverse("nettverk:organisation_register"),
        organisation_data(organisation_number="", is_new_initiative="on"),
    )
    organisation = Organisation.objects.get(name="Haugerud Sjakklubb")
    assert organisation.is_new_initiative and organisation.organisation_number == ""


def _approved_entry(**overrides):
    organisation = make_organisation(
        **{
            "name": "Haugerud Sjakklubb",
            "organisation_number": valid_organisation_number(502),
            "description": "Sjakk for alle på Haugerud, tirsdager kl. 18.",
            "contact_email": "post@haugerudsjakk.example.org",
            "activity_areas": ["culture"],
            "target_groups": ["everyone"],
            "approved_at": timezone.now(),
            **overrides,
        }
    )
    organisation.districts.set([district("Alna")])
    return organisation


def test_edit_link__name_change__goes_back_for_approval_and_out_of_the_directory(
    client, django_capture_on_commit_callbacks
):
    organisation = _approved_entry(name="Gammelt navn")
    url = reverse("nettverk:organisation_edit", args=[organisation.edit_token])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            organisation_data(name="Nytt navn", organisation_number=valid_organisation_number(502)),
            follow=True,
        )
    content = response.content.decode()
    assert "Endringene er lagret" in content and "godkjent" in content
    organisation.refresh_from_db()
    assert organisation.name == "Nytt navn"
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.approved_at is None
    assert "Nytt navn" not in client.get(reverse("nettverk:organisation_list")).content.decode()
    assert client.get(organisation.get_absolute_url()).status_code == 404
    office_mail = next(m for m in mail.outbox if "Nytt navn" in m.subject)
    assert "godkjent på nytt" in office_mail.body
    assert client.get(reverse("nettverk:organisation_edit", args=["feil"])).status_code == 404


@pytest.mark.parametrize(
    "overrides",
    [
        {"description": "Nå med lenke til kasino."},
        {"website": "https://kasino.example.com/"},
        {"organisation_number": valid_organisation_number(504)},
    ],
)
def test_edit_link__description_link_or_number_change__needs_approval_again(
    client, django_capture_on_commit_callbacks, overrides
):
    organisation = _approved_entry()
    url = reverse("nettverk:organisation_edit", args=[organisation.edit_token])
    data = organisation_data(**{"organisation_number": valid_organisation_number(502), **overrides})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING


def test_edit_link__districts_and_target_groups__stay_public_without_new_approval(
    client, django_capture_on_commit_callbacks
):
    organisation = _approved_entry()
    url = reverse("nettverk:organisation_edit", args=[organisation.edit_token])
    data = organisation_data(
        organisation_number=valid_organisation_number(502),
        districts=[str(district("Alna").pk), str(district("Grorud").pk)],
        target_groups=["everyone", "seniors"],
        contact_email="ny@haugerudsjakk.example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert "Endringene er lagret." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.APPROVED
    assert organisation.approved_at is not None
    assert organisation.contact_email == "ny@haugerudsjakk.example.org"
    assert {d.name for d in organisation.districts.all()} == {"Bydel Alna", "Bydel Grorud"}
    listing = client.get(
        reverse("nettverk:organisation_list"), {"district": district("Grorud").pk}
    ).content.decode()
    assert "Haugerud Sjakklubb" in listing
    assert any("Oppføring i oversikten endret" in m.subject for m in mail.outbox)


def test_edit_link__rejected_entry__is_queued_for_approval_again(
    client, django_capture_on_commit_callbacks
):
    organisation = _approved_entry(status=Organisation.Status.REJECTED, approved_at=None)
    url = reverse("nettverk:organisation_edit", args=[organisation.edit_token])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, organisation_data(organisation_number=valid_organisation_number(502)))
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING


def test_directory_emails__reach_an_english_registrant_in_english(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en" + reverse("nettverk:organisation_register"), organisation_data())
    organisation = Organisation.objects.get(name="Haugerud Sjakklubb")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_organisation(organisation=organisation)
    approved = next(m for m in mail.outbox if m.to == ["post@haugerudsjakk.example.org"])
    assert "/en/" in approved.body
    assert "godkjent" not in approved.body.lower()


def test_integrity_error_on_registration__becomes_a_kind_refusal():
    event = EventFactory()
    with (
        mock.patch.object(Registration, "save", side_effect=IntegrityError("duplicate")),
        pytest.raises(services.RegistrationRefused),
    ):
        services.register(event=event, name="A", email="a@example.org", party_size=1)


def test_register_organisation__one_address_sending_many__is_limited_keeping_the_input(
    client, settings
):
    settings.PUBLIC_FORM_LIMIT_PER_ADDRESS = 0
    response = client.post(reverse("nettverk:organisation_register"), organisation_data())
    content = response.content.decode()
    assert "vent en time" in content.lower()
    assert 'value="Haugerud Sjakklubb"' in content
    assert not Organisation.objects.filter(name="Haugerud Sjakklubb").exists()
