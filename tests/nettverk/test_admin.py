"""The back office: who sees what, and the organisers' and the office's actions."""

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from frivilligkontor.models import Organisation, Roles
from nettverk import services
from nettverk.models import Event, Registration
from tests.factories import district
from tests.nettverk.factories import EventFactory, RegistrationFactory, make_organisation

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_URL}"


@pytest.fixture
def events():
    return {
        "alna": EventFactory(title="Nettverksmøte i Alna", unit=district("Alna")),
        "frogner": EventFactory(title="Forum i Frogner", unit=district("Frogner")),
    }


def login(client, user, password):
    assert client.login(username=user.username, password=password)


@pytest.mark.parametrize(
    ("role", "units", "sees_alna", "sees_frogner"),
    [
        (Roles.UNIT_STAFF, ("Alna",), True, False),
        (Roles.UNIT_STAFF, ("Frogner",), False, True),
        (Roles.CASE_OFFICERS, (), True, True),
        (Roles.CONTENT_EDITORS, (), True, True),
    ],
)
def test_event_admin__role_by_unit__sees_only_what_it_may(
    client, make_staff, staff_password, events, role, units, sees_alna, sees_frogner
):
    user = make_staff(role, units=tuple(district(name) for name in units))
    login(client, user, staff_password)
    content = client.get(reverse("admin:nettverk_event_changelist")).content.decode()
    assert ("Nettverksmøte i Alna" in content) is sees_alna
    assert ("Forum i Frogner" in content) is sees_frogner
    change = client.get(reverse("admin:nettverk_event_change", args=[events["frogner"].pk]))
    assert (change.status_code == 200) is sees_frogner


def test_event_admin__anonymous__is_sent_to_login(client):
    response = client.get(reverse("admin:nettverk_event_changelist"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_registration_admin__unit_staff__see_only_their_units_participants(
    client, make_staff, staff_password, events
):
    RegistrationFactory(event=events["alna"], name="Deltaker Alna")
    RegistrationFactory(event=events["frogner"], name="Deltaker Frogner")
    login(client, make_staff(Roles.UNIT_STAFF, units=(district("Alna"),)), staff_password)
    content = client.get(reverse("admin:nettverk_registration_changelist")).content.decode()
    assert "Deltaker Alna" in content
    assert "Deltaker Frogner" not in content


def test_admin_pages__open_for_staff(client, make_staff, staff_password, events):
    RegistrationFactory(event=events["alna"])
    login(client, make_staff(Roles.CASE_OFFICERS), staff_password)
    for url in (
        reverse("admin:nettverk_event_add"),
        reverse("admin:nettverk_event_change", args=[events["alna"].pk]),
        reverse("admin:nettverk_registration_changelist"),
        reverse("admin:nettverk_meetingplace_changelist"),
        reverse("admin:nettverk_meetingplace_add"),
        reverse("admin:frivilligkontor_organisation_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def test_export_participants__gives_a_csv_with_everyone(client, make_staff, staff_password, events):
    RegistrationFactory(event=events["alna"], name="Kari Nordmann", email="kari@example.org")
    login(client, make_staff(Roles.UNIT_STAFF, units=(district("Alna"),)), staff_password)
    response = client.post(
        reverse("admin:nettverk_event_changelist"),
        {"action": "export_participants", ACTION_CHECKBOX_NAME: [events["alna"].pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "Kari Nordmann;kari@example.org" in body
    assert body.splitlines()[0].startswith("Arrangement;Dato;Navn")


def test_export_participants__formula_typed_by_the_public__is_made_harmless(
    client, make_staff, staff_password, events
):
    RegistrationFactory(
        event=events["alna"],
        name='=HYPERLINK("https://evil.example","Klikk")',
        organisation_name="@SUM(1+1)",
        needs="-2+3",
    )
    login(client, make_staff(Roles.UNIT_STAFF, units=(district("Alna"),)), staff_password)
    response = client.post(
        reverse("admin:nettverk_event_changelist"),
        {"action": "export_participants", ACTION_CHECKBOX_NAME: [events["alna"].pk]},
    )
    row = response.content.decode("utf-8-sig").splitlines()[1]
    assert '"\'=HYPERLINK(""https://evil.example"",""Klikk"")"' in row
    assert ";'@SUM(1+1);" in row and ";'-2+3;" in row


def test_email_participants__asks_for_the_message_then_sends_it(
    client, make_staff, staff_password, events, django_capture_on_commit_callbacks
):
    event = events["alna"]
    RegistrationFactory(event=event, email="kari@example.org")
    RegistrationFactory(event=event, email="ola@example.org")
    login(client, make_staff(Roles.UNIT_STAFF, units=(district("Alna"),)), staff_password)
    url = reverse("admin:nettverk_event_changelist")
    form_page = client.post(url, {"action": "email_participants", ACTION_CHECKBOX_NAME: [event.pk]})
    assert form_page.status_code == 200
    assert 'name="subject"' in form_page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "action": "email_participants",
                ACTION_CHECKBOX_NAME: [event.pk],
                "apply": "1",
                "subject": "Husk innendørssko",
                "message": "Vi møtes i gymsalen.",
                "include_waiting": "on",
            },
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["kari@example.org", "ola@example.org"]
    assert all(m.subject == "Husk innendørssko" for m in mail.outbox)


def test_cancel_event_action__emails_everyone_and_marks_it_cancelled(
    client, make_staff, staff_password, events, django_capture_on_commit_callbacks
):
    event = events["alna"]
    RegistrationFactory(event=event, email="kari@example.org")
    login(client, make_staff(Roles.CASE_OFFICERS), staff_password)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:nettverk_event_changelist"),
            {
                "action": "cancel_events",
                ACTION_CHECKBOX_NAME: [event.pk],
                "apply": "1",
                "message": "Lokalet er stengt.",
            },
        )
    event.refresh_from_db()
    assert event.state == Event.State.CANCELLED
    assert mail.outbox[0].to == ["kari@example.org"]
    assert "Lokalet er stengt." in mail.outbox[0].body


def test_mark_attendance__from_the_registration_list(client, make_staff, staff_password, events):
    registration = RegistrationFactory(event=events["alna"])
    login(client, make_staff(Roles.UNIT_STAFF, units=(district("Alna"),)), staff_password)
    client.post(
        reverse("admin:nettverk_registration_changelist"),
        {"action": "mark_attended", ACTION_CHECKBOX_NAME: [registration.pk]},
    )
    registration.refresh_from_db()
    assert registration.attended is True


def test_cancel_registration_action__moves_the_waiting_list_up(
    client, make_staff, staff_password, events
):
    event = events["alna"]
    Event.objects.filter(pk=event.pk).update(capacity=1)
    event.refresh_from_db()
    first = services.register(
        event=event, name="A", email="a@example.org", party_size=1
    ).registration
    waiting = services.register(
        event=event, name="B", email="b@example.org", party_size=1
    ).registration
    login(client, make_staff(Roles.UNIT_STAFF, units=(district("Alna"),)), staff_password)
    client.post(
        reverse("admin:nettverk_registration_changelist"),
        {"action": "cancel_registrations", ACTION_CHECKBOX_NAME: [first.pk]},
    )
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_lowering_capacity_below_confirmed__is_refused_with_a_message(
    client, make_staff, staff_password, events
):
    event = events["alna"]
    for _ in range(3):
        RegistrationFactory(event=event)
    Event.objects.filter(pk=event.pk).update(confirmed_places=3)
    login(client, make_staff(Roles.CASE_OFFICERS), staff_password)
    url = reverse("admin:nettverk_event_change", args=[event.pk])
    page = client.get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and key not in ("starts_at", "ends_at", "state", "state_message")
    }
    data.update(
        {
            "capacity": "2",
            "target_groups": "everyone",
            "unit": event.unit_id,
            "district": event.district_id,
            "registrations-TOTAL_FORMS": "3",
            "registrations-INITIAL_FORMS": "3",
            "registrations-MIN_NUM_FORMS": "0",
            "registrations-MAX_NUM_FORMS": "0",
        }
    )
    for index, registration in enumerate(
        event.registrations.order_by("status", "created_at", "pk")
    ):
        data[f"registrations-{index}-id"] = registration.pk
        data[f"registrations-{index}-event"] = event.pk
    data.pop("series", None)
    data.pop("venue", None)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "3 plasser er allerede bekreftet" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 20


def test_organisation_admin__pending_first_and_approve_publishes_and_emails(
    client, make_staff, staff_password, django_capture_on_commit_callbacks
):
    make_organisation(name="Godkjent lag")
    pending = make_organisation(
        name="Ventende lag",
        status=Organisation.Status.PENDING,
        contact_email="post@ventende.example.org",
    )
    pending.districts.add(district("Alna"))
    login(client, make_staff(Roles.CASE_OFFICERS), staff_password)
    url = reverse("admin:frivilligkontor_organisation_changelist")
    content = client.get(url).content.decode()
    assert content.index("Ventende lag") < content.index("Godkjent lag")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "approve", ACTION_CHECKBOX_NAME: [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.APPROVED
    assert pending.approved_at is not None
    assert mail.outbox[0].to == ["post@ventende.example.org"]
    assert pending.get_absolute_url() in mail.outbox[0].body
    assert (
        Organisation.objects.public().in_district(district("Alna")).filter(pk=pending.pk).exists()
    )


def test_organisation_admin__reject_with_a_reason_keeps_it_out_of_the_directory(
    client, make_staff, staff_password, django_capture_on_commit_callbacks
):
    pending = make_organisation(
        name="Tvilsomt lag",
        status=Organisation.Status.PENDING,
        contact_email="post@tvil.example.org",
    )
    login(client, make_staff(Roles.CASE_OFFICERS), staff_password)
    url = reverse("admin:frivilligkontor_organisation_changelist")
    form_page = client.post(url, {"action": "reject", ACTION_CHECKBOX_NAME: [pending.pk]})
    assert 'name="reason"' in form_page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "action": "reject",
                ACTION_CHECKBOX_NAME: [pending.pk],
                "apply": "1",
                "reason": "Oversikten er for frivillige organisasjoner, ikke for bedrifter.",
            },
        )
    assert mail.outbox[0].to == ["post@tvil.example.org"]
    assert "ikke for bedrifter" in mail.outbox[0].body
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.REJECTED
    assert client.get(pending.get_absolute_url()).status_code == 404


def test_unit_staff__cannot_approve_organisations(client, make_staff, staff_password):
    login(client, make_staff(Roles.UNIT_STAFF, units=(district("Alna"),)), staff_password)
    response = client.get(reverse("admin:frivilligkontor_organisation_changelist"))
    assert response.status_code == 403


def test_event_form__unit_staff_choose_only_their_unit_but_any_district(
    client, make_staff, staff_password
):
    login(client, make_staff(Roles.UNIT_STAFF, units=(district("Alna"),)), staff_password)
    form = client.get(reverse("admin:nettverk_event_add")).context["adminform"].form
    assert list(form.fields["unit"].queryset) == [district("Alna")]
    assert form.fields["district"].queryset.count() == 15


def test_event_form__unit_staff_create_an_event_for_their_unit(client, make_staff, staff_password):
    login(client, make_staff(Roles.UNIT_STAFF, units=(district("Alna"),)), staff_password)
    response = client.post(
        reverse("admin:nettverk_event_add"),
        {
            "kind": "course",
            "title": "Styrekurs for nye foreninger",
            "slug": "styrekurs-alna",
            "description": "Grunnkurs i styrearbeid.",
            "unit": district("Alna").pk,
            "is_published": "on",
            "starts_at_0": "2030-03-05",
            "starts_at_1": "18:00",
            "ends_at_0": "2030-03-05",
            "ends_at_1": "21:00",
            "district": district("Stovner").pk,
            "place": "Stovner bydelshus",
            "target_groups": ["new_initiatives"],
            "language": "nb",
            "capacity": "25",
            "state": "planned",
            "registrations-TOTAL_FORMS": "0",
            "registrations-INITIAL_FORMS": "0",
            "registrations-MIN_NUM_FORMS": "0",
            "registrations-MAX_NUM_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="styrekurs-alna")
    assert event.unit == district("Alna")
    assert event.target_groups == ["new_initiatives"]


@pytest.mark.parametrize("rows", [2, 12])
def test_admin_lists__query_count_does_not_grow_with_rows(
    client, make_staff, staff_password, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        event = EventFactory(unit=district("Alna"))
        RegistrationFactory(event=event)
        make_organisation().districts.add(district("Alna"))
    login(client, make_staff(Roles.CASE_OFFICERS), staff_password)
    for name in (
        "admin:nettverk_event_changelist",
        "admin:nettverk_registration_changelist",
        "admin:frivilligkontor_organisation_changelist",
    ):
        with django_assert_max_num_queries(20):
            assert client.get(reverse(name)).status_code == 200


def test_changing_the_place_of_an_event__emails_everyone_registered_in_their_language(
    client, make_staff, staff_password, events, django_capture_on_commit_callbacks
):
    event = events["alna"]
    norwegian = RegistrationFactory(event=event)
    english = RegistrationFactory(event=event, language="en")
    Event.objects.filter(pk=event.pk).update(confirmed_places=2)
    login(client, make_staff(Roles.CASE_OFFICERS), staff_password)
    url = reverse("admin:nettverk_event_change", args=[event.pk])
    page = client.get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and key not in ("starts_at", "ends_at", "state", "state_message")
    }
    data.update(
        {
            "place": "Furuset bibliotek, Trygve Lies plass 1",
            "target_groups": "everyone",
            "unit": event.unit_id,
            "district": event.district_id,
            "registrations-TOTAL_FORMS": "2",
            "registrations-INITIAL_FORMS": "2",
            "registrations-MIN_NUM_FORMS": "0",
            "registrations-MAX_NUM_FORMS": "0",
        }
    )
    for index, registration in enumerate(
        event.registrations.order_by("status", "created_at", "pk")
    ):
        data[f"registrations-{index}-id"] = registration.pk
        data[f"registrations-{index}-event"] = event.pk
    data.pop("series", None)
    data.pop("venue", None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert "2 påmeldte fikk e-post om det nye stedet" in response.content.decode()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[norwegian.email].subject.startswith("Nytt sted")
    assert "Furuset bibliotek" in by_address[norwegian.email].body
    assert by_address[english.email].subject.startswith("New place")
