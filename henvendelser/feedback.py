"""Feedback from the people served: "Did you get help?" on a case, "Was this page useful?"
on a guidance article. Both are kept apart from the case text, so the figures can count
them after the case itself is anonymised."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from frivilligkontor.links import absolute_url
from frivilligkontor.mail import queue_email
from henvendelser.models import ArticleFeedback, CaseFeedback, Enquiry, GuidanceArticle

# Words in the e-mail's links (/tilbakemelding/?svar=ja); the English values work too.
ANSWER_SLUGS = {"ja": "yes", "delvis": "partly", "nei": "no"}
SLUG_FOR_ANSWER = {value: key for key, value in ANSWER_SLUGS.items()}


class FeedbackClosed(Exception):
    """The case has no answer yet, or the feedback can no longer be changed."""


def answer_from_param(value: str) -> str:
    """The answer named by a link parameter, or "" for anything unknown."""
    value = (value or "").strip().lower()
    if value in ANSWER_SLUGS:
        return ANSWER_SLUGS[value]
    return value if value in CaseFeedback.Answer.values else ""


def feedback_open(enquiry: Enquiry, *, today: date | None = None) -> bool:
    """Whether the person may give (or still change) feedback on the case now."""
    if enquiry.first_answered_at is None:
        return False
    try:
        feedback = enquiry.feedback
    except CaseFeedback.DoesNotExist:
        return True
    return feedback.is_changeable(today)


def feedback_links(enquiry: Enquiry) -> dict[str, str]:
    """Absolute links for the e-mail, one per answer; opening one only shows a button."""
    return {
        answer: absolute_url(
            "henvendelser:case_feedback",
            language=enquiry.language,
            query=f"svar={slug}",
            token=enquiry.token,
        )
        for slug, answer in ANSWER_SLUGS.items()
    }


@transaction.atomic
def give_case_feedback(
    *, enquiry: Enquiry, answer: str, comment: str = "", today: date | None = None
) -> CaseFeedback:
    """Record or change the person's answer. A new "no" is flagged to the case officer by
    e-mail (the case is not reopened). Raises FeedbackClosed when not allowed."""
    if answer not in CaseFeedback.Answer.values:
        raise ValueError(answer)
    enquiry = (
        Enquiry.objects.select_for_update(of=("self",))
        .select_related("assigned_officer")
        .get(pk=enquiry.pk)
    )
    if enquiry.first_answered_at is None:
        raise FeedbackClosed
    now = timezone.now()
    feedback = CaseFeedback.objects.filter(enquiry=enquiry).first()
    previous = feedback.answer if feedback else ""
    if feedback is None:
        feedback = CaseFeedback(enquiry=enquiry, created_at=now)
    elif not feedback.is_changeable(today):
        raise FeedbackClosed
    feedback.answer = answer
    feedback.comment = comment.strip()
    feedback.updated_at = now
    feedback.save()
    if answer == CaseFeedback.Answer.NO and previous != CaseFeedback.Answer.NO:
        officer = enquiry.assigned_officer
        admin_url = absolute_url("admin:henvendelser_enquiry_change", args=[enquiry.pk])
        queue_email(
            to=[officer.email if officer and officer.email else settings.OFFICE_EMAIL],
            template_prefix="henvendelser/email/feedback_no",
            context={"enquiry": enquiry, "feedback": feedback, "admin_url": admin_url},
            language="nb",
        )
    return feedback


@transaction.atomic
def rate_article(
    *,
    article: GuidanceArticle,
    useful: bool,
    comment: str = "",
    previous_id: Any = None,
) -> ArticleFeedback:
    """Record a reader's vote on an article. `previous_id` is the vote this browser session
    already gave on the article: it is changed instead of counting a second vote."""
    vote = None
    if previous_id is not None:
        vote = (
            ArticleFeedback.objects.select_for_update()
            .filter(pk=previous_id, article=article)
            .first()
        )
    if vote is None:
        vote = ArticleFeedback(article=article)
    vote.useful = useful
    vote.comment = comment.strip()
    vote.save()
    return vote
