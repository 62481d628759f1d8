"""Public pages of season lending: the rounds, applying, and following an application."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from frivilligkontor.choices import RecipientLanguage
from frivilligkontor.models import find_by_slug
from frivilligkontor.slugs import redirect_to_current_slugs
from frivilligkontor.throttle import FORM_LIMIT_MESSAGE, form_limit_reached
from lokaler.lending_rules import Borrower
from lokaler.models import WindowException
from lokaler.season.forms import ApplicationForm, WishFormSet, check_wishes, place_choices
from lokaler.season.models import SeasonApplication, SeasonRound, SeasonWish
from lokaler.season.services import (
    DuplicateApplication,
    PricedSlot,
    SeasonError,
    application_price,
    bookable_rooms,
    change_application,
    price_of,
    round_venues,
    submit_application,
    term_opening,
)


@require_safe
def season_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rounds = list(
        SeasonRound.objects.open_or_coming(today)
        .select_related("unit")
        .prefetch_related("venues")
        .order_by("closes_on", "name")
    )
    return render(
        request,
        "lokaler/sesong/round_list.html",
        {
            "open_rounds": [r for r in rounds if r.status(today) == SeasonRound.Status.OPEN],
            "coming_rounds": [r for r in rounds if r.status(today) == SeasonRound.Status.COMING],
        },
    )


def _round(slug: str) -> SeasonRound:
    return find_by_slug(SeasonRound.objects.published().select_related("unit"), slug)


@require_safe
def season_round(request: HttpRequest, slug: str) -> HttpResponse:
    season_round = _round(slug)
    if moved := redirect_to_current_slugs(request, slug=season_round.slug):
        return moved
    venues = round_venues(season_round)
    return render(
        request,
        "lokaler/sesong/round_detail.html",
        {
            "round": season_round,
            "venues": [
                (
                    venue,
                    [room for room in venue.rooms.all() if room.is_bookable],
                    sorted(
                        term_opening(
                            venue, season_round.term_starts_on, season_round.term_ends_on
                        ).items()
                    ),
                    [
                        exception
                        for exception in venue.window_exceptions.all()
                        if exception.kind == WindowException.Kind.CLOSED
                        and exception.starts_on <= season_round.term_ends_on
                        and season_round.term_starts_on <= exception.ends_on
                    ],
                )
                for venue in venues
            ],
            "is_open": season_round.is_open(),
        },
    )


def _closed_message(season_round: SeasonRound) -> str:
    if season_round.is_coming():
        return _(
            "This round opens for applications on %(date)s. Nothing was saved; what you "
            "typed is kept below."
        ) % {"date": date_format(season_round.opens_on, "j. F Y")}
    return _(
        "The application deadline was %(date)s, so the application was not saved. What you "
        "typed is kept below, so you can copy it; contact %(unit)s if you still need a room."
    ) % {"date": date_format(season_round.closes_on, "j. F Y"), "unit": season_round.unit.name}


def _application_page(
    request: HttpRequest,
    season_round: SeasonRound,
    application: SeasonApplication | None,
    *,
    closed: bool = False,
) -> HttpResponse:
    """The form for a new application and for changing one; both check first, then send.

    `closed`: the round does not take applications (a form sent after the deadline, or a
    stale page): nothing is checked or saved, and what was typed is shown again with why."""
    venues = round_venues(season_round)
    venue_by_id = {venue.pk: venue for venue in venues}
    rooms = bookable_rooms(season_round)
    for room in rooms:
        room.venue = venue_by_id[room.venue_id]
    choices = place_choices(season_round, rooms)
    if request.method == "POST":
        form = ApplicationForm(request.POST, instance=application)
        formset = WishFormSet(request.POST, prefix="wish", choices=choices)
    else:
        initial = []
        if application is not None:
            initial = [
                {
                    "place": f"room-{wish.room_id}"
                    if wish.room_id
                    else f"kind-{wish.venue_id}-{wish.room_kind}",
                    "weekday": wish.weekday,
                    "start_time": wish.start_time,
                    "end_time": wish.end_time,
                }
                for wish in application.wishes.all()
            ]
        form = ApplicationForm(instance=application)
        formset = WishFormSet(prefix="wish", choices=choices, initial=initial)
    price = None
    send_error = ""
    status = 200
    if closed:
        send_error, status = _closed_message(season_round), 410
    elif request.method == "POST":
        form_ok = form.is_valid()
        formset_ok = formset.is_valid()
        opening = {
            venue.pk: term_opening(venue, season_round.term_starts_on, season_round.term_ends_on)
            for venue in venues
        }
        wishes = check_wishes(
            formset=formset,
            participants=form.cleaned_data.get("participants") if form_ok else None,
            rooms={room.pk: room for room in rooms},
            opening=opening,
        )
        wish_errors = any(wish_form.errors for wish_form in formset.forms)
        if formset_ok and not wish_errors and not wishes:
            send_error = _("Add at least one wish: a room, a weekday and a time.")
        elif form_ok and formset_ok and not wish_errors:
            details = form.details()
            price = price_of(
                season_round=season_round,
                borrower=Borrower.of(details),
                slots=[
                    PricedSlot(
                        wish.venue,
                        wish.room,
                        wish.weekday,
                        wish.start_time,
                        wish.end_time,
                        wish.room.name if wish.room else wish.venue.name,
                    )
                    for wish in wishes
                ],
            )
            if "send" in request.POST and form_limit_reached(
                request, form="season-application", email=details.contact_email
            ):
                send_error = str(FORM_LIMIT_MESSAGE)
                price = None
                status = 429
            elif "send" in request.POST:
                try:
                    if application is None:
                        saved = submit_application(
                            season_round=season_round,
                            details=details,
                            wishes=wishes,
                            language=RecipientLanguage.active(),
                        )
                    else:
                        saved = change_application(
                            application=application, details=details, wishes=wishes
                        )
                except DuplicateApplication as error:
                    form.add_error(error.field, str(error))
                    price = None
                except SeasonError as error:
                    send_error = str(error)
                else:
                    messages.success(
                        request,
                        _(
                            "Thank you. Your application is saved, and we have e-mailed you a "
                            "receipt with the link to change it until the deadline."
                        )
                        if application is None
                        else _("Your changes are saved. We have e-mailed you a new receipt."),
                    )
                    return redirect(saved)
    return render(
        request,
        "lokaler/sesong/application_form.html",
        {
            "round": season_round,
            "application": application,
            "form": form,
            "formset": formset,
            "price": price,
            "send_error": send_error,
            "closed": closed,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def season_apply(request: HttpRequest, slug: str) -> HttpResponse:
    season_round = _round(slug)
    if moved := redirect_to_current_slugs(request, slug=season_round.slug):
        return moved
    if not season_round.is_open():
        if request.method == "POST":
            return _application_page(request, season_round, None, closed=True)
        return render(request, "lokaler/sesong/round_closed.html", {"round": season_round})
    return _application_page(request, season_round, None)


def _application_by_token(token: str) -> SeasonApplication:
    try:
        return SeasonApplication.objects.select_related("round", "round__unit").get(token=token)
    except SeasonApplication.DoesNotExist as error:
        raise Http404 from error


@require_http_methods(["GET", "HEAD", "POST"])
def season_application(request: HttpRequest, token: str) -> HttpResponse:
    """The application behind its secret link: changeable until the deadline, then locked;
    after the decisions, each wish's outcome."""
    application = _application_by_token(token)
    if application.can_be_changed() and (request.method == "POST" or "endre" in request.GET):
        return _application_page(request, application.round, application)
    if request.method == "POST":
        return _application_page(request, application.round, application, closed=True)
    wishes = list(
        application.wishes.select_related(
            "room", "venue", "allocated_room", "allocated_room__venue"
        )
    )
    decided = application.round.decisions_sent_at is not None
    return render(
        request,
        "lokaler/sesong/application_detail.html",
        {
            "application": application,
            "round": application.round,
            "wishes": wishes,
            "decided": decided,
            "can_change": application.can_be_changed(),
            "price": application_price(application, allocated=decided),
            "allocated": SeasonWish.Outcome.ALLOCATED,
        },
    )
