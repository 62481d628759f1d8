"""The public pages: guidance, the enquiry form with its bad-input cases, receipt, case page."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from frivilligkontor.models import Unit
from henvendelser.models import Enquiry, EnquiryMessage
from tests.factories import UserFactory
from tests.henvendelser.factories import (
    EnquiryFactory,
    EnquiryMessageFactory,
    GuidanceArticleFactory,
)

FORM_URL = "/henvendelser/ny/"


def valid_data(**overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "topic": "grants",
        "district": "",
        "organisation_name": "Furuset Leksehjelp",
        "organisation_number": "",
        "message": "Finnes det tilskudd til leksehjelp for barn på Furuset?",
        "contact_name": "Amina Hassan",
        "email": "amina@eksempel.test",
        "phone": "912 34 567",
        "language": "nb",
        "send": "1",
    }
    data.update(overrides)
    return data


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    def post(url=FORM_URL, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                url, valid_data(**overrides), REMOTE_ADDR=overrides.pop("ip", "10.0.0.1")
            )

    return post


@pytest.mark.django_db
def test_guidance_list__shows_published_articles_and_searches_with_prefix():
    GuidanceArticleFactory(title_nb="Lån av skolelokaler etter skoletid", topic="premises")
    GuidanceArticleFactory(title_nb="Skjult artikkel om skoler", is_published=False)
    GuidanceArticleFactory(title_nb="Momskompensasjon", topic="grants")
    from django.test import Client

    client = Client()
    page = client.get("/veiledning/").content.decode()
    assert "Lån av skolelokaler" in page and "Momskompensasjon" in page
    assert "Skjult artikkel" not in page
    found = client.get("/veiledning/", {"q": "skole"}).content.decode()
    assert "Lån av skolelokaler" in found and "Momskompensasjon" not in found
    on_topic = client.get("/veiledning/", {"tema": "tilskudd"}).content.decode()
    assert "Momskompensasjon" in on_topic and "skolelokaler" not in on_topic


@pytest.mark.django_db
def test_guidance_detail__in_english__shows_english_text(client):
    article = GuidanceArticleFactory(title_en="Borrowing school rooms", body_en="Ask the school.")
    response = client.get(f"/en/veiledning/{article.slug}/")
    assert "Borrowing school rooms" in response.content.decode()
    assert client.get("/veiledning/finnes-ikke/").status_code == 404


@pytest.mark.django_db
def test_enquiry__valid__creates_case_receipt_and_emails(submit, client):
    response = submit()
    enquiry = Enquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("henvendelser:enquiry_receipt", args=[enquiry.token])
    assert enquiry.reference.startswith("FK-") and enquiry.status == "new"
    assert enquiry.phone == "+4791234567"
    assert len(enquiry.token) >= 43  # 256 bits, URL-safe
    receipt = client.get(response["Location"]).content.decode()
    assert enquiry.reference in receipt
    to_person = [m for m in mail.outbox if m.to == ["amina@eksempel.test"]]
    assert len(to_person) == 1
    assert enquiry.reference in to_person[0].subject
    assert f"/henvendelser/sak/{enquiry.token}/" in to_person[0].body
    assert any(m.to != ["amina@eksempel.test"] for m in mail.outbox)  # the office is told


@pytest.mark.django_db
def test_enquiry__english__receipt_email_in_english_with_english_link(submit):
    submit(url="/en/henvendelser/ny/", language="en")
    enquiry = Enquiry.objects.get()
    message = next(m for m in mail.outbox if m.to == [enquiry.email])
    assert "We have received your enquiry" in message.subject
    assert f"/en/henvendelser/sak/{enquiry.token}/" in message.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [(FORM_URL, "Oppgi en gyldig e-postadresse"), ("/en/henvendelser/ny/", "Enter a valid email")],
)
def test_enquiry__invalid__errors_in_language_beside_field_and_in_summary_and_values_kept(
    submit, url, expected
):
    response = submit(url=url, email="amina-at-eksempel", organisation_number="123456789")
    page = response.content.decode()
    assert response.status_code == 200
    assert Enquiry.objects.count() == 0
    assert "data-error-summary" in page
    assert 'href="#id_email"' in page  # the summary links to the field
    assert 'id="id_email_error"' in page  # the message beside the field
    assert page.count(expected) >= 2
    assert 'value="amina-at-eksempel"' in page
    assert "Finnes det tilskudd til leksehjelp" in page
    assert 'value="Furuset Leksehjelp"' in page


@pytest.mark.django_db
def test_enquiry__over_long_message__is_refused_with_message_not_cut(submit):
    response = submit(message="a" * 5001)
    page = response.content.decode()
    assert Enquiry.objects.count() == 0
    assert "5000" in page and "5001" in page
    assert "a" * 5001 in page  # nothing lost
    assert 'maxlength="5000"' not in page


@pytest.mark.django_db
def test_enquiry__new_initiative_with_organisation_number__is_refused(submit):
    from tests.factories import valid_organisation_number

    response = submit(is_new_initiative="on", organisation_number=valid_organisation_number(7))
    assert Enquiry.objects.count() == 0
    assert "nytt initiativ har ikke organisasjonsnummer" in response.content.decode().lower() or (
        "new initiative has no organisation number" in response.content.decode()
    )


@pytest.mark.django_db
def test_enquiry__markup_in_message__is_shown_as_text(submit, client):
    submit(message="<script>alert('x')</script> hjelp oss med tilskudd")
    enquiry = Enquiry.objects.get()
    page = client.get(enquiry.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


@pytest.mark.django_db
def test_enquiry__double_submit__creates_one_case_and_shows_first_receipt(submit):
    key = str(uuid.uuid4())
    first = submit(submission_key=key)
    second = submit(submission_key=key)
    assert Enquiry.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len([m for m in mail.outbox if m.to == ["amina@eksempel.test"]]) == 1


@pytest.mark.django_db
def test_enquiry__filled_honeypot__is_refused_politely(submit):
    response = submit(website="http://spam.example")
    assert response.status_code == 200
    assert Enquiry.objects.count() == 0
    page = response.content.decode()
    assert "automatisk" in page or "automatic" in page


@pytest.mark.django_db
def test_enquiry__too_many_from_one_address__refused_with_429_and_text_kept(submit, settings):
    settings.PUBLIC_FORM_LIMIT_PER_ADDRESS = 2
    for number in range(2):
        assert submit(ip="10.9.9.9", email=f"person{number}@eksempel.test").status_code == 302
    response = submit(ip="10.9.9.9", message="Dette er det tredje spørsmålet mitt i dag.")
    assert response.status_code == 429
    page = response.content.decode()
    assert "vent en time" in page.lower()
    assert "Dette er det tredje spørsmålet mitt i dag." in page  # in the form, to send later
    assert 'value="Amina Hassan"' in page
    assert Enquiry.objects.count() == 2
    assert submit(ip="10.1.1.1").status_code == 302  # another address is not affected


@pytest.mark.django_db
def test_enquiry__one_recipient_named_from_rotating_addresses__is_limited(submit, settings):
    settings.PUBLIC_FORM_LIMIT_PER_EMAIL = 2
    for number in range(2):
        assert submit(ip=f"192.0.2.{number}").status_code == 302
    mail.outbox.clear()
    response = submit(ip="192.0.2.99")
    assert response.status_code == 429
    assert mail.outbox == []
    assert Enquiry.objects.count() == 2


@pytest.mark.django_db
def test_enquiry__suggest_button__shows_guidance_keeps_text_without_errors(client):
    GuidanceArticleFactory(
        title_nb="Momskompensasjon for lag",
        body_nb="Momskompensasjon gis til frivillige.",
        topic="grants",
    )
    response = client.post(
        FORM_URL, {"topic": "grants", "message": "momskompensasjon?", "suggest": "1", "email": "x"}
    )
    page = response.content.decode()
    assert "Momskompensasjon for lag" in page
    assert "momskompensasjon?" in page
    assert "data-error-summary" not in page
    assert Enquiry.objects.count() == 0


@pytest.mark.django_db
def test_suggestions_fragment__returns_matching_articles(client):
    GuidanceArticleFactory(
        title_nb="Lån av skolelokaler", body_nb="Skoler lånes ut.", topic="premises"
    )
    fragment = client.get("/henvendelser/forslag/", {"tema": "lokaler", "q": "skolelokaler kveld"})
    assert fragment.status_code == 200
    assert "Lån av skolelokaler" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


@pytest.mark.django_db
def test_enquiry__prefill_from_grant_link__sets_topic_and_scheme(submit, client):
    from tilskudd.models import GrantScheme

    unit = Unit.objects.get(name="Bydel Alna")
    scheme = GrantScheme.objects.create(
        name="Tilskudd til nærmiljøtiltak i Alna",
        slug="naermiljo-alna",
        owner=unit,
        summary="Kort",
        purpose="Formål",
        who_can_apply="Alle",
    )
    page = client.get(FORM_URL, {"tema": "tilskudd", "ordning": "naermiljo-alna"}).content.decode()
    assert "Tilskudd til nærmiljøtiltak i Alna" in page
    assert (
        'value="grants" checked' in page
        or 'checked value="grants"' in page
        or ('value="grants"' in page and "checked" in page)
    )
    submit(url=f"{FORM_URL}?tema=tilskudd&ordning=naermiljo-alna")
    assert Enquiry.objects.get().grant_scheme == scheme


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"tema": "tullball", "ordning": "finnes-ikke"},
        {"tema": "lokaler", "lokale": "finnes-ikke"},
        {"ordning": "x" * 500},
        {"tema": "<b>"},
    ],
)
def test_enquiry__bad_prefill_values__are_ignored(client, query):
    response = client.get(FORM_URL, query)
    assert response.status_code == 200
    assert "Om:" not in response.content.decode()


@pytest.mark.django_db
def test_case_page__shows_status_and_public_replies_but_no_email_or_notes(client):
    enquiry = EnquiryFactory(email="hemmelig@eksempel.test", status="answered")
    EnquiryMessageFactory(enquiry=enquiry, kind="reply", body="Her er svaret vårt.")
    EnquiryMessageFactory(enquiry=enquiry, kind="note", body="Intern vurdering.")
    page = client.get(enquiry.get_absolute_url()).content.decode()
    assert "Her er svaret vårt." in page
    assert "Intern vurdering." not in page
    assert "hemmelig@eksempel.test" not in page
    assert enquiry.reference in page


@pytest.mark.django_db
def test_case_page__unknown_token__is_404(client):
    EnquiryFactory()
    assert client.get("/henvendelser/sak/gjett-meg/").status_code == 404
    assert client.get("/henvendelser/sak/1/").status_code == 404


@pytest.mark.django_db
def test_case_page__person_replies__reopens_answered_case_and_tells_officer(
    client, django_capture_on_commit_callbacks
):
    officer = UserFactory(is_staff=True, email="ingrid@oslo.kommune.test")
    enquiry = EnquiryFactory(status="answered", assigned_officer=officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(enquiry.get_absolute_url(), {"body": "Takk, men hva med fristen?"})
        client.post(enquiry.get_absolute_url(), {"body": "Takk, men hva med fristen?"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "in_progress"
    assert EnquiryMessage.objects.filter(enquiry=enquiry, kind="from_person").count() == 1
    assert [m.to for m in mail.outbox] == [["ingrid@oslo.kommune.test"]]


@pytest.mark.django_db
def test_case_page__empty_or_over_long_reply__is_refused_with_message(client):
    enquiry = EnquiryFactory(status="answered")
    empty = client.post(enquiry.get_absolute_url(), {"body": "   "})
    assert empty.status_code == 200 and "data-error-summary" in empty.content.decode()
    long = client.post(enquiry.get_absolute_url(), {"body": "b" * 5001})
    assert "5000" in long.content.decode() and "b" * 5001 in long.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.status == "answered"


@pytest.mark.django_db
def test_enquiry__prefill_from_venue_link__sets_topic_and_venue(submit, client):
    from lokaler.models import Venue, VenueKind

    alna = Unit.objects.get(name="Bydel Alna")
    venue = Venue.objects.create(
        name="Furuset skole",
        slug="furuset-skole",
        kind=VenueKind.values[0],
        unit=alna,
        district=alna,
        street_address="Trondheimsveien 290",
        postal_code="1054",
    )
    page = client.get(FORM_URL, {"tema": "lokaler", "lokale": "furuset-skole"}).content.decode()
    assert "Furuset skole" in page
    submit(url=f"{FORM_URL}?tema=lokaler&lokale=furuset-skole", topic="premises")
    enquiry = Enquiry.objects.get()
    assert enquiry.venue == venue and enquiry.grant_scheme is None
