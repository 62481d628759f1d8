"""The officers' daily digest, and what henvendelser gives the portal (search, figures)."""

from datetime import timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from frivilligkontor import portal
from henvendelser.models import DigestSend
from henvendelser.services import send_case_digests
from tests.factories import UserFactory
from tests.henvendelser.factories import EnquiryFactory, GuidanceArticleFactory

OSLO = ZoneInfo("Europe/Oslo")


@pytest.mark.django_db
def test_digest__lists_overdue_and_soon_due_cases_once_a_day(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    ingrid = UserFactory(is_staff=True, email="ingrid@oslo.test")
    ali = UserFactory(is_staff=True, email="ali@oslo.test")
    overdue = EnquiryFactory(assigned_officer=ingrid, due_date=today - timedelta(days=3))
    soon = EnquiryFactory(assigned_officer=ingrid, due_date=today)
    later = EnquiryFactory(assigned_officer=ingrid, due_date=today + timedelta(days=30))
    answered = EnquiryFactory(
        assigned_officer=ali, due_date=today - timedelta(days=3), status="answered"
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_case_digest", stdout=StringIO())
        assert send_case_digests() == 0  # the second run the same day sends nothing
    assert [m.to for m in mail.outbox] == [["ingrid@oslo.test"]]
    body = mail.outbox[0].body
    assert overdue.reference in body and soon.reference in body
    assert later.reference not in body and answered.reference not in body
    assert DigestSend.objects.get().officer == ingrid


@pytest.mark.django_db
def test_digest__cases_nobody_has_taken__reach_every_case_officer(
    django_capture_on_commit_callbacks,
):
    from django.contrib.auth.models import Group

    from frivilligkontor.models import Roles

    today = timezone.localdate()
    officers = Group.objects.get(name=Roles.CASE_OFFICERS)
    ingrid = UserFactory(is_staff=True, email="ingrid@oslo.test")
    ali = UserFactory(is_staff=True, email="ali@oslo.test")
    former = UserFactory(is_staff=True, email="former@oslo.test", is_active=False)
    editor = UserFactory(is_staff=True, email="editor@oslo.test")
    for user in (ingrid, ali, former):
        user.groups.add(officers)
    nobodys = EnquiryFactory(assigned_officer=None, due_date=today - timedelta(days=1))
    own = EnquiryFactory(assigned_officer=ingrid, due_date=today - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_case_digests()
        assert send_case_digests() == 0
    assert sent == 2
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert set(bodies) == {
        "ingrid@oslo.test",
        "ali@oslo.test",
    }  # not the inactive one, not the editor
    assert "Ikke tatt av noen ennå" in bodies["ali@oslo.test"]
    assert (
        nobodys.reference in bodies["ali@oslo.test"]
        and nobodys.reference in bodies["ingrid@oslo.test"]
    )
    assert (
        own.reference in bodies["ingrid@oslo.test"] and own.reference not in bodies["ali@oslo.test"]
    )
    assert editor.email not in bodies


@pytest.mark.django_db
def test_portal_search__finds_guidance_by_prefix_but_never_enquiries():
    GuidanceArticleFactory(
        title_nb="Lån av skolelokaler", body_nb="Gymsaler lånes ut på kveldstid."
    )
    EnquiryFactory(message="Hemmelig spørsmål om skolelokaler")
    hits = portal.search("skole", limit=10)
    assert [hit.title for hit in hits] == ["Lån av skolelokaler"]
    assert portal.search("gymsal", limit=10)[0].url.startswith("/veiledning/")
    assert portal.search("hemmelig", limit=10) == []


@pytest.mark.django_db
def test_anonymise_old_enquiries__removes_personal_data_of_finished_cases_after_a_year():
    from django.apps import apps

    from henvendelser.models import Enquiry, EnquiryMessage
    from tests.henvendelser.factories import EnquiryMessageFactory

    long_ago = timezone.now() - timedelta(days=400)
    old_closed = EnquiryFactory(
        contact_name="Kari Nordmann",
        email="kari@eksempel.test",
        phone="91234567",
        is_new_initiative=True,
        organisation_name="Kari sin gruppe",
        received_at=long_ago,
        status="closed",
        closed_at=long_ago,
    )
    EnquiryMessageFactory(enquiry=old_closed, created_at=long_ago, body="Svar til Kari")
    old_token = old_closed.token
    # Answered long ago, but the person wrote again recently: kept.
    recent_activity = EnquiryFactory(received_at=long_ago, status="answered")
    EnquiryMessageFactory(enquiry=recent_activity, kind="from_person")
    # Still open after a year (waiting for the organisation): kept.
    still_open = EnquiryFactory(received_at=long_ago, status="waiting")

    out = StringIO()
    call_command("anonymise_old_enquiries", stdout=out)

    assert "Anonymised 1" in out.getvalue()
    old_closed.refresh_from_db()
    assert (old_closed.contact_name, old_closed.email, old_closed.phone, old_closed.message) == (
        "",
        "",
        "",
        "",
    )
    assert old_closed.organisation_name == ""
    assert old_closed.token != old_token
    assert (old_closed.topic, old_closed.status, old_closed.reference) == (
        "grants",
        "closed",
        old_closed.reference,
    )
    assert not EnquiryMessage.objects.filter(enquiry=old_closed).exists()
    events = apps.get_model("henvendelser", "EnquiryEvent").objects
    assert not events.filter(pgh_obj_id=old_closed.pk).exists()
    assert not events.filter(email="kari@eksempel.test").exists()
    for kept in (recent_activity, still_open):
        assert Enquiry.objects.get(pk=kept.pk).email == kept.email
    # The old link no longer opens the case.
    from django.test import Client

    assert Client().get(f"/henvendelser/sak/{old_token}/").status_code == 404
    # Idempotent.
    call_command("anonymise_old_enquiries", stdout=out)
    assert "Anonymised 0" in out.getvalue()
