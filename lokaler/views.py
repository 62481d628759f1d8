"""Public pages: find a room, see a venue's week, ask to borrow, follow and cancel."""

from datetime import date, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from frivilligkontor.choices import RecipientLanguage
from frivilligkontor.ical import calendar_response
from frivilligkontor.models import find_by_slug
from frivilligkontor.paging import page_of, query_without_page
from frivilligkontor.shared_cache import for_everyone
from frivilligkontor.slugs import redirect_to_current_slugs
from frivilligkontor.throttle import FORM_LIMIT_MESSAGE, form_limit_reached
from lokaler.availability import (
    free_rooms,
    local_datetime,
    opening_hours,
    prefetch_lending_hours,
    week_fingerprint,
    week_grid,
    week_monday,
)
from lokaler.calendar import request_ical, venue_ical
from lokaler.figures import note_unmet_search
from lokaler.forms import BookingRequestForm, VenueSearchForm, parse_chosen_days
from lokaler.lending_rules import Borrower
from lokaler.models import (
    BookingOccurrence,
    BookingRequest,
    Room,
    SeasonRound,
    Venue,
    occupancy_fingerprint,
)
from lokaler.pricing import booking_price
from lokaler.services import (
    BookingError,
    PlannedTime,
    PlanStatus,
    cancel_booking,
    plan_request,
    submit_booking_request,
)

# Venues per page of the venue list (each with its matching rooms); the map shows these.
VENUES_PER_PAGE = 20


# What the cached public pages (the venue list and search, the venue page) show: the venues
# and rooms themselves, the districts they are in, the lending hours and the season rounds.
# A booking is not here: a free-time search is kept per span's bookings and a venue page per
# week's times instead (see `venue_list`, `venue_detail`), so a booking on one evening does
# not throw away every other evening's results.
PAGES_DEPEND_ON = (
    "lokaler.venue",
    "lokaler.room",
    "frivilligkontor.unit",
    "lokaler.lendingwindow",
    "lokaler.weeklyhours",
    "lokaler.windowexception",
    # A season round holds its venues' rooms from single requests in its term.
    "lokaler.seasonround",
    "lokaler.seasonround_venues",
)


@require_safe
def venue_list(request: HttpRequest) -> HttpResponse:
    """Venues with the rooms that match the filters, a page of venues at a time.

    The database chooses the page (filters, free time and order included) before any room
    is loaded, and only the rooms of the page's venues are read and checked: the page's
    work and size stay the same however many venues and bookings the city has.

    The results (heading, list and page links) are the same for everyone who asks the same
    query string, so they are kept in the shared cache as HTML until a venue, room, district
    or lending hour changes. A free-time search is also kept per what the span's bookings
    are (`occupancy_fingerprint`: one index lookup), so a new or cancelled booking that
    evening shows on the next request, and a booking on another evening keeps this one."""
    form = VenueSearchForm(request.GET or None)
    valid = form.is_bound and form.is_valid()
    free_span = None
    if valid and form.cleaned_data["day"]:
        data = form.cleaned_data
        free_span = (data["day"], data["start_time"], data["end_time"])
    vary: list[object] = [request.GET.urlencode()]
    if free_span is not None:
        vary.append(occupancy_fingerprint(*free_span))
    found = for_everyone(
        "venue-results",
        lambda: _venue_results(request, form, free_span),
        depends_on=PAGES_DEPEND_ON,
        vary=vary,
        timeout=300,
    )
    if free_span is not None and not found["room_count"]:
        note_unmet_search(request, day=free_span[0], start=free_span[1], end=free_span[2],
                          district=form.cleaned_data["district"])  # fmt: skip
    return render(
        request,
        "lokaler/venue_list.html",
        {
            "form": form,
            "results_html": found["html"],
            "searched": valid,
            "map_tiles": settings.MAP_TILE_URL,
            "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


def _venue_results(request: HttpRequest, form: VenueSearchForm, free_span: tuple | None) -> dict:
    """The results of the search as HTML, with the number of rooms found."""
    rooms = Room.objects.bookable()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        rooms = rooms.matching(
            district=data["district"],
            venue_kind=data["venue_kind"],
            room_kind=data["room_kind"],
            capacity=data["capacity"],
            facilities=data["facilities"],
            accessibility=data["accessibility"],
            free_for_youth=data["free_for_youth"],
        )
        if free_span is not None:
            rooms = rooms.free_between(*free_span)
    totals = rooms.aggregate(rooms=Count("pk"), venues=Count("venue_id", distinct=True))
    venues = (
        Venue.objects.filter(pk__in=rooms.values("venue_id"))
        .select_related("district")
        .order_by("district__district_number", "name", "pk")
    )
    if free_span is not None:
        venues = venues.prefetch_related(*prefetch_lending_hours())
    page = page_of(request, venues, per_page=VENUES_PER_PAGE, count=totals["venues"])
    page_venues = {venue.pk: venue for venue in page}
    room_list = list(
        rooms.filter(venue__in=list(page_venues)).select_related("parent").order_by("name", "pk")
    )
    for room in room_list:
        room.venue = page_venues[room.venue_id]
    if free_span is not None:
        room_list = free_rooms(room_list, *free_span)
    rooms_by_venue: dict[int, list[Room]] = {}
    for room in room_list:
        rooms_by_venue.setdefault(room.venue_id, []).append(room)
    results = [
        (venue, rooms_by_venue[pk]) for pk, venue in page_venues.items() if pk in rooms_by_venue
    ]
    book_query = ""
    if free_span is not None:
        day, start, end = free_span
        book_query = f"?first_date={day:%Y-%m-%d}&start_time={start:%H:%M}&end_time={end:%H:%M}"
    html = render_to_string(
        "lokaler/venue_list.html#results",
        {
            "results": results,
            "room_count": totals["rooms"],
            "page": page,
            "query": query_without_page(request),
            "free_span": free_span,
            "book_query": book_query,
            "map_tiles": settings.MAP_TILE_URL,
            "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )
    return {"room_count": totals["rooms"], "html": html}


# What the venue page shows besides its bookings: the venue, its rooms, its unit and
# district, its lending hours and exceptions, and the season rounds that name it.


@require_safe
def venue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The venue, its rooms and a week of free, requested and booked times.

    The page's content is the same for everyone who asks for the same week: it is kept in
    the shared cache per venue, week and day, and per what the week's requested and approved
    times of the venue's rooms are (`week_fingerprint`, one lookup), so a request, decision
    or cancellation shows on the next request and a booking in another week keeps it."""
    venue = find_by_slug(Venue.objects.public().select_related("unit", "district"), slug)
    if moved := redirect_to_current_slugs(request, slug=venue.slug):
        return moved
    today = timezone.localdate()
    monday = week_monday(request.GET.get("uke"), today=today)
    week_start = local_datetime(monday, time(0))
    week_end = local_datetime(monday + timedelta(days=7), time(0))
    body_html = for_everyone(
        "venue-page",
        lambda: render_to_string(
            "lokaler/venue_detail.html#body", _venue_page_context(venue, monday, today)
        ),
        depends_on=PAGES_DEPEND_ON,
        vary=[venue.pk, monday, today, week_fingerprint(venue.pk, week_start, week_end)],
        timeout=300,
    )
    return render(request, "lokaler/venue_detail.html", {"venue": venue, "body_html": body_html})


def _venue_page_context(venue: Venue, monday: date, today: date) -> dict:
    prefetch_related_objects(
        [venue],
        *prefetch_lending_hours(),
        Prefetch("rooms", queryset=Room.objects.bookable().select_related("parent")),
    )
    rooms = list(venue.rooms.all())
    return {
        "venue": venue,
        "rooms": rooms,
        "week": week_grid(venue, rooms, monday, today=today),
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "this_week": today - timedelta(days=today.weekday()),
        "previous_week": monday - timedelta(days=7),
        "next_week": monday + timedelta(days=7),
        "windows": venue.lending_windows.all(),
        "exceptions": [e for e in venue.window_exceptions.all() if e.ends_on >= today],
        "season_rounds": list(SeasonRound.objects.undecided_for_venue(venue, today)),
    }


@require_safe
def venue_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Booked times of the venue's rooms as iCalendar, without borrowers' names."""
    venue = find_by_slug(Venue.objects.public(), slug)
    if moved := redirect_to_current_slugs(request, slug=venue.slug):
        return moved
    return calendar_response(venue_ical(venue), filename=f"{venue.slug}.ics")


@require_http_methods(["GET", "HEAD", "POST"])
def booking_request_create(request: HttpRequest, slug: str, room_slug: str) -> HttpResponse:
    room = find_by_slug(
        Room.objects.bookable()
        .select_related("venue")
        .filter(venue=find_by_slug(Venue.objects.all(), slug)),
        room_slug,
    )
    if moved := redirect_to_current_slugs(request, slug=room.venue.slug, room_slug=room.slug):
        return moved
    venue = Venue.objects.prefetch_related(*prefetch_lending_hours()).get(pk=room.venue_id)
    if request.method == "POST":
        form = BookingRequestForm(request.POST, room=room, venue=venue)
    else:
        initial = {
            key: request.GET[key]
            for key in ("first_date", "start_time", "end_time")
            if request.GET.get(key)
        }
        form = BookingRequestForm(initial=initial, room=room, venue=venue)
    plan = None
    chosen: set[date] = set()
    dropped: list[PlannedTime] = []
    send_error = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        details = form.details()
        plan = plan_request(room=room, venue=venue, details=details)
        if "send" in request.POST and form_limit_reached(
            request, form="booking-request", email=details.contact_email
        ):
            chosen = set(parse_chosen_days(request.POST.getlist("times")))
            send_error = str(FORM_LIMIT_MESSAGE)
            status = 429
        elif "send" in request.POST:
            chosen = set(parse_chosen_days(request.POST.getlist("times")))
            try:
                booking = submit_booking_request(
                    room=room,
                    details=details,
                    chosen_days=chosen,
                    language=RecipientLanguage.active(),
                )
            except BookingError as error:
                send_error = str(error)
            else:
                messages.success(
                    request,
                    _("Thank you. Your request is sent, and we have e-mailed you a receipt."),
                )
                return redirect(booking)
        elif "drop" in request.POST:
            # The dropped times leave the list and are named above it, so it is plain
            # what was dropped and what is left to send.
            dropped = [planned for planned in plan if not planned.can_be_requested]
            plan = [planned for planned in plan if planned.can_be_requested]
            chosen = {planned.day for planned in plan}
        else:
            chosen = {planned.day for planned in plan}
    clashes = [p for p in plan or [] if p.status == PlanStatus.UNAVAILABLE]
    price = None
    if plan:
        details = form.details()
        price = booking_price(
            room=room,
            venue=venue,
            borrower=Borrower.of(details),
            days=[p.day for p in plan if p.can_be_requested],
            start=details.start_time,
            end=details.end_time,
        )
    return render(
        request,
        "lokaler/booking_request_form.html",
        {
            "room": room,
            "venue": venue,
            "form": form,
            "plan": plan,
            "step": 1 if plan is None else 2,
            "chosen": chosen,
            "dropped": dropped,
            "clashes": clashes,
            "chosen_clashes": [p for p in clashes if p.day in chosen],
            "send_error": send_error,
            "price": price,
            "today_hours": opening_hours(venue, timezone.localdate()),
        },
        status=status,
    )


def _booking_by_token(token: str) -> BookingRequest:
    try:
        return BookingRequest.objects.select_related("room", "room__venue__unit").get(token=token)
    except BookingRequest.DoesNotExist as error:
        raise Http404 from error


@require_http_methods(["GET", "HEAD", "POST"])
def request_detail(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_by_token(token)
    if request.method == "POST":
        ids = [value for value in request.POST.getlist("occurrences") if value.isdigit()]
        selection = None
        if "cancel_selected" in request.POST:
            selection = list(booking.occurrences.filter(pk__in=ids))
        try:
            if selection is not None and not selection:
                raise BookingError(_("Choose the times you want to cancel."))
            if form_limit_reached(request, form="booking-cancel", email=booking.contact_email):
                raise BookingError(FORM_LIMIT_MESSAGE)
            cancelled = cancel_booking(request=booking, occurrences=selection)
        except BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(count)s time(s) cancelled. We have sent you an e-mail.")
                % {"count": len(cancelled)},
            )
        return redirect(booking)
    occurrences = list(booking.occurrences.all())
    now = timezone.now()
    cancellable = {
        occurrence.pk
        for occurrence in occurrences
        if occurrence.status
        in (BookingOccurrence.Status.REQUESTED, BookingOccurrence.Status.APPROVED)
        and occurrence.during.lower > now
    }
    return render(
        request,
        "lokaler/request_detail.html",
        {
            "booking": booking,
            "occurrences": occurrences,
            "cancellable": cancellable,
            "has_approved": any(o.status == BookingOccurrence.Status.APPROVED for o in occurrences),
            # The promise holds while a time still waits for the owner's decision.
            "answer_due": booking.answer_due_on()
            if any(o.status == BookingOccurrence.Status.REQUESTED for o in occurrences)
            else None,
        },
    )


@require_safe
def request_ics(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_by_token(token)
    return calendar_response(request_ical(booking), filename="lan.ics", download=True)


CACHED_PAGES_DEPEND_ON = PAGES_DEPEND_ON
