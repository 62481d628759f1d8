"""Feedback from the people served: "Did you get help?" on cases, "Was this page useful?"
on guidance articles, and what staff see of both."""

from datetime import timedelta

import pytest
from django.utils import timezone

from frivilligkontor.models import Roles
from henvendelser import services
from henvendelser.feedback import FeedbackClosed, give_case_feedback
from henvendelser.models import ArticleFeedback, CaseFeedback, Enquiry
from tests.henvendelser.factories import EnquiryFactory, GuidanceArticleFactory

pytestmark = pytest.mark.django_db


def _answered(**kwargs):
    return EnquiryFactory(
        status=Enquiry.Status.ANSWERED, first_answered_at=timezone.now(), **kwargs
    )


def _feedback_url(enquiry):
    return f"/henvendelser/sak/{enquiry.token}/tilbakemelding/"


def test_reply_email__answered__has_one_click_links_for_yes_partly_no(
    mailoutbox, make_staff, django_capture_on_commit_callbacks
):
    officer = make_staff(Roles.CASE_OFFICERS)
    enquiry = EnquiryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(enquiry=enquiry, officer=officer, body="Her er svaret.")
    body = mailoutbox[-1].body
    assert "Fikk du hjelp med det du lurte på?" in body
    for slug in ("ja", "delvis", "nei"):
        assert f"{_feedback_url(enquiry)}?svar={slug}" in body


def test_reply_email__waiting_for_the_person__asks_no_feedback(
    mailoutbox, make_staff, django_capture_on_commit_callbacks
):
    officer = make_staff(Roles.CASE_OFFICERS)
    enquiry = EnquiryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(
            enquiry=enquiry, officer=officer, body="Vi trenger mer.", then_status="waiting"
        )
    assert "tilbakemelding" not in mailoutbox[-1].body


def test_feedback_link__get_as_mail_scanner__records_nothing_and_shows_button(client):
    enquiry = _answered()
    response = client.get(_feedback_url(enquiry) + "?svar=ja")
    assert response.status_code == 200
    assert not CaseFeedback.objects.exists()
    html = response.content.decode()
    assert (
        'value="yes" checked' in html
        or 'checked value="yes"' in html
        or ('value="yes"' in html and "checked" in html)
    )
    assert "Send svaret mitt" in html


def test_feedback__confirm__recorded_once_and_changeable(client):
    enquiry = _answered()
    response = client.post(_feedback_url(enquiry), {"answer": "yes", "comment": " Takk! "})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert "Takk! Vi har registrert svaret ditt: Ja." in response.content.decode()
    client.post(_feedback_url(enquiry), {"answer": "partly", "comment": ""})
    feedback = CaseFeedback.objects.get()
    assert (feedback.answer, feedback.comment) == ("partly", "")


def test_feedback__no__flags_the_case_officer_without_reopening(
    client, mailoutbox, make_staff, django_capture_on_commit_callbacks
):
    officer = make_staff(Roles.CASE_OFFICERS, email="saksbehandler@oslo.test")
    enquiry = _answered(assigned_officer=officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_feedback_url(enquiry), {"answer": "no", "comment": "Fikk ikke svar på alt."})
    flagged = [mail for mail in mailoutbox if mail.to == ["saksbehandler@oslo.test"]]
    assert len(flagged) == 1
    assert enquiry.reference in flagged[0].subject
    assert "Fikk ikke svar på alt." in flagged[0].body
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.ANSWERED
    # Sending "no" again does not flag a second time.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_feedback_url(enquiry), {"answer": "no", "comment": ""})
    assert len([mail for mail in mailoutbox if mail.to == ["saksbehandler@oslo.test"]]) == 1


def test_feedback__after_30_days__can_no_longer_be_changed():
    enquiry = _answered()
    feedback = give_case_feedback(enquiry=enquiry, answer="yes")
    feedback.created_at = timezone.now() - timedelta(days=31)
    feedback.save()
    with pytest.raises(FeedbackClosed):
        give_case_feedback(enquiry=enquiry, answer="no")
    assert CaseFeedback.objects.get().answer == "yes"


def test_feedback__case_not_answered__is_not_offered_or_recorded(client):
    enquiry = EnquiryFactory()
    response = client.post(_feedback_url(enquiry), {"answer": "yes"})
    assert response.status_code == 200
    assert "når vi har svart" in response.content.decode()
    assert not CaseFeedback.objects.exists()


def test_feedback__no_answer_chosen__message_beside_field_and_comment_kept(client):
    enquiry = _answered()
    response = client.post(_feedback_url(enquiry), {"comment": "Mitt innspill"})
    html = response.content.decode()
    assert "Velg ja, delvis eller nei." in html
    assert "Mitt innspill" in html
    assert not CaseFeedback.objects.exists()


def test_case_page__answered__asks_the_question(client):
    enquiry = _answered()
    html = client.get(enquiry.get_absolute_url()).content.decode()
    assert "Fikk du hjelp med det du lurte på?" in html


def test_article_vote__one_per_session__a_second_vote_changes_the_first(client):
    article = GuidanceArticleFactory()
    url = f"/veiledning/{article.slug}/nyttig/"
    response = client.post(url, {"useful": "no", "comment": "Mangler eksempel"})
    assert response.status_code == 302
    assert "takk=1" in response["Location"]
    client.post(url, {"useful": "yes"})
    vote = ArticleFeedback.objects.get()
    assert vote.useful is True
    # A new browser session counts as a new vote.
    client.cookies.clear()
    client.post(url, {"useful": "no"})
    assert ArticleFeedback.objects.count() == 2


def test_article_vote__stores_no_personal_data():
    field_names = {field.name for field in ArticleFeedback._meta.get_fields()}
    assert field_names == {"id", "article", "useful", "comment", "created_at"}


def test_article_vote__honeypot__is_not_counted(client):
    article = GuidanceArticleFactory()
    client.post(f"/veiledning/{article.slug}/nyttig/", {"useful": "yes", "website": "spam"})
    assert not ArticleFeedback.objects.exists()


def test_article_vote__flood_from_one_address__is_limited(client, settings):
    article = GuidanceArticleFactory()
    url = f"/veiledning/{article.slug}/nyttig/"
    for _ in range(30):
        client.cookies.clear()
        assert client.post(url, {"useful": "yes"}).status_code == 302
    client.cookies.clear()
    response = client.post(url, {"useful": "yes"})
    assert response.status_code == 429
    assert ArticleFeedback.objects.count() == 30


def test_article_vote__nothing_chosen__error_shown_on_the_article(client):
    article = GuidanceArticleFactory()
    response = client.post(f"/veiledning/{article.slug}/nyttig/", {"comment": "Hm"})
    assert response.status_code == 200
    assert "Velg ja eller nei." in response.content.decode()


def test_staff__see_case_feedback_and_article_feedback(client, make_staff):
    officer = make_staff(Roles.CASE_OFFICERS)
    enquiry = _answered(assigned_officer=officer)
    give_case_feedback(enquiry=enquiry, answer="no", comment="Uklart svar")
    article = GuidanceArticleFactory()
    ArticleFeedback.objects.create(article=article, useful=False, comment="For lang tekst")
    client.force_login(officer)
    html = client.get(f"/admin/henvendelser/enquiry/{enquiry.pk}/change/").content.decode()
    assert "Tilbakemelding fra personen: Nei" in html
    assert "Uklart svar" in html
    listing = client.get(
        "/admin/henvendelser/enquiry/?status=all&tilbakemelding=no"
    ).content.decode()
    assert enquiry.reference in listing
    html = client.get(f"/admin/henvendelser/guidancearticle/{article.pk}/change/").content.decode()
    assert "For lang tekst" in html


def test_anonymising_a_case__removes_the_feedback_comment_keeps_the_answer():
    enquiry = _answered()
    give_case_feedback(enquiry=enquiry, answer="partly", comment="Jeg heter Kari")
    Enquiry.objects.filter(pk=enquiry.pk).update(
        received_at=timezone.now() - timedelta(days=400),
        first_answered_at=timezone.now() - timedelta(days=399),
    )
    services.anonymise_old_enquiries()
    feedback = CaseFeedback.objects.get()
    assert (feedback.answer, feedback.comment) == ("partly", "")
