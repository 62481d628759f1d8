"""The registration rules: places, the waiting list, deadlines, cancelling, anonymising."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from nettverk import services
from nettverk.models import Event, Registration
from tests.nettverk.factories import EventFactory, MeetingPlaceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def register(
    event: Event, email: str, party_size: int = 1, **kwargs
) -> services.RegistrationResult:
    return services.register(
        event=event,
        name=kwargs.pop("name", "Kari Nordmann"),
        email=email,
        party_size=party_size,
        **kwargs,
    )


def test_register__places_left__is_confirmed_and_gets_a_calendar_file(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        result = register(event, "kari@example.org", party_size=3)
    event.refresh_from_db()
    assert (result.confirmed, result.waiting) == (3, 0)
    assert result.registration.status == Registration.Status.CONFIRMED
    assert event.confirmed_places == 3
    assert event.places_left == 7
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari@example.org"]
    assert "Du er påmeldt" in message.subject
    assert result.registration.cancel_token in message.body
    filename, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content
    assert event.title in content


def test_register__party_larger_than_places_left__confirms_the_rest_and_waits_with_the_others(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=5)
    register(event, "first@example.org", party_size=3)
    with django_capture_on_commit_callbacks(execute=True):
        result = register(event, "family@example.org", party_size=3)
    assert (result.confirmed, result.waiting) == (2, 1)
    assert result.registration.status == Registration.Status.PARTLY_WAITING
    event.refresh_from_db()
    assert event.confirmed_places == 5
    assert "venteliste" in mail.outbox[-1].body.lower()


def test_register__event_full__goes_on_the_waiting_list():
    event = EventFactory(capacity=2)
    register(event, "a@example.org", party_size=2)
    result = register(event, "b@example.org")
    assert (result.confirmed, result.waiting) == (0, 1)
    assert result.registration.status == Registration.Status.WAITING
    assert services.waiting_position(result.registration) == 1


def test_register__same_email_twice__saves_nothing_new_and_emails_the_address_what_it_has():
    event = EventFactory()
    first = register(event, "kari@example.org", party_size=2)
    mail.outbox.clear()
    again = register(event, "Kari@Example.org")
    assert again.already_registered and not first.already_registered
    assert again.registration == first.registration
    assert event.registrations.count() == 1
    assert [message.to for message in mail.outbox] == [["kari@example.org"]]
    assert first.registration.cancel_token in mail.outbox[0].body


def test_register__same_email_after_cancelling__is_allowed():
    event = EventFactory()
    first = register(event, "kari@example.org").registration
    services.cancel_registration(registration=first)
    assert register(event, "kari@example.org").confirmed == 1


def test_database__refuses_a_second_active_registration_with_the_same_email():
    event = EventFactory()
    RegistrationFactory(event=event, email="kari@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="KARI@example.org")


def test_database__refuses_more_confirmed_places_than_the_capacity():
    event = EventFactory(capacity=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(confirmed_places=4)


def test_register__after_the_deadline__is_refused():
    event = EventFactory(registration_deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(services.RegistrationRefused) as refusal:
        register(event, "late@example.org")
    assert refusal.value.code == "registration_closed"
    assert not event.registrations.exists()


@pytest.mark.parametrize("state", [Event.State.CANCELLED, Event.State.POSTPONED])
def test_register__cancelled_or_postponed_event__is_refused(state):
    event = EventFactory(state=state)
    with pytest.raises(services.RegistrationRefused):
        register(event, "kari@example.org")


def test_register__someone_waiting__newcomer_does_not_jump_the_queue():
    event = EventFactory(capacity=2)
    register(event, "a@example.org", party_size=2)
    register(event, "b@example.org", party_size=2)
    # Capacity raised by one outside the services: the free place belongs to b, not to c.
    Event.objects.filter(pk=event.pk).update(capacity=3)
    result = register(event, "c@example.org")
    assert result.confirmed == 0


def test_cancel__moves_the_waiting_list_up_in_order_and_emails_those_moved_up(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=3)
    first = register(event, "first@example.org", party_size=3).registration
    waiting_1 = register(event, "w1@example.org", party_size=2).registration
    waiting_2 = register(event, "w2@example.org", party_size=2).registration
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel_registration(registration=first)
    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    first.refresh_from_db()
    event.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert (waiting_1.confirmed_places, waiting_1.waiting_places) == (2, 0)
    assert (waiting_2.confirmed_places, waiting_2.waiting_places) == (1, 1)
    assert waiting_2.status == Registration.Status.PARTLY_WAITING
    assert event.confirmed_places == 3
    assert [r.pk for r in promoted] == [waiting_1.pk, waiting_2.pk]
    recipients = [message.to[0] for message in mail.outbox]
    assert recipients == ["first@example.org", "w1@example.org", "w2@example.org"]
    assert "Du har fått plass" in mail.outbox[1].subject


def test_cancel__twice__changes_nothing_the_second_time():
    event = EventFactory(capacity=1)
    first = register(event, "a@example.org").registration
    register(event, "b@example.org")
    services.cancel_registration(registration=first)
    assert services.cancel_registration(registration=first) == []
    event.refresh_from_db()
    assert event.confirmed_places == 1


def test_raising_the_capacity__fills_the_new_places_from_the_waiting_list():
    event = EventFactory(capacity=1)
    register(event, "a@example.org")
    waiting = register(event, "b@example.org").registration
    Event.objects.filter(pk=event.pk).update(capacity=2)
    services.fill_free_places(event=event)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_cancel_event__emails_everyone_registered_once(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    register(event, "a@example.org")
    register(event, "b@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel_event(event=event, message="Taleren er syk.") == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert "Avlyst" in mail.outbox[0].subject
    assert "Taleren er syk." in mail.outbox[0].body
    assert services.cancel_event(event=event, message="igjen") == 0
    event.refresh_from_db()
    assert event.state == Event.State.CANCELLED


def test_move_event__to_a_new_time__emails_everyone_with_the_new_time(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    register(event, "a@example.org")
    mail.outbox.clear()
    new_start = timezone.now() + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        services.postpone_event(
            event=event,
            message="Flyttet til større sal.",
            starts_at=new_start,
            ends_at=new_start + datetime.timedelta(hours=2),
        )
    event.refresh_from_db()
    assert event.starts_at == new_start
    assert event.state == Event.State.PLANNED
    assert "Nytt tidspunkt" in mail.outbox[0].subject
    assert timezone.localtime(new_start).strftime("%H:%M") in mail.outbox[0].body


def test_postpone_event__without_new_time__closes_registration_and_emails(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    register(event, "a@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.postpone_event(event=event, message="Ny dato kommer.") == 1
    event.refresh_from_db()
    assert event.state == Event.State.POSTPONED
    assert not event.registration_is_open()
    assert "Utsatt" in mail.outbox[0].subject


def test_email_participants__reaches_confirmed_and_optionally_waiting(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=1)
    register(event, "a@example.org")
    register(event, "b@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.email_participants(
                event=event, subject="Husk matpakke", message="Hei!", include_waiting=False
            )
            == 1
        )
    assert mail.outbox[0].subject == "Husk matpakke"
    assert mail.outbox[0].to == ["a@example.org"]


def test_anonymise__after_the_retention_period__removes_personal_data_and_keeps_counts():
    past = timezone.now() - datetime.timedelta(days=40)
    old_event = EventFactory(
        starts_at=past, ends_at=past + datetime.timedelta(hours=2), capacity=10
    )
    old = RegistrationFactory(
        event=old_event, party_size=3, needs="Tolk", organisation_name="Furuset IF", attended=True
    )
    recent = RegistrationFactory(event=EventFactory(), party_size=2)
    call_command("anonymise_registrations", days=30, stdout=open("/dev/null", "w"))  # noqa: SIM115
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.email, old.needs, old.organisation_name) == ("", "", "", "")
    assert old.anonymised_at is not None
    assert (old.party_size, old.confirmed_places, old.attended) == (3, 3, True)
    assert recent.anonymised_at is None and recent.email
    first_time = old.anonymised_at
    assert services.anonymise_registrations(older_than_days=30) == 0
    old.refresh_from_db()
    assert old.anonymised_at == first_time


def test_meeting_place__generates_one_event_per_week_idempotently():
    place = MeetingPlaceFactory()
    created = services.generate_series_events(meeting_place=place)
    assert created == len(place.occurrence_dates()) >= 6
    assert services.generate_series_events(meeting_place=place) == 0
    event = place.occurrences.order_by("starts_at").first()
    assert timezone.localtime(event.starts_at).weekday() == place.weekday
    assert timezone.localtime(event.starts_at).hour == 17
    assert event.kind == "meeting_place"


def test_confirmation_email__one_place_left_for_three__agrees_in_number(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=2, title="Frivillighetsmesse")
    register(event, "forste@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "gruppe@example.org", party_size=3)
    body = mail.outbox[0].body
    assert "Bare 1 plass var ledig: den er bekreftet for gruppen din." in body
    assert "2 til står på venteliste." in body
