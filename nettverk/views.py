import calendar
import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Min, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from frivilligkontor.choices import RecipientLanguage
from frivilligkontor.ical import calendar_response
from frivilligkontor.models import Organisation, Unit, find_by_slug
from frivilligkontor.paging import page_of, query_without_page
from frivilligkontor.shared_cache import results_for_everyone
from frivilligkontor.slugs import redirect_to_current_slugs
from frivilligkontor.throttle import FORM_LIMIT_MESSAGE, form_limit_reached
from nettverk import services
from nettverk.calendar import event_ical, feed_ical
from nettverk.forms import (
    CancelRegistrationForm,
    EventFilterForm,
    OrganisationFilterForm,
    OrganisationForm,
    RegistrationForm,
)
from nettverk.models import Event, EventKind, MeetingPlace, Registration

EVENTS_PER_PAGE = 20
ORGANISATIONS_PER_PAGE = 30
# The all-events feed: every coming event and those of the last FEED_PAST_DAYS days, so a
# subscribed calendar keeps the recent past and never loses a coming event to a row limit.
FEED_PAST_DAYS = 90


def _filtered_events(form: EventFilterForm, queryset: QuerySet) -> QuerySet:
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        queryset = queryset.matching(
            kind=data["kind"],
            district=data["district"],
            target_group=data["target_group"],
            language=data["language"],
        )
    return queryset


# What the event lists show: the events (a registration saves its event's confirmed places),
# the meeting places, the districts and venues they name. The clock moves events from the
# upcoming list to the archive: the cached results live a minute at most.
EVENT_LIST_DEPENDS_ON = (
    "nettverk.event",
    "nettverk.meetingplace",
    "frivilligkontor.unit",
    "lokaler.venue",
)


def _event_page(request: HttpRequest, *, archive: bool) -> HttpResponse:
    """A page of events; the results are the same for everyone who asks the same query
    string and are kept in the shared cache (`results_for_everyone`)."""
    form = EventFilterForm(request.GET or None)
    template = "nettverk/event_archive.html" if archive else "nettverk/event_list.html"
    results_html = results_for_everyone(
        request,
        "event-archive" if archive else "event-list",
        template + "#results",
        lambda: _event_results(request, form, archive=archive),
        depends_on=EVENT_LIST_DEPENDS_ON,
    )
    return render(request, template, {"form": form, "results_html": results_html})


def _event_results(request: HttpRequest, form: EventFilterForm, *, archive: bool) -> dict:
    events = Event.objects.published().select_related("district", "unit", "venue")
    events = events.past() if archive else events.upcoming()
    events = _filtered_events(form, events)
    kind = form.cleaned_data.get("kind", "") if form.is_bound and form.is_valid() else ""
    meeting_places: list[MeetingPlace] = []
    if not archive and kind in ("", EventKind.MEETING_PLACE):
        # A weekly meeting place is shown once, with its next date, instead of every week.
        series_ids = events.filter(series__isnull=False).values("series")
        meeting_places = list(
            MeetingPlace.objects.filter(pk__in=series_ids)
            .annotate(
                next_starts_at=Min("occurrences__starts_at", filter=Q(occurrences__in=events))
            )
            .select_related("district", "venue")
            .order_by("next_starts_at")
        )
        if not kind:
            events = events.filter(series__isnull=True)
    page = page_of(request, events, per_page=EVENTS_PER_PAGE)
    next_occurrences = {
        (event.series_id, event.starts_at): event
        for event in Event.objects.filter(
            series__in=meeting_places, starts_at__in=[m.next_starts_at for m in meeting_places]
        )
    }
    for meeting_place in meeting_places:
        meeting_place.next_event = next_occurrences.get(
            (meeting_place.pk, meeting_place.next_starts_at)
        )
    return {
        "page": page,
        "meeting_places": meeting_places,
        "query": query_without_page(request),
    }


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    return _event_page(request, archive=False)


@require_safe
def event_archive(request: HttpRequest) -> HttpResponse:
    return _event_page(request, archive=True)


# How far the month view goes from today's month, each way.
MONTHS_AROUND = 24


@dataclass
class MonthDay:
    day: datetime.date
    in_month: bool
    events: list[Event] = field(default_factory=list)


def _chosen_month(value: str | None, today: datetime.date) -> datetime.date:
    """The first day of the month asked for (?maaned=2026-12), or of this month."""
    this_month = today.replace(day=1)
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        chosen = datetime.date(year, month, 1)
    except ValueError:
        return this_month
    months_away = (chosen.year - this_month.year) * 12 + chosen.month - this_month.month
    return chosen if abs(months_away) <= MONTHS_AROUND else this_month


def _shift_month(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@require_safe
def event_month(request: HttpRequest) -> HttpResponse:
    """A month of events as a calendar table (weeks from Monday), beside the list."""
    today = timezone.localdate()
    first = _chosen_month(request.GET.get("maaned"), today)
    weeks = [
        [MonthDay(day=day, in_month=day.month == first.month) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    days = {month_day.day: month_day for week in weeks for month_day in week}
    events = list(Event.objects.published().starting_between(weeks[0][0].day, weeks[-1][-1].day))
    for event in events:
        days[timezone.localtime(event.starts_at).date()].events.append(event)
    previous_month, next_month = _shift_month(first, -1), _shift_month(first, 1)
    return render(
        request,
        "nettverk/event_month.html",
        {
            "month": first,
            "weeks": weeks,
            "weekdays": [month_day.day for month_day in weeks[0]],
            "today": today,
            "event_count": sum(
                len(month_day.events) for week in weeks for month_day in week if month_day.in_month
            ),
            "previous_month": previous_month
            if previous_month == _chosen_month(f"{previous_month:%Y-%m}", today)
            else None,
            "next_month": next_month
            if next_month == _chosen_month(f"{next_month:%Y-%m}", today)
            else None,
        },
    )


def _published_event(slug: str) -> Event:
    return find_by_slug(
        Event.objects.published().select_related("district", "unit", "series", "venue"), slug
    )


@require_http_methods(["GET", "HEAD", "POST"])
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _published_event(slug)
    if moved := redirect_to_current_slugs(request, slug=event.slug):
        return moved
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    status = 400 if request.method == "POST" else 200
    if (
        request.method == "POST"
        and form.is_valid()
        and form_limit_reached(request, form="event-registration", email=form.cleaned_data["email"])
    ):
        form.add_error(None, FORM_LIMIT_MESSAGE)
        status = 429
    elif request.method == "POST" and form.is_valid():
        try:
            result = services.register(
                event=event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                party_size=form.cleaned_data["party_size"],
                organisation_name=form.cleaned_data["organisation_name"],
                needs=form.cleaned_data["needs"],
                language=RecipientLanguage.active(),
            )
        except services.RegistrationRefused as refusal:
            form.add_error(None, refusal.message)
            event.refresh_from_db()
        else:
            # The same answer whether the address was new or already registered (then the
            # e-mail goes to that address again): the page tells a stranger nothing. The
            # secret link to see or cancel is only in the e-mail.
            messages.success(request, _registration_message(result))
            return redirect(event)
    waiting = event.registrations.waiting_in_order().count() if not event.is_past else 0
    return render(
        request,
        "nettverk/event_detail.html",
        {
            "event": event,
            "form": form,
            "waiting": waiting,
            "registration_open": event.registration_is_open(),
        },
        status=status,
    )


def _registration_message(result: services.RegistrationResult) -> str:
    if result.waiting == 0:
        return ngettext(
            "You are registered. We have sent a confirmation to your e-mail.",
            "You are registered with %(count)s places. We have sent a confirmation to your e-mail.",
            result.confirmed,
        ) % {"count": result.confirmed}
    if result.confirmed == 0:
        return ngettext(
            "The event is full, so you are on the waiting list. We e-mail you if a place becomes free.",
            "The event is full, so your %(count)s places are on the waiting list. We e-mail you if places become free.",
            result.waiting,
        ) % {"count": result.waiting}
    confirmed = ngettext(
        "Only %(count)s place was left: it is confirmed.",
        "Only %(count)s places were left: they are confirmed.",
        result.confirmed,
    ) % {"count": result.confirmed}
    waiting = ngettext(
        "%(count)s person goes on the waiting list. We e-mail you if a place becomes free.",
        "%(count)s people go on the waiting list. We e-mail you if places become free.",
        result.waiting,
    ) % {"count": result.waiting}
    return f"{confirmed} {waiting}"


def _registration_by_token(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event", "event__district", "event__venue"),
        cancel_token=token,
        anonymised_at__isnull=True,
    )


@require_safe
def registration_manage(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_by_token(token)
    return render(
        request,
        "nettverk/registration_manage.html",
        {
            "registration": registration,
            "event": registration.event,
            "waiting_position": services.waiting_position(registration),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Asks before cancelling: a GET (a link, a mail scanner, a prefetch) only shows the
    question; the registration is cancelled by posting the form on this page."""
    registration = _registration_by_token(token)
    event = registration.event
    if registration.is_cancelled or event.is_cancelled:
        return redirect(registration.get_cancel_url())
    form = CancelRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if event.is_past:
            messages.error(
                request, _("The event is over, so the registration cannot be cancelled.")
            )
        else:
            services.cancel_registration(registration=registration)
            messages.success(
                request, _("Your registration is cancelled. Thank you for letting us know.")
            )
        return redirect(registration.get_cancel_url())
    return render(
        request,
        "nettverk/registration_cancel.html",
        {"registration": registration, "event": event, "form": form},
    )


@require_safe
def event_ical_view(request: HttpRequest, slug: str) -> HttpResponse:
    event = _published_event(slug)
    if moved := redirect_to_current_slugs(request, slug=event.slug):
        return moved
    return calendar_response(
        event_ical(event, language=RecipientLanguage.active()),
        filename=f"{event.slug}.ics",
        download=True,
    )


@require_safe
def event_feed(request: HttpRequest) -> HttpResponse:
    events = (
        Event.objects.published()
        .select_related("district", "venue")
        .filter(ends_at__gte=timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS))
        .order_by("starts_at")
    )
    return calendar_response(
        feed_ical(
            events,
            name=_("Frivilligkontoret – events"),
            language=RecipientLanguage.active(),
        ),
        filename="frivilligkontoret-arrangementer.ics",
        download=True,
    )


# --- The directory of organisations -------------------------------------------------


# What the directory shows: approved organisations, their districts (a many-to-many
# change is sent by its through model) and the districts' names.
DIRECTORY_DEPENDS_ON = (
    "frivilligkontor.organisation",
    "frivilligkontor.organisation_districts",
    "frivilligkontor.unit",
)


@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The directory, a page at a time; the results are the same for everyone who asks the
    same query string and are kept in the shared cache (`results_for_everyone`)."""
    form = OrganisationFilterForm(request.GET or None)
    district = None
    if form.is_bound and form.is_valid():
        district = form.cleaned_data["district"] or None
    results_html = results_for_everyone(
        request,
        "directory",
        "nettverk/organisation_list.html#results",
        lambda: _directory_results(request, form),
        depends_on=DIRECTORY_DEPENDS_ON,
    )
    return render(
        request,
        "nettverk/organisation_list.html",
        {"form": form, "district": district, "results_html": results_html},
    )


def _directory_results(request: HttpRequest, form: OrganisationFilterForm) -> dict:
    organisations = Organisation.objects.public().prefetch_related(
        Prefetch("districts", queryset=Unit.objects.order_by("name"))
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            organisations = organisations.name_contains(data["q"])
        if data["district"]:
            organisations = organisations.in_district(data["district"])
        if data["activity_area"]:
            organisations = organisations.filter(activity_areas__contains=[data["activity_area"]])
        if data["target_group"]:
            organisations = organisations.filter(target_groups__contains=[data["target_group"]])
    page = page_of(request, organisations.order_by("name", "pk"), per_page=ORGANISATIONS_PER_PAGE)
    return {"page": page, "query": query_without_page(request)}


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = find_by_slug(
        Organisation.objects.public().prefetch_related(
            Prefetch("districts", queryset=Unit.objects.order_by("name"))
        ),
        slug,
    )
    if moved := redirect_to_current_slugs(request, slug=organisation.slug):
        return moved
    return render(request, "nettverk/organisation_detail.html", {"organisation": organisation})


def _save_organisation(request: HttpRequest, form: OrganisationForm, *, new: bool) -> bool:
    """Save through the service; on the edit link, tell whether the entry awaits approval."""
    if form_limit_reached(
        request,
        form="organisation-register" if new else "organisation-edit",
        email=form.cleaned_data.get("contact_email", ""),
    ):
        form.add_error(None, FORM_LIMIT_MESSAGE)
        return False
    organisation = form.save(commit=False)
    districts = list(form.cleaned_data["districts"])
    language = RecipientLanguage.active()
    try:
        if new:
            services.register_organisation(
                organisation=organisation, districts=districts, language=language
            )
        elif services.update_organisation(
            organisation=organisation, districts=districts, language=language
        ):
            messages.success(
                request,
                _(
                    "Your changes are saved. The entry will be public in the directory "
                    "when Frivilligkontoret has approved it."
                ),
            )
        else:
            messages.success(request, _("Your changes are saved."))
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@require_http_methods(["GET", "HEAD", "POST"])
def organisation_register(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _save_organisation(request, form, new=True):
        return redirect("nettverk:organisation_registered")
    return render(
        request,
        "nettverk/organisation_form.html",
        {"form": form, "new": True},
        status=400 if request.method == "POST" else 200,
    )


@require_safe
def organisation_registered(request: HttpRequest) -> HttpResponse:
    return render(request, "nettverk/organisation_registered.html")


@require_http_methods(["GET", "HEAD", "POST"])
def organisation_edit(request: HttpRequest, token: str) -> HttpResponse:
    organisation = Organisation.objects.filter(edit_token=token).first()
    if organisation is None:
        raise Http404
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        instance=organisation,
        initial={"districts": list(organisation.districts.all())},
        submit_label=_("Save changes"),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_organisation(request, form, new=False)
    ):
        return redirect("nettverk:organisation_edit", token=token)
    return render(
        request,
        "nettverk/organisation_form.html",
        {"form": form, "new": False, "organisation": organisation},
        status=400 if request.method == "POST" else 200,
    )


# Watched from start-up by the core (frivilligkontor.portal.watch_portal_data), so a
# change made by any process (web, worker, admin) makes these pages stale.
CACHED_PAGES_DEPEND_ON = (*EVENT_LIST_DEPENDS_ON, *DIRECTORY_DEPENDS_ON)
