"""Pages for feedback from the people served (the logic is in henvendelser.feedback)."""

import contextlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from frivilligkontor.models import find_by_slug
from frivilligkontor.throttle import over_limit
from henvendelser import feedback
from henvendelser.forms import ArticleFeedbackForm, CaseFeedbackForm
from henvendelser.models import CaseFeedback, GuidanceArticle
from henvendelser.views import HONEYPOT_FIELD, _enquiry_by_token, guidance_detail_context

SESSION_KEY = "article_feedback"
# Votes on articles from one address per hour before we stop counting them.
ARTICLE_VOTES_PER_HOUR = 30
CASE_FEEDBACK_PER_HOUR = 30


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def case_feedback(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail opens this page with the answer chosen; nothing is recorded
    until the person presses the button (a mail scanner's GET changes nothing)."""
    enquiry = _enquiry_by_token(token)
    existing = CaseFeedback.objects.filter(enquiry=enquiry).first()
    is_open = feedback.feedback_open(enquiry)
    status = 200
    if request.method == "POST" and is_open:
        form = CaseFeedbackForm(request.POST)
        if over_limit(
            request, purpose="case-feedback", limit=CASE_FEEDBACK_PER_HOUR, window_seconds=3600
        ):
            form.add_error(None, _too_many())
            status = 429
        elif form.is_valid():
            with contextlib.suppress(feedback.FeedbackClosed):
                feedback.give_case_feedback(
                    enquiry=enquiry,
                    answer=form.cleaned_data["answer"],
                    comment=form.cleaned_data["comment"],
                )
            return redirect(f"{request.path}?lagret=1")
    else:
        chosen = feedback.answer_from_param(request.GET.get("svar", ""))
        initial = {"answer": chosen or (existing.answer if existing else None)}
        if existing:
            initial["comment"] = existing.comment
        form = CaseFeedbackForm(initial=initial)
    return render(
        request,
        "henvendelser/case_feedback.html",
        {
            "enquiry": enquiry,
            "form": form,
            "existing": existing,
            "is_open": is_open,
            "saved": request.method == "GET" and request.GET.get("lagret") == "1" and existing,
        },
        status=status,
    )


def _too_many() -> str:
    return gettext(
        "We have received many answers from your network address. Please try again later."
    )


@never_cache
@require_POST
def article_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """One vote per article and browser session: voting again changes the earlier vote."""
    article = find_by_slug(GuidanceArticle.objects.published(), slug)
    form = ArticleFeedbackForm(request.POST)
    votes: dict[str, int] = request.session.get(SESSION_KEY, {})
    if request.POST.get(HONEYPOT_FIELD, "").strip():
        return redirect(f"{article.get_absolute_url()}?takk=1#nyttig")
    status = 200
    if over_limit(
        request, purpose="article-feedback", limit=ARTICLE_VOTES_PER_HOUR, window_seconds=3600
    ):
        form.add_error(None, _too_many())
        status = 429
    elif form.is_valid():
        vote = feedback.rate_article(
            article=article,
            useful=form.cleaned_data["useful"],
            comment=form.cleaned_data["comment"],
            previous_id=votes.get(str(article.pk)),
        )
        votes[str(article.pk)] = vote.pk
        request.session[SESSION_KEY] = votes
        return redirect(f"{article.get_absolute_url()}?takk=1#nyttig")
    return render(
        request,
        "henvendelser/guidance_detail.html",
        {**guidance_detail_context(article), "feedback_form": form},
        status=status,
    )
