import uuid
from contextlib import suppress

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from frivilligkontor.choices import RecipientLanguage
from frivilligkontor.models import find_by_slug
from frivilligkontor.paging import page_of, query_without_page
from frivilligkontor.shared_cache import results_for_everyone
from frivilligkontor.slugs import redirect_to_current_slugs
from frivilligkontor.throttle import FORM_LIMIT_MESSAGE, form_limit_reached
from henvendelser import services
from henvendelser.feedback import feedback_open
from henvendelser.forms import (
    ArticleFeedbackForm,
    CaseFeedbackForm,
    EnquiryForm,
    PersonReplyForm,
)
from henvendelser.models import (
    Enquiry,
    EnquiryMessage,
    GuidanceArticle,
    Topic,
    topic_from_param,
)
from henvendelser.search import search_articles, suggestions

QUERY_MAX_LENGTH = 200
SUGGESTION_TEXT_MAX_LENGTH = 2000
HONEYPOT_FIELD = "website"


ARTICLES_PER_PAGE = 20
# What the guidance list shows: the published articles.
GUIDANCE_LIST_DEPENDS_ON = ("henvendelser.guidancearticle",)


@require_safe
def guidance_list(request: HttpRequest) -> HttpResponse:
    """The articles, a page at a time; the results are the same for everyone who asks the
    same query string and are kept in the shared cache (`results_for_everyone`)."""
    query = " ".join(request.GET.get("q", "").split())[:QUERY_MAX_LENGTH]
    topic = topic_from_param(request.GET.get("tema", ""))
    results_html = results_for_everyone(
        request,
        "guidance-list",
        "henvendelser/guidance_list.html#results",
        lambda: _guidance_results(request, query, topic),
        depends_on=GUIDANCE_LIST_DEPENDS_ON,
    )
    return render(
        request,
        "henvendelser/guidance_list.html",
        {"query": query, "topic": topic, "topics": Topic.choices, "results_html": results_html},
    )


def _guidance_results(request: HttpRequest, query: str, topic: str) -> dict:
    if query:
        articles = search_articles(query, topic=topic)
    else:
        articles = (
            GuidanceArticle.objects.published().on_topic(topic).order_by("topic", "title_nb", "pk")
        )
    page = page_of(request, articles, per_page=ARTICLES_PER_PAGE)
    return {
        "query": query,
        "articles": page.object_list,
        "page": page,
        "query_string": query_without_page(request),
    }


@require_safe
def guidance_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = find_by_slug(
        GuidanceArticle.objects.published().select_related("responsible_editor"), slug
    )
    if moved := redirect_to_current_slugs(request, slug=article.slug):
        return moved
    return render(
        request,
        "henvendelser/guidance_detail.html",
        {
            **guidance_detail_context(article),
            "feedback_form": ArticleFeedbackForm(),
            "feedback_thanks": request.GET.get("takk") == "1",
        },
    )


def guidance_detail_context(article: GuidanceArticle) -> dict:
    related = (
        GuidanceArticle.objects.published()
        .on_topic(article.topic)
        .exclude(pk=article.pk)
        .order_by("title_nb")[:4]
    )
    return {"article": article, "related": related, "topic_param": article.topic}


@require_safe
def guidance_suggestions(request: HttpRequest) -> HttpResponse:
    """An HTML fragment of suggested articles, fetched by the form's script as people type."""
    topic = topic_from_param(request.GET.get("tema", ""))
    text = request.GET.get("q", "")[:SUGGESTION_TEXT_MAX_LENGTH]
    return render(
        request,
        "henvendelser/enquiry_create.html#suggestions",
        {"suggested": suggestions(topic=topic, text=text), "topic": topic},
    )


def _prefill(request: HttpRequest) -> tuple[dict, dict]:
    """Initial values from a link: ?tema=tilskudd&ordning=<slug> or ?tema=lokaler&lokale=<slug>.

    Unknown topics and slugs are ignored. Returns (initial form values, linked objects).
    """
    from lokaler.models import Venue
    from tilskudd.models import GrantScheme

    initial: dict = {"language": RecipientLanguage.active()}
    links: dict = {}
    topic = topic_from_param(request.GET.get("tema", ""))
    if topic:
        initial["topic"] = topic
    scheme_slug = request.GET.get("ordning", "")[:200]
    if scheme_slug:
        with suppress(Http404):  # an old slug still finds its scheme
            links["grant_scheme"] = find_by_slug(GrantScheme.objects.all(), scheme_slug)
            initial["topic"] = Topic.GRANTS
    venue_slug = request.GET.get("lokale", "")[:200]
    if venue_slug:
        with suppress(Http404):
            links["venue"] = find_by_slug(Venue.objects.all(), venue_slug)
            initial["topic"] = initial.get("topic") or Topic.PREMISES
    return initial, links


def _form_context(
    form: EnquiryForm, *, links: dict, submission_key: str, topic: str, text: str
) -> dict:
    return {
        "form": form,
        "links": links,
        "submission_key": submission_key,
        "suggested": suggestions(topic=topic, text=text),
        "topic": topic,
        "honeypot_field": HONEYPOT_FIELD,
    }


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def enquiry_create(request: HttpRequest) -> HttpResponse:
    initial, links = _prefill(request)
    if request.method == "GET":
        form = EnquiryForm(initial=initial)
        return render(
            request,
            "henvendelser/enquiry_create.html",
            _form_context(
                form,
                links=links,
                submission_key=str(uuid.uuid4()),
                topic=initial.get("topic", ""),
                text="",
            ),
        )

    try:
        submission_key = str(uuid.UUID(request.POST.get("submission_key", "")))
    except ValueError:
        submission_key = str(uuid.uuid4())
    topic = topic_from_param(request.POST.get("topic", ""))
    text = request.POST.get("message", "")[:SUGGESTION_TEXT_MAX_LENGTH]

    if "suggest" in request.POST:
        # "Show guidance for my question" without JavaScript: show the form again with
        # suggestions, keeping what was typed and showing no errors yet.
        form = EnquiryForm(initial={**initial, **request.POST.dict()})
        return render(
            request,
            "henvendelser/enquiry_create.html",
            _form_context(form, links=links, submission_key=submission_key, topic=topic, text=text),
        )

    if request.POST.get(HONEYPOT_FIELD, "").strip():
        return render(request, "henvendelser/enquiry_refused.html", {"reason": "honeypot"})

    form = EnquiryForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "henvendelser/enquiry_create.html",
            _form_context(form, links=links, submission_key=submission_key, topic=topic, text=text),
        )
    if form_limit_reached(request, form="enquiry", email=form.cleaned_data["email"]):
        form.add_error(None, FORM_LIMIT_MESSAGE)
        return render(
            request,
            "henvendelser/enquiry_create.html",
            _form_context(form, links=links, submission_key=submission_key, topic=topic, text=text),
            status=429,
        )
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
    fields.update(links)
    # The service is the one place for the double-submit rule.
    enquiry, _created = services.submit_enquiry(fields=fields, submission_key=submission_key)
    return redirect("henvendelser:enquiry_receipt", token=enquiry.token)


def _enquiry_by_token(token: str) -> Enquiry:
    if len(token) > 64:
        raise Http404
    return get_object_or_404(
        Enquiry.objects.select_related("grant_scheme", "venue", "district", "feedback"),
        token=token,
    )


@never_cache
@require_safe
def enquiry_receipt(request: HttpRequest, token: str) -> HttpResponse:
    enquiry = _enquiry_by_token(token)
    return render(request, "henvendelser/enquiry_receipt.html", {"enquiry": enquiry})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def case_detail(request: HttpRequest, token: str) -> HttpResponse:
    enquiry = _enquiry_by_token(token)
    if request.method == "POST":
        form = PersonReplyForm(request.POST)
        if form.is_valid():
            services.person_replies(enquiry=enquiry, body=form.cleaned_data["body"])
            return redirect(f"{enquiry.get_absolute_url()}?sendt=1#svar")
    else:
        form = PersonReplyForm()
    thread = EnquiryMessage.objects.filter(enquiry=enquiry).exclude(kind=EnquiryMessage.Kind.NOTE)
    return render(
        request,
        "henvendelser/case_detail.html",
        {
            "enquiry": enquiry,
            "thread": thread,
            "form": form,
            "sent": request.GET.get("sendt") == "1" and request.method == "GET",
            "feedback_open": feedback_open(enquiry),
            "feedback_form": CaseFeedbackForm(),
        },
    )


# Watched from start-up by the core (frivilligkontor.portal.watch_portal_data), so a
# change made by any process (web, worker, admin) makes these pages stale.
CACHED_PAGES_DEPEND_ON = GUIDANCE_LIST_DEPENDS_ON
