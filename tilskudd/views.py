"""Public pages of the grant catalogue: list, scheme, calendar, iCal feeds, reminders."""

import datetime as dt
from itertools import groupby
from urllib.parse import urlencode

from django.db.models import F, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from frivilligkontor.choices import RecipientLanguage, TargetGroup
from frivilligkontor.ical import calendar_response
from frivilligkontor.models import find_by_slug
from frivilligkontor.paging import page_of, query_without_page
from frivilligkontor.shared_cache import for_everyone, results_for_everyone
from frivilligkontor.slugs import redirect_to_current_slugs
from frivilligkontor.throttle import FORM_LIMIT_MESSAGE, form_limit_reached
from tilskudd import services
from tilskudd.feeds import build_calendar, deadline_events
from tilskudd.forms import DEADLINE_WINDOW_DAYS, SchemeFilterForm, SubscriptionForm
from tilskudd.models import GrantDeadline, GrantScheme, Subscription

CALENDAR_MONTHS = 12
SCHEMES_PER_PAGE = 20
# Open data: a fixed page size, with `next` and `previous` links to walk the whole list.
JSON_PAGE_SIZE = 100


def _signup_limited(request: HttpRequest, form: SubscriptionForm) -> bool:
    """Counts this sign-up (the portal's one form limit, per address and per e-mail address);
    over the limit the form gets the polite message and keeps its values."""
    if form_limit_reached(request, form="reminder-signup", email=form.cleaned_data["email"]):
        form.add_error(None, FORM_LIMIT_MESSAGE)
        return True
    return False


def enquiry_url(scheme: GrantScheme) -> str:
    """The enquiry form prefilled with this scheme (henvendelser owns the form)."""
    query = urlencode({"tema": "tilskudd", "ordning": scheme.slug})
    return f"{reverse('henvendelser:enquiry_create')}?{query}"


# What the scheme lists show: the schemes, their deadlines, their districts (a many-to-many
# change is sent by its through model) and owners. The deadlines are described relative to
# today, and one passes with the clock: the cached results are kept per day and a minute at
# most.
SCHEME_LIST_DEPENDS_ON = (
    "tilskudd.grantscheme",
    "tilskudd.grantdeadline",
    "tilskudd.grantscheme_districts",
    "frivilligkontor.unit",
)


@require_http_methods(["GET", "HEAD"])
def scheme_list(request: HttpRequest) -> HttpResponse:
    """The schemes by next deadline, a page at a time; the results are the same for everyone
    who asks the same query string and are kept in the shared cache."""
    today = timezone.localdate()
    form = SchemeFilterForm(request.GET or None)
    target_group = ""
    if form.is_bound:
        form.is_valid()
        target_group = form.cleaned_data.get("target_group", "")
    results_html = results_for_everyone(
        request,
        "scheme-list",
        "tilskudd/scheme_list.html#results",
        lambda: _scheme_results(request, form, today),
        depends_on=SCHEME_LIST_DEPENDS_ON,
        vary=[today],
    )
    return render(
        request,
        "tilskudd/scheme_list.html",
        {
            "form": form,
            "results_html": results_html,
            "target_group": target_group,
            "target_group_label": TargetGroup(target_group).label if target_group else "",
        },
    )


def _scheme_results(request: HttpRequest, form: SchemeFilterForm, today: dt.date) -> dict:
    schemes = (
        GrantScheme.objects.listed()
        .with_next_deadline(today)
        .select_related("owner")
        .by_next_deadline()
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        schemes = schemes.matching(
            today=today,
            text=data["q"],
            target_group=data["target_group"],
            activity_area=data["activity_area"],
            district=data["district"],
            owner=data["owner"],
            open_now=data["open_now"],
            deadline_within_days=DEADLINE_WINDOW_DAYS if data["soon"] else None,
        )
    page = page_of(request, schemes, per_page=SCHEMES_PER_PAGE)
    rows = [
        {
            "scheme": scheme,
            "deadline_text": (
                services.describe_deadline(scheme.next_deadline, today)
                if scheme.next_deadline
                else ""
            ),
        }
        for scheme in page
    ]
    return {"rows": rows, "page": page, "query": query_without_page(request)}


def _scheme_or_404(slug: str) -> GrantScheme:
    return find_by_slug(
        GrantScheme.objects.select_related("owner", "responsible_editor").prefetch_related(
            "deadlines", "districts"
        ),
        slug,
    )


def _scheme_context(scheme: GrantScheme, form: SubscriptionForm | None) -> dict:
    today = timezone.localdate()
    upcoming = [
        {
            "date": occurrence,
            "deadline": deadline,
            "text": services.describe_deadline(occurrence, today),
        }
        for occurrence, deadline in scheme.upcoming_deadlines(today)
    ]
    if scheme.is_discontinued:  # deadlines left in the data must not look like open rounds
        upcoming = []
    return {
        "scheme": scheme,
        "today": today,
        "upcoming": upcoming,
        "has_rolling": scheme.has_rolling() and not scheme.is_discontinued,
        "enquiry_url": enquiry_url(scheme),
        "form": form,
        "is_past_review_date": scheme.is_past_review_date(today),
    }


def _subscribe_action(scheme: GrantScheme) -> str:
    # The fragment brings the browser back to the form (and its errors) after posting.
    return reverse("tilskudd:scheme_subscribe", kwargs={"slug": scheme.slug}) + "#reminders"


@require_http_methods(["GET", "HEAD"])
def scheme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = _scheme_or_404(slug)
    if moved := redirect_to_current_slugs(request, slug=scheme.slug):
        return moved
    form = None
    if not scheme.is_discontinued:
        form = SubscriptionForm(
            scheme=scheme,
            action=_subscribe_action(scheme),
        )
    return render(request, "tilskudd/scheme_detail.html", _scheme_context(scheme, form))


@require_http_methods(["GET", "HEAD", "POST"])
def scheme_subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    """Reminders for one scheme. The form sits on the scheme page; errors come back here."""
    scheme = _scheme_or_404(slug)
    if moved := redirect_to_current_slugs(request, slug=scheme.slug):
        return moved
    if scheme.is_discontinued:
        raise Http404
    action = _subscribe_action(scheme)
    if request.method != "POST":
        return redirect(f"{scheme.get_absolute_url()}#reminders")
    form = SubscriptionForm(request.POST, scheme=scheme, action=action)
    status = 200
    if form.is_valid() and _signup_limited(request, form):
        status = 429
    elif form.is_valid():
        services.subscribe(
            email=form.cleaned_data["email"],
            scheme=scheme,
            days_before=form.cleaned_data["days_before"],
            language=RecipientLanguage.active(),
        )
        return redirect("tilskudd:subscription_sent")
    return render(
        request, "tilskudd/scheme_detail.html", _scheme_context(scheme, form), status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
def group_subscribe(request: HttpRequest) -> HttpResponse:
    """Reminders for every scheme for a target group."""
    action = reverse("tilskudd:group_subscribe")
    status = 200
    if request.method == "POST":
        form = SubscriptionForm(request.POST, action=action)
        if form.is_valid() and _signup_limited(request, form):
            status = 429
        elif form.is_valid():
            services.subscribe(
                email=form.cleaned_data["email"],
                target_group=form.cleaned_data["target_group"],
                days_before=form.cleaned_data["days_before"],
                language=RecipientLanguage.active(),
            )
            return redirect("tilskudd:subscription_sent")
    else:
        initial = {}
        if request.GET.get("target_group") in TargetGroup.values:
            initial["target_group"] = request.GET["target_group"]
        form = SubscriptionForm(initial=initial, action=action)
    return render(request, "tilskudd/group_subscribe.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD"])
def subscription_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "tilskudd/subscription_sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation e-mail. GET shows a button, so mail scanners that open
    every link confirm nothing; the person's POST confirms. Confirming twice is harmless."""
    subscription = get_object_or_404(Subscription.objects.select_related("scheme"), token=token)
    if request.method == "POST":
        subscription.confirm()
    return render(
        request,
        "tilskudd/subscription_confirmed.html",
        {"subscription": subscription, "done": subscription.is_active},
    )


@csrf_exempt  # the secret token is the authorisation; mail clients POST without a CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def subscription_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link scanners only GET); POST unsubscribes, also RFC 8058 one-click."""
    subscription = get_object_or_404(Subscription.objects.select_related("scheme"), token=token)
    done = False
    if request.method == "POST":
        subscription.unsubscribe()
        done = True
    return render(
        request,
        "tilskudd/subscription_unsubscribe.html",
        {"subscription": subscription, "done": done or subscription.unsubscribed_at is not None},
    )


@require_http_methods(["GET", "HEAD"])
def deadline_calendar(request: HttpRequest) -> HttpResponse:
    """Every coming deadline, month by month for a year, plus the rolling schemes."""
    today = timezone.localdate()
    end = _add_months(today.replace(day=1), CALENDAR_MONTHS)
    schemes = (
        GrantScheme.objects.filter(status=GrantScheme.Status.ACTIVE)
        .select_related("owner")
        .prefetch_related(Prefetch("deadlines", queryset=GrantDeadline.objects.all()))
        .order_by("name")
    )
    schemes = list(schemes)
    events = [
        {
            "scheme": scheme,
            "deadline": deadline,
            "date": occurrence,
            "text": services.describe_deadline(occurrence, today),
        }
        for scheme, deadline, occurrence in deadline_events(schemes, today=today)
        if occurrence < end
    ]
    months = []
    month_start = today.replace(day=1)
    for _index in range(CALENDAR_MONTHS):
        months.append({"start": month_start, "events": []})
        month_start = _add_months(month_start, 1)
    by_month = {
        key: list(items)
        for key, items in groupby(events, key=lambda e: (e["date"].year, e["date"].month))
    }
    for month in months:
        month["events"] = by_month.get((month["start"].year, month["start"].month), [])
    rolling = [scheme for scheme in schemes if scheme.has_rolling()]
    return render(
        request,
        "tilskudd/calendar.html",
        {"months": months, "rolling": rolling, "today": today},
    )


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    return day.replace(year=day.year + month_index // 12, month=month_index % 12 + 1)


@require_http_methods(["GET", "HEAD"])
def scheme_list_json(request: HttpRequest) -> HttpResponse:
    """Open data: every listed scheme with its next deadline, for reuse by others, a page
    of JSON_PAGE_SIZE at a time (`count`, and `next`/`previous` as absolute links or null).
    The same for everyone who asks the same address: kept in the shared cache as JSON."""
    today = timezone.localdate()
    content = for_everyone(
        "scheme-list-json",
        lambda: _scheme_list_json(request, today),
        depends_on=SCHEME_LIST_DEPENDS_ON,
        vary=[request.build_absolute_uri(), today],
    )
    response = HttpResponse(content, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _scheme_list_json(request: HttpRequest, today: dt.date) -> bytes:
    schemes = (
        GrantScheme.objects.listed()
        .with_next_deadline(today)
        .select_related("owner")
        .by_next_deadline()
        .order_by(F("next_deadline").asc(nulls_last=True), "-has_rolling_deadline", "name", "pk")
    )
    page = page_of(request, schemes, per_page=JSON_PAGE_SIZE)

    def link(number: int) -> str:
        return request.build_absolute_uri(f"{reverse('tilskudd:scheme_list_json')}?page={number}")

    data = [
        {
            "name": scheme.name,
            "url": request.build_absolute_uri(scheme.get_absolute_url()),
            "owner": scheme.owner.name,
            "status": scheme.status,
            "summary": scheme.summary,
            "target_groups": scheme.target_groups,
            "activity_areas": scheme.activity_areas,
            "next_deadline": scheme.next_deadline.isoformat() if scheme.next_deadline else None,
            "rolling_deadline": scheme.has_rolling_deadline,
            "amount_min": scheme.amount_min,
            "amount_max": scheme.amount_max,
            "application_url": scheme.application_url,
            "last_checked_on": scheme.last_checked_on.isoformat(),
            "is_example": scheme.is_example,
        }
        for scheme in page
    ]
    return JsonResponse(
        {
            "count": page.paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "schemes": data,
        },
        json_dumps_params={"ensure_ascii": False},
    ).content


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest) -> HttpResponse:
    schemes = (
        GrantScheme.objects.filter(status=GrantScheme.Status.ACTIVE)
        .select_related("owner")
        .prefetch_related("deadlines")
    )
    content = build_calendar(schemes, name=gettext("Grant deadlines – Oslo kommune"))
    return calendar_response(content, filename="tilskuddsfrister.ics")


@require_http_methods(["GET", "HEAD"])
def scheme_feed(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = _scheme_or_404(slug)
    if moved := redirect_to_current_slugs(request, slug=scheme.slug):
        return moved
    schemes = [] if scheme.is_discontinued else [scheme]
    content = build_calendar(schemes, name=scheme.name)
    return calendar_response(content, filename=f"{scheme.slug}.ics")


# Watched from start-up by the core (frivilligkontor.portal.watch_portal_data), so a
# change made by any process (web, worker, admin) makes these pages stale.
CACHED_PAGES_DEPEND_ON = SCHEME_LIST_DEPENDS_ON
