"""The officers' daily digest, and what henvendelser gives the portal (search, figures)."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from frivilligkontor import portal
from henvendelser.models import DigestSend
from henvendelser.services import send_case_digests
from tests.factories import UserFactory, district
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
def test_figures__per_topic_district_new_initiatives_and_answer_times():
    received = datetime(2026, 3, 2, 10, tzinfo=OSLO)  # a Monday
    alna = district("Alna")
    EnquiryFactory(
        topic="grants",
        district=alna,
        received_at=received,
        due_date=date(2026, 3, 9),
        first_answered_at=received + timedelta(days=2),
        status="answered",
    )
    EnquiryFactory(
        topic="premises",
        is_new_initiative=True,
        received_at=received,
        due_date=date(2026, 3, 9),
        first_answered_at=received + timedelta(days=10),
        status="answered",
    )
    EnquiryFactory(topic="premises", received_at=datetime(2025, 1, 5, tzinfo=OSLO))
    figures = {
        figure.label: figure
        for figure in portal.figures(start=date(2026, 1, 1), end=date(2026, 12, 31))
        if figure.app == "henvendelser"
    }
    values = {label: figure.value for label, figure in figures.items()}
    assert 2 in values.values()  # received in the period
    assert 50.0 in values.values()  # new initiatives share, and answered within the deadline
    assert 6.0 in values.values()  # median of 2 and 10 days
    breakdowns = [figure.breakdown for figure in figures.values() if figure.breakdown]
    assert any(sum(b.values()) == 2 and "Bydel Alna" in b for b in breakdowns)
