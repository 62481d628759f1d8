"""The back office: the triage list, the case page, replies, notes, status and permissions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from frivilligkontor.models import Roles
from henvendelser.models import EnquiryMessage
from tests.factories import district
from tests.henvendelser.factories import (
    EnquiryFactory,
    EnquiryMessageFactory,
    GuidanceArticleFactory,
    StandardAnswerFactory,
)

CHANGELIST = "/admin/henvendelser/enquiry/"


def change_url(enquiry):
    return f"{CHANGELIST}{enquiry.pk}/change/"


def case_url(enquiry, action):
    return f"{CHANGELIST}{enquiry.pk}/{action}/"


@pytest.fixture
def officer(make_staff):
    return make_staff(
        Roles.CASE_OFFICERS, first_name="Ingrid", last_name="Haugen", email="ingrid@oslo.test"
    )


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.mark.django_db
def test_changelist__opens_on_open_cases_newest_first(officer_client):
    now = timezone.now()
    old = EnquiryFactory(received_at=now - timedelta(days=3))
    new = EnquiryFactory(received_at=now)
    closed = EnquiryFactory(status="closed")
    answered = EnquiryFactory(status="answered")
    page = officer_client.get(CHANGELIST).content.decode()
    assert new.reference in page and old.reference in page
    assert closed.reference not in page and answered.reference not in page
    assert page.index(new.reference) < page.index(old.reference)
    everything = officer_client.get(CHANGELIST, {"status": "all"}).content.decode()
    assert closed.reference in everything and answered.reference in everything


@pytest.mark.django_db
def test_changelist__filters_and_search(officer_client, officer):
    alna = district("Alna")
    mine = EnquiryFactory(assigned_officer=officer, district=alna, organisation_name="Furuset IL")
    overdue = EnquiryFactory(
        received_at=timezone.now() - timedelta(days=20),
        due_date=timezone.localdate() - timedelta(days=10),
        is_new_initiative=True,
        topic="premises",
    )
    other = EnquiryFactory(contact_name="Knut Hansen", email="knut@eksempel.test")

    def references(**params):
        page = officer_client.get(CHANGELIST, params).content.decode()
        return {e.reference for e in (mine, overdue, other) if e.reference in page}

    assert references(assigned_officer__id__exact=officer.pk) == {mine.reference}
    assert references(district__id__exact=alna.pk) == {mine.reference}
    assert references(forfalt="ja") == {overdue.reference}
    assert references(is_new_initiative__exact="1") == {overdue.reference}
    assert references(topic__exact="premises") == {overdue.reference}
    assert references(q="Furuset") == {mine.reference}
    assert references(q="knut@eksempel") == {other.reference}
    assert references(q=other.reference) == {other.reference}


@pytest.mark.django_db
def test_changelist__query_count_does_not_grow_with_cases(officer_client, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = officer_client.get(CHANGELIST, {"status": "all"})
        assert response.status_code == 200
        return len(captured)

    EnquiryFactory.create_batch(5, assigned_officer=officer, district=district("Alna"))
    with_five = queries_for_list()
    EnquiryFactory.create_batch(
        45, assigned_officer=officer, district=district("Grorud"), status="waiting"
    )
    with_fifty = queries_for_list()
    assert with_five == with_fifty
    assert with_fifty <= 25


@pytest.mark.django_db
def test_case_page__shows_thread_with_notes_apart_and_history(officer_client):
    enquiry = EnquiryFactory(message="Hvor kan vi øve?")
    EnquiryMessageFactory(enquiry=enquiry, kind="reply", body="Prøv Furuset skole.")
    EnquiryMessageFactory(enquiry=enquiry, kind="note", body="Sjekk med bydelen.")
    officer_client.post(case_url(enquiry, "ta-saken"))
    page = officer_client.get(change_url(enquiry)).content.decode()
    assert "Hvor kan vi øve?" in page
    assert "case-message--reply" in page and "case-message--note" in page
    assert "Sjekk med bydelen." in page
    assert 'id="history"' in page
    assert "Ingrid Haugen" in page  # who assigned it, in the history


@pytest.mark.django_db
def test_reply__with_standard_answer__fills_placeholders_emails_and_answers(
    officer_client, officer, django_capture_on_commit_callbacks
):
    enquiry = EnquiryFactory(contact_name="Kari Nordmann", email="kari@eksempel.test")
    answer = StandardAnswerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            case_url(enquiry, "svar"),
            {"standard_answer": answer.pk, "body": "", "then_status": "answered"},
        )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "answered" and enquiry.first_answered_at is not None
    assert enquiry.assigned_officer == officer
    reply = EnquiryMessage.objects.get(enquiry=enquiry, kind="reply")
    assert reply.body.startswith("Hei Kari Nordmann") and enquiry.reference in reply.body
    sent = [m for m in mail.outbox if m.to == ["kari@eksempel.test"]]
    assert len(sent) == 1 and "Hei Kari Nordmann" in sent[0].body
    assert enquiry.token in sent[0].body


@pytest.mark.django_db
def test_reply__use_standard_answer_button_without_js__fills_the_reply_box(officer_client):
    enquiry = EnquiryFactory(contact_name="Omar Khalil", language="en")
    answer = StandardAnswerFactory()
    response = officer_client.post(
        case_url(enquiry, "svar"),
        {"standard_answer": answer.pk, "body": "", "then_status": "answered", "use_standard": "1"},
        follow=True,
    )
    page = response.content.decode()
    assert "Hello Omar Khalil, thank you for enquiry" in page
    assert not EnquiryMessage.objects.filter(enquiry=enquiry).exists()
    assert (
        officer_client.get(f"{CHANGELIST}{enquiry.pk}/standardsvar/{answer.pk}/")
        .json()["text"]
        .startswith("Hello Omar Khalil")
    )


@pytest.mark.django_db
def test_reply__use_standard_answer_after_typing__keeps_the_typed_text(officer_client):
    enquiry = EnquiryFactory(contact_name="Omar Khalil", language="en")
    answer = StandardAnswerFactory()
    response = officer_client.post(
        case_url(enquiry, "svar"),
        {
            "standard_answer": answer.pk,
            "body": "About your question on the football pitch:",
            "then_status": "answered",
            "use_standard": "1",
        },
        follow=True,
    )
    reply_box = response.context["reply_form"]["body"].value()
    assert reply_box.startswith("About your question on the football pitch:\n\n")
    assert reply_box.endswith(
        f"Hello Omar Khalil, thank you for enquiry {enquiry.reference}. Regards Ingrid Haugen"
    )
    assert not EnquiryMessage.objects.filter(enquiry=enquiry).exists()


@pytest.mark.django_db
def test_reply__asking_the_organisation__pauses_deadline(officer_client):
    enquiry = EnquiryFactory()
    officer_client.post(
        case_url(enquiry, "svar"), {"body": "Hvor mange er dere?", "then_status": "waiting"}
    )
    enquiry.refresh_from_db()
    assert enquiry.status == "waiting" and enquiry.paused_on == timezone.localdate()


@pytest.mark.django_db
def test_status__invalid_transition_in_admin__shows_message_and_changes_nothing(officer_client):
    enquiry = EnquiryFactory(status="closed")
    response = officer_client.post(case_url(enquiry, "status"), {"status": "answered"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("cannot be set to" in m or "kan ikke" in m for m in messages)
    enquiry.refresh_from_db()
    assert enquiry.status == "closed"


@pytest.mark.django_db
def test_note__is_saved_but_never_emailed_or_public(
    officer_client, client, django_capture_on_commit_callbacks
):
    enquiry = EnquiryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(case_url(enquiry, "notat"), {"body": "Intern: ring bydelen."})
    assert EnquiryMessage.objects.filter(enquiry=enquiry, kind="note").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_forward_to_unit__records_note_and_tells_the_unit(
    officer_client, django_capture_on_commit_callbacks
):
    alna = district("Alna")
    alna.email = "frivillighet@bal.oslo.test"
    alna.save()
    enquiry = EnquiryFactory(topic="premises")
    page = officer_client.get(change_url(enquiry))
    form_data = {
        "topic": "premises",
        "district": "",
        "assigned_officer": "",
        "assigned_unit": alna.pk,
        "email": enquiry.email,
        "grant_scheme": "",
        "venue": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(change_url(enquiry), form_data)
    assert page.status_code == 200 and response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.assigned_unit == alna
    assert EnquiryMessage.objects.filter(
        enquiry=enquiry, kind="note", body__contains="Bydel Alna"
    ).exists()
    assert [m.to for m in mail.outbox] == [["frivillighet@bal.oslo.test"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "enquiries", "guidance", "standard_answers"),
    [
        (Roles.CASE_OFFICERS, 200, 200, 200),
        (Roles.CONTENT_EDITORS, 403, 200, 200),
        (Roles.UNIT_STAFF, 200, 403, 200),
        (None, 403, 403, 403),
    ],
)
def test_permissions__role_by_page(client, make_staff, role, enquiries, guidance, standard_answers):
    client.force_login(make_staff(role))
    assert client.get(CHANGELIST).status_code == enquiries
    assert client.get("/admin/henvendelser/guidancearticle/").status_code == guidance
    assert client.get("/admin/henvendelser/standardanswer/").status_code == standard_answers


@pytest.mark.django_db
def test_unit_staff__see_only_cases_forwarded_to_their_unit(client, make_staff):
    alna, frogner = district("Alna"), district("Frogner")
    ours = EnquiryFactory(assigned_unit=alna)
    theirs = EnquiryFactory(assigned_unit=frogner)
    unassigned = EnquiryFactory()
    client.force_login(make_staff(Roles.UNIT_STAFF, units=(alna,)))
    page = client.get(CHANGELIST).content.decode()
    assert ours.reference in page
    assert theirs.reference not in page and unassigned.reference not in page
    assert client.get(change_url(theirs)).status_code in (302, 404)
    assert (
        client.post(case_url(theirs, "svar"), {"body": "x", "then_status": "answered"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_anonymous__cannot_reach_case_pages(client):
    enquiry = EnquiryFactory()
    response = client.get(change_url(enquiry))
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.post(case_url(enquiry, "svar"), {"body": "x", "then_status": "answered"})
    assert not EnquiryMessage.objects.exists()


@pytest.mark.django_db
def test_content_editor__adds_guidance_article(client, make_staff):
    editor = make_staff(Roles.CONTENT_EDITORS)
    client.force_login(editor)
    response = client.post(
        "/admin/henvendelser/guidancearticle/add/",
        {
            "topic": "starting",
            "slug": "ny-artikkel",
            "is_published": "on",
            "last_checked": "2026-11-20",
            "responsible_editor": editor.pk,
            "title_nb": "Ny artikkel",
            "summary_nb": "Kort",
            "body_nb": "Tekst",
            "title_en": "",
            "summary_en": "",
            "body_en": "",
        },
    )
    assert response.status_code == 302
    assert client.get("/veiledning/ny-artikkel/").status_code == 200
    GuidanceArticleFactory()  # the factory stays valid
    assert (
        Group.objects.get(name=Roles.CONTENT_EDITORS)
        .permissions.filter(codename="change_guidancearticle")
        .exists()
    )


@pytest.mark.django_db
def test_actions__assign_to_me_and_close__change_the_cases_and_say_so(officer_client, officer):
    new, answered, closed = (
        EnquiryFactory(),
        EnquiryFactory(status="answered"),
        EnquiryFactory(status="closed"),
    )
    response = officer_client.post(
        CHANGELIST + "?status=all",
        {"action": "assign_to_me", "_selected_action": [new.pk]},
        follow=True,
    )
    new.refresh_from_db()
    assert (new.assigned_officer, new.status) == (officer, "in_progress")
    assert "Sakene er tildelt deg." in response.content.decode()
    response = officer_client.post(
        CHANGELIST + "?status=all",
        {"action": "close_cases", "_selected_action": [new.pk, answered.pk, closed.pk]},
        follow=True,
    )
    assert "2 saker er lukket." in response.content.decode()
    for enquiry in (new, answered, closed):
        enquiry.refresh_from_db()
        assert enquiry.status == "closed"
