"""Workflows for booking requests: plan, send, approve, decline and cancel.

The public views and the admin call these, never the models directly for a workflow."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange, NumericRange
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from frivilligkontor.choices import RecipientLanguage
from frivilligkontor.links import absolute_url
from frivilligkontor.mail import queue_email
from frivilligkontor.models import Organisation
from lokaler.availability import (
    RoomTree,
    busy_times,
    local_datetime,
    opening_hours,
    within_opening_hours,
)
from lokaler.calendar import request_ical
from lokaler.models import BookingOccurrence, BookingRequest, Occupancy, Room, Venue
from lokaler.pricing import request_price

MAX_DAYS_AHEAD = 365


class PlanStatus:
    FREE = "free"
    REQUESTED = "requested"  # someone else has asked; the owner decides
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class PlannedTime:
    """One time in a planned request, with whether it can be asked for."""

    day: date
    start: datetime
    end: datetime
    status: str
    reason: str = ""

    @property
    def can_be_requested(self) -> bool:
        return self.status != PlanStatus.UNAVAILABLE


def series_dates(first_date: date, last_date: date, *, is_weekly: bool) -> list[date]:
    if not is_weekly:
        return [first_date]
    days = []
    day = first_date
    while day <= last_date:
        days.append(day)
        day += timedelta(days=7)
    return days


def check_lending_hours(
    *,
    venue: Venue,
    first_date: date,
    last_date: date,
    is_weekly: bool,
    start_time: time,
    end_time: time,
) -> None:
    """Raise ValidationError, naming the day's lending hours, when no date of the request
    falls within the venue's lending hours (a series may miss some dates: those are shown,
    and dropped, in the plan)."""
    days = series_dates(first_date, last_date, is_weekly=is_weekly)
    if any(within_opening_hours(venue, day, start_time, end_time) for day in days):
        return
    hours = opening_hours(venue, first_date)
    if hours:
        shown = ", ".join(f"{opens:%H:%M}–{closes:%H:%M}" for opens, closes in hours)
        raise ValidationError(
            _(
                "The time is outside the lending hours. On %(date)s the room can be "
                "borrowed %(hours)s."
            )
            % {"date": first_date.strftime("%d.%m.%Y"), "hours": shown},
            code="outside_lending_hours",
        )
    raise ValidationError(
        _(
            "The time is outside the lending hours: the venue is not lent out on "
            "that day. See the week view for when it is."
        ),
        code="outside_lending_hours",
    )


def plan_times(
    *,
    room: Room,
    venue: Venue,
    first_date: date,
    last_date: date,
    is_weekly: bool,
    start_time: time,
    end_time: time,
) -> list[PlannedTime]:
    """Each time of a single request or weekly series, marked free, already requested by
    someone else, or unavailable (outside the lending hours, booked, or in the past).

    `venue` must have its lending hours prefetched. Three queries whatever the series length
    (the third finds season rounds that keep the rooms from single requests in their term)."""
    days = series_dates(first_date, last_date, is_weekly=is_weekly)
    if not days:
        return []
    tree = RoomTree.for_venues([room.venue_id])
    busy = busy_times(
        [room.pk],
        local_datetime(days[0], start_time),
        local_datetime(days[-1], end_time),
        tree=tree,
    )[room.pk]
    now = timezone.now()
    from lokaler.season.services import holding_round, rounds_holding

    season_rounds = rounds_holding(venue)
    planned = []
    for day in days:
        start, end = local_datetime(day, start_time), local_datetime(day, end_time)
        overlapping = [b for b in busy if b.start < end and start < b.end]
        held_by = holding_round(season_rounds, day)
        if start < now:
            status, reason = PlanStatus.UNAVAILABLE, _("In the past")
        elif held_by is not None:
            status = PlanStatus.UNAVAILABLE
            reason = _("Kept for season lending (%(round)s) until %(date)s") % {
                "round": held_by.name,
                "date": date_format(held_by.answer_by, "j. F Y"),
            }
        elif not within_opening_hours(venue, day, start_time, end_time):
            status, reason = PlanStatus.UNAVAILABLE, _("Outside the lending hours")
        elif any(b.status == BookingOccurrence.Status.APPROVED for b in overlapping):
            status, reason = PlanStatus.UNAVAILABLE, _("Already booked")
        elif overlapping:
            status, reason = PlanStatus.REQUESTED, _("Someone else has asked for this time")
        else:
            status, reason = PlanStatus.FREE, _("Free")
        planned.append(PlannedTime(day, start, end, status, reason))
    return planned


@dataclass(frozen=True)
class ApplicantDetails:
    """Who asks and for what (`lokaler.models.Applicant`), as the forms cleaned it."""

    organisation_name: str
    organisation_number: str
    is_new_initiative: bool
    contact_name: str
    contact_email: str
    contact_phone: str
    activity: str

    @classmethod
    def from_cleaned(cls, data: dict, **overrides: object) -> "Self":
        """From a form's cleaned data, which has a value for every field."""
        return cls(**{item.name: data[item.name] for item in fields(cls)} | overrides)

    def registered_organisation(self) -> Organisation | None:
        """The directory's organisation with this number, when there is one."""
        if not self.organisation_number:
            return None
        return Organisation.objects.filter(organisation_number=self.organisation_number).first()


@dataclass(frozen=True)
class RequestDetails(ApplicantDetails):
    expected_participants: int
    age_group: str
    is_weekly: bool
    first_date: date
    last_date: date
    start_time: time
    end_time: time
    share_under_25: int | None
    is_for_pupils_of_the_school: bool
    is_adapted_sports: bool
    is_adult_education: bool


class BookingError(Exception):
    """A workflow step that cannot be done, with a message for the person."""


def plan_request(*, room: Room, venue: Venue, details: RequestDetails) -> list[PlannedTime]:
    """`plan_times` for the times a request form asks for."""
    return plan_times(
        room=room,
        venue=venue,
        first_date=details.first_date,
        last_date=details.last_date,
        is_weekly=details.is_weekly,
        start_time=details.start_time,
        end_time=details.end_time,
    )


@transaction.atomic
def submit_booking_request(
    *, room: Room, details: RequestDetails, chosen_days: Iterable[date], language: str
) -> BookingRequest:
    """Save a booking request with the chosen times and send the receipt e-mail.

    Refuses times that are not available any more (booked or outside the lending hours)."""
    venue = Venue.objects.prefetch_related(*_lending_prefetch()).get(pk=room.venue_id)
    plan = {
        planned.day: planned for planned in plan_request(room=room, venue=venue, details=details)
    }
    chosen = sorted(set(chosen_days))
    if not chosen:
        raise BookingError(_("Choose at least one time."))
    unavailable = [day for day in chosen if day not in plan or not plan[day].can_be_requested]
    if unavailable:
        raise BookingError(
            _("Some of the chosen times are not available. Remove them and send again.")
        )
    request = BookingRequest.objects.create(
        room=room,
        organisation=details.registered_organisation(),
        language=RecipientLanguage.of(language),
        **details.__dict__,
    )
    BookingOccurrence.objects.bulk_create(
        BookingOccurrence(
            request=request,
            room=room,
            during=DateTimeTZRange(plan[day].start, plan[day].end, "[)"),
        )
        for day in chosen
    )
    _queue_mail(request, "receipt")
    if venue.contact_email:
        _queue_owner_mail(request, venue)
    return request


def _queue_owner_mail(request: BookingRequest, venue: Venue) -> None:
    """Tell the venue's owner that a request is waiting (in Norwegian, the staff language)."""
    link = absolute_url("admin:lokaler_bookingrequest_decide", args=[request.pk])
    queue_email(
        to=[venue.contact_email],
        template_prefix="lokaler/email/owner_new_request",
        context={
            "request": request,
            "room": request.room,
            "venue": venue,
            "occurrences": list(request.occurrences.all()),
            "link": link,
        },
        language="nb",
        reply_to=[request.contact_email],
    )


def _lending_prefetch() -> list:
    from lokaler.availability import prefetch_lending_hours

    return prefetch_lending_hours()


def occupancy_rows(occurrence: BookingOccurrence, tree: RoomTree) -> list[Occupancy]:
    """The rows the exclusion constraint checks for one approved occurrence."""
    rows = [
        Occupancy(
            occurrence=occurrence,
            room_id=occurrence.room_id,
            during=occurrence.during,
            scope=NumericRange(None, None),
        )
    ]
    rows += [
        Occupancy(
            occurrence=occurrence,
            room_id=ancestor,
            during=occurrence.during,
            scope=NumericRange(occurrence.room_id, occurrence.room_id + 1, "[)"),
        )
        for ancestor in tree.ancestors(occurrence.room_id)
    ]
    return rows


@dataclass
class DecisionResult:
    decided: list[BookingOccurrence] = field(default_factory=list)
    refused: list[tuple[BookingOccurrence, str]] = field(default_factory=list)
    skipped: list[BookingOccurrence] = field(default_factory=list)


def _describe(occurrence: BookingOccurrence) -> str:
    return (
        f"{date_format(occurrence.start, 'j. F Y')} "
        f"{occurrence.start:%H:%M}–{occurrence.end:%H:%M} ({occurrence.room.name})"
    )


@transaction.atomic
def approve_occurrences(
    *, occurrences: Sequence[BookingOccurrence], decided_by: object | None
) -> DecisionResult:
    """Approve requested times. Each is approved on its own: a time that clashes with an
    approved booking (also one approved a moment ago by someone else) is refused with a
    clear message and stays requested, while the others are approved.

    The exclusion constraint on `Occupancy` is the guarantee; it is checked inside a
    savepoint per time so that one refusal does not undo the rest."""
    result = DecisionResult()
    ids = [occurrence.pk for occurrence in occurrences]
    tree = RoomTree.for_rooms(
        BookingOccurrence.objects.filter(pk__in=ids).values_list("room_id", flat=True)
    )
    # Approvals in the same building block (a hall and its parts) take turns: lock the
    # outermost rooms, in id order, before writing occupancy rows. Without this, two
    # approvals that each wrote a row the other's constraint check waits for would deadlock;
    # with it the loser gets a plain exclusion violation, which becomes the clear message.
    room_ids = BookingOccurrence.objects.filter(pk__in=ids).values_list("room_id", flat=True)
    roots = sorted({tree.root(room_id) for room_id in room_ids})
    list(Room.objects.select_for_update().filter(pk__in=roots).order_by("pk").values("pk"))
    locked = (
        BookingOccurrence.objects.select_for_update(of=("self",))
        .select_related("room", "request")
        .filter(pk__in=ids)
        .order_by("during", "pk")
    )
    now = timezone.now()
    for occurrence in locked:
        if occurrence.status != BookingOccurrence.Status.REQUESTED:
            result.skipped.append(occurrence)
            continue
        try:
            with transaction.atomic():
                Occupancy.objects.bulk_create(occupancy_rows(occurrence, tree))
                occurrence.status = BookingOccurrence.Status.APPROVED
                occurrence.decided_at = now
                occurrence.decided_by = decided_by
                occurrence.save(update_fields=["status", "decided_at", "decided_by"])
        except IntegrityError:
            result.refused.append(
                (
                    occurrence,
                    _(
                        "%(time)s was not approved: the room, or a room it is part of or "
                        "one of its parts, is already booked at that time."
                    )
                    % {"time": _describe(occurrence)},
                )
            )
        else:
            result.decided.append(occurrence)
    _mail_decisions(result.decided)
    return result


@transaction.atomic
def decline_occurrences(
    *, occurrences: Sequence[BookingOccurrence], reason: str, decided_by: object | None
) -> DecisionResult:
    """Decline requested (or already approved) times with a reason the person is told."""
    reason = reason.strip()
    if not reason:
        raise BookingError(_("Give a reason for declining."))
    result = DecisionResult()
    locked = (
        BookingOccurrence.objects.select_for_update(of=("self",))
        .select_related("room", "request")
        .filter(pk__in=[occurrence.pk for occurrence in occurrences])
        .order_by("during", "pk")
    )
    now = timezone.now()
    for occurrence in locked:
        if occurrence.status not in (
            BookingOccurrence.Status.REQUESTED,
            BookingOccurrence.Status.APPROVED,
        ):
            result.skipped.append(occurrence)
            continue
        Occupancy.objects.filter(occurrence=occurrence).delete()
        occurrence.status = BookingOccurrence.Status.DECLINED
        occurrence.decline_reason = reason
        occurrence.decided_at = now
        occurrence.decided_by = decided_by
        occurrence.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
        result.decided.append(occurrence)
    _mail_decisions(result.decided)
    return result


@transaction.atomic
def cancel_booking(
    *, request: BookingRequest, occurrences: Sequence[BookingOccurrence] | None = None
) -> list[BookingOccurrence]:
    """The person cancels the whole request or some of its times (through the secret link).

    Times in the past stay as they were. The person and the venue's owner get an e-mail."""
    queryset = request.occurrences.select_for_update().filter(
        status__in=[BookingOccurrence.Status.REQUESTED, BookingOccurrence.Status.APPROVED],
        during__fully_gt=DateTimeTZRange(None, timezone.now(), "[)"),
    )
    if occurrences is not None:
        queryset = queryset.filter(pk__in=[occurrence.pk for occurrence in occurrences])
    cancelled = list(queryset.select_related("room"))
    if not cancelled:
        raise BookingError(_("There is nothing left to cancel."))
    Occupancy.objects.filter(occurrence__in=cancelled).delete()
    BookingOccurrence.objects.filter(pk__in=[o.pk for o in cancelled]).update(
        status=BookingOccurrence.Status.CANCELLED, decided_at=timezone.now()
    )
    _queue_mail(request, "cancellation", cancelled=cancelled)
    return cancelled


def _mail_decisions(occurrences: list[BookingOccurrence]) -> None:
    by_request: dict[int, list[BookingOccurrence]] = {}
    for occurrence in occurrences:
        by_request.setdefault(occurrence.request_id, []).append(occurrence)
    for decided in by_request.values():
        request = decided[0].request
        _queue_mail(request, "decision", decided=decided, price=request_price(request))


def _queue_mail(request: BookingRequest, kind: str, **extra: object) -> None:
    room = Room.objects.select_related("venue").get(pk=request.room_id)
    link = absolute_url("lokaler:request_detail", language=request.language, token=request.token)
    attachments = []
    has_calendar = request.occurrences.approved().exists()
    if has_calendar:
        attachments.append(("booking.ics", request_ical(request).decode(), "text/calendar"))
    context = {
        "request": request,
        "room": room,
        "venue": room.venue,
        "occurrences": list(request.occurrences.all()),
        "link": link,
        "has_calendar": has_calendar,
        **extra,
    }
    queue_email(
        to=[request.contact_email],
        template_prefix=f"lokaler/email/{kind}",
        context=context,
        language=request.language,
        reply_to=[room.venue.contact_email] if room.venue.contact_email else [],
        attachments=attachments,
    )


REMINDER_INTERVAL_DAYS = 30


def remind_unconfirmed_venues(*, today: date, max_age_days: int = 180) -> int:
    """E-mail the owners of venues whose facts have not been confirmed for `max_age_days`,
    at most once every 30 days per venue. Idempotent: safe to run twice the same day."""
    recently = today - timedelta(days=REMINDER_INTERVAL_DAYS)
    venues = (
        Venue.objects.confirmation_due(today, max_age_days=max_age_days)
        .exclude(confirmation_reminder_sent_on__gt=recently)
        .select_related("unit")
    )
    sent = 0
    for venue in venues:
        recipient = venue.contact_email or venue.unit.email
        if not recipient:
            continue
        with transaction.atomic():
            updated = (
                Venue.objects.filter(pk=venue.pk)
                .exclude(confirmation_reminder_sent_on__gt=recently)
                .update(confirmation_reminder_sent_on=today)
            )
            if not updated:
                continue  # another run got there first
            link = absolute_url("admin:lokaler_venue_change", args=[venue.pk])
            queue_email(
                to=[recipient],
                template_prefix="lokaler/email/confirmation_reminder",
                context={"venue": venue, "link": link, "max_age_days": max_age_days},
                language="nb",
            )
        sent += 1
    return sent


@transaction.atomic
def anonymise_finished_booking_requests(*, today: date | None = None) -> int:
    """Remove the personal data of booking requests whose last date is more than
    LOKALER_BOOKING_RETENTION_DAYS ago: contact person, e-mail, phone, the activity text
    and, for new initiatives and requests without an organisation number, the name given
    (it may be a person's); also their recorded history, which holds copies. What the
    figures need stays: room, dates, times, number of people, age group and every time's
    outcome. The secret link stops working. Idempotent; returns how many were anonymised."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.LOKALER_BOOKING_RETENTION_DAYS)
    return BookingRequest.objects.filter(last_date__lt=cutoff).remove_personal_data()
