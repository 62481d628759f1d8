"""Workflows of season lending: apply, run the proposal, adjust it, send the decisions.

The public views and the admin call these; the rules themselves are in
lokaler.lending_rules and the proposal in lokaler.season.allocation."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frivilligkontor.choices import RecipientLanguage
from frivilligkontor.ical import CalendarEntry, calendar_file
from frivilligkontor.links import absolute_url
from frivilligkontor.mail import queue_email
from frivilligkontor.statistics import StatTable, comparison_columns
from lokaler import lending_rules
from lokaler.availability import (
    RoomTree,
    local_datetime,
    merge_intervals,
    prefetch_lending_hours,
)
from lokaler.models import (
    APPLICANT_FIELDS,
    BORROWER_FIELDS,
    BookingOccurrence,
    BookingRequest,
    Occupancy,
    Room,
    Venue,
    Weekday,
)
from lokaler.season.allocation import (
    ApplicantInput,
    Outcome,
    RoomInfo,
    Slot,
    WishInput,
    duration_hours,
    explain,
    propose,
    weekdays_between,
)
from lokaler.season.models import PriceTable, SeasonApplication, SeasonRound, SeasonWish
from lokaler.services import ApplicantDetails, occupancy_rows


class SeasonError(Exception):
    """A step that cannot be done, with a message for the person, and the form field it
    belongs beside when it is about one (None: about the whole form)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# Rooms and their lending hours in a round's term


def term_opening(venue: Venue, first: date, last: date) -> dict[int, list[tuple[time, time]]]:
    """The weekly lending hours in force during the term (from the venue's lending windows
    that overlap it; prefetched with prefetch_lending_hours)."""
    by_day: dict[int, list] = defaultdict(list)
    for window in venue.lending_windows.all():
        if window.starts_on <= last and first <= window.ends_on:
            for hours in window.weekly_hours.all():
                by_day[hours.weekday].append((hours.opens_at, hours.closes_at))
    return {day: merge_intervals(intervals) for day, intervals in by_day.items()}


def round_venues(season_round: SeasonRound) -> list[Venue]:
    return list(
        season_round.venues.prefetch_related(
            *prefetch_lending_hours(),
            # Every room, so that the tree knows parts and wholes even if some are not lent.
            "rooms",
        ).order_by("name")
    )


def room_infos(season_round: SeasonRound, venues: list[Venue] | None = None) -> dict[int, RoomInfo]:
    venues = venues if venues is not None else round_venues(season_round)
    tree = RoomTree(room for venue in venues for room in venue.rooms.all())
    infos = {}
    for venue in venues:
        opening = term_opening(venue, season_round.term_starts_on, season_round.term_ends_on)
        for room in venue.rooms.all():
            if not room.is_bookable:
                continue
            infos[room.pk] = RoomInfo(
                id=room.pk,
                name=room.name,
                capacity=room.capacity,
                opening=opening,
                related=frozenset(tree.related(room.pk)),
            )
    return infos


def bookable_rooms(season_round: SeasonRound) -> list[Room]:
    return list(
        Room.objects.bookable()
        .filter(venue__in=season_round.venues.all())
        .select_related("venue")
        .order_by("venue__name", "name")
    )


def wish_candidates(wish: SeasonWish, rooms: list[Room]) -> tuple[int, ...]:
    """The room asked for, or every room of the kind at the venue (largest fit first is
    not needed: smallest first leaves the big rooms for the big groups)."""
    if wish.room_id:
        return (wish.room_id,)
    fitting = [
        room for room in rooms if room.venue_id == wish.venue_id and room.kind == wish.room_kind
    ]
    return tuple(room.pk for room in sorted(fitting, key=lambda room: (room.capacity, room.pk)))


# Who held a season before


@dataclass
class EarlierSeasons:
    """What organisations were allocated at a round's venues in earlier decided rounds, by
    organisation number and by name (one query, whatever the number of applications)."""

    by_number: dict[str, list[SeasonWish]]
    by_name: dict[str, list[SeasonWish]]

    @classmethod
    def before(cls, season_round: SeasonRound) -> "EarlierSeasons":
        wishes = (
            SeasonWish.objects.filter(
                outcome=SeasonWish.Outcome.ALLOCATED,
                application__round__decisions_sent_at__isnull=False,
                application__round__term_starts_on__lt=season_round.term_starts_on,
                allocated_room__venue__in=season_round.venues.all(),
            )
            .exclude(application__round=season_round)
            .select_related("application", "allocated_room")
        )
        by_number: dict[str, list[SeasonWish]] = defaultdict(list)
        by_name: dict[str, list[SeasonWish]] = defaultdict(list)
        for wish in wishes:
            if wish.application.organisation_number:
                by_number[wish.application.organisation_number].append(wish)
            by_name[_name_key(wish.application.organisation_name)].append(wish)
        return cls(by_number, by_name)

    def of(self, application: SeasonApplication) -> list[SeasonWish]:
        """The same organisation's earlier allocations: by its number when it gives one,
        otherwise by its name."""
        if application.organisation_number:
            return self.by_number.get(application.organisation_number, [])
        return self.by_name.get(_name_key(application.organisation_name), [])


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _same_time(wish: SeasonWish, earlier: list[SeasonWish], tree: RoomTree) -> bool:
    for old in earlier:
        same_room = old.allocated_room_id == wish.room_id or (
            wish.room_id is None and old.allocated_room.venue_id == wish.venue_id
        )
        if (
            same_room
            and old.allocated_weekday == wish.weekday
            and old.allocated_start < wish.end_time
            and wish.start_time < old.allocated_end
        ):
            return True
    return False


# Times held by other rounds


def season_slots_elsewhere(season_round: SeasonRound, room_ids: set[int]) -> list[Slot]:
    """Weekly slots that other rounds' decisions booked in these rooms during this term."""
    tree = RoomTree.for_rooms(room_ids)
    related = set()
    for room_id in room_ids:
        related |= tree.related(room_id)
    wishes = SeasonWish.objects.filter(
        outcome=SeasonWish.Outcome.ALLOCATED,
        booking__isnull=False,
        allocated_room__in=related,
        application__round__term_starts_on__lte=season_round.term_ends_on,
        application__round__term_ends_on__gte=season_round.term_starts_on,
    ).exclude(application__round=season_round)
    slots = []
    for wish in wishes:
        for room_id in room_ids:
            if wish.allocated_room_id in tree.related(room_id):
                # Recorded on the wished room so that the overlap check sees it.
                slots.append(
                    Slot(room_id, wish.allocated_weekday, wish.allocated_start, wish.allocated_end)
                )
    return slots


# Applying


@dataclass(frozen=True)
class ApplicationDetails(ApplicantDetails):
    age_group: str
    share_under_25: int
    participants: int
    is_for_pupils_of_the_school: bool
    is_adapted_sports: bool
    is_adult_education: bool


@dataclass(frozen=True)
class WishDetails:
    venue: Venue
    room: Room | None
    room_kind: str
    weekday: int
    start_time: time
    end_time: time


class DuplicateApplication(SeasonError):
    """The organisation has applied in the round already; its contact got the link again.

    `field` is the form field the message belongs beside (the number, or the name when
    the organisation was recognised by its name)."""

    def __init__(
        self,
        message: str,
        *,
        field: str = "organisation_number",
        existing: SeasonApplication | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.existing = existing


def same_organisation_in_round(
    season_round: SeasonRound, details: ApplicantDetails, *, exclude_pk: int | None = None
) -> tuple[SeasonApplication | None, str]:
    """An application in the round from the same organisation, and the field that tells:
    the same organisation number, or the same name (spaces and case aside) where one of
    the two has no number (a new initiative, or a registered one that applied as one)."""
    applications = SeasonApplication.objects.filter(round=season_round).exclude(pk=exclude_pk)
    number = details.organisation_number
    if number:
        existing = applications.filter(organisation_number=number).first()
        if existing is not None:
            return existing, "organisation_number"
    name = " ".join(details.organisation_name.split()).casefold()
    candidates = applications if not number else applications.filter(organisation_number="")
    for application in candidates.only("pk", "organisation_name", "organisation_number"):
        if " ".join(application.organisation_name.split()).casefold() == name:
            return SeasonApplication.objects.get(pk=application.pk), "organisation_name"
    return None, ""


def submit_application(
    *,
    season_round: SeasonRound,
    details: ApplicationDetails,
    wishes: list[WishDetails],
    language: str,
) -> SeasonApplication:
    """Save a new application with its wishes and e-mail the receipt with the secret link.

    An organisation applies once per round: a second application from it (the same
    organisation number, or the same name where one has no number) is refused, and the
    link to the first is e-mailed to its contact again (outside the refused transaction, so
    the e-mail is not rolled back with it). The check runs with the round locked, so two
    simultaneous first applications take turns; the unique constraint on the number
    backs it."""
    try:
        return _create_application(
            season_round=season_round, details=details, wishes=wishes, language=language
        )
    except DuplicateApplication as duplicate:
        if duplicate.existing is not None:
            _queue_application_mail(duplicate.existing, "link_again")
        raise
    except IntegrityError as error:
        raise DuplicateApplication(_duplicate_message("organisation_number")) from error


def _duplicate_message(field: str) -> str:
    if field == "organisation_name":
        return _(
            "An application from an organisation with this name has already been sent in "
            "this round. We have e-mailed the link to change that application to its "
            "contact person. If you are another organisation, add what tells you apart to "
            "the name (for example the district)."
        )
    return _(
        "This organisation has already applied in this round. We have e-mailed the "
        "link to change that application to its contact person."
    )


@transaction.atomic
def _create_application(
    *,
    season_round: SeasonRound,
    details: ApplicationDetails,
    wishes: list[WishDetails],
    language: str,
) -> SeasonApplication:
    locked = SeasonRound.objects.select_for_update().get(pk=season_round.pk)
    if not locked.is_open():
        raise SeasonError(_("The application deadline for this round has passed."))
    existing, field = same_organisation_in_round(locked, details)
    if existing is not None:
        raise DuplicateApplication(_duplicate_message(field), field=field, existing=existing)
    application = SeasonApplication.objects.create(
        round=locked,
        organisation=details.registered_organisation(),
        language=RecipientLanguage.of(language),
        **details.__dict__,
    )
    _save_wishes(application, wishes)
    _queue_application_mail(application, "receipt")
    return application


@transaction.atomic
def change_application(
    *, application: SeasonApplication, details: ApplicationDetails, wishes: list[WishDetails]
) -> SeasonApplication:
    """Change an application through its secret link, until the deadline."""
    locked = (
        SeasonApplication.objects.select_for_update().select_related("round").get(pk=application.pk)
    )
    if not locked.can_be_changed():
        raise SeasonError(_("The deadline has passed: the application can no longer be changed."))
    _existing, field = same_organisation_in_round(locked.round, details, exclude_pk=locked.pk)
    if field == "organisation_number":
        raise DuplicateApplication(
            _("Another application in this round already has this organisation number.")
        )
    if field:
        raise DuplicateApplication(
            _("Another application in this round already has this organisation name."),
            field=field,
        )
    for name, value in details.__dict__.items():
        setattr(locked, name, value)
    locked.save()
    locked.wishes.all().delete()
    _save_wishes(locked, wishes)
    _queue_application_mail(locked, "receipt", changed=True)
    return locked


def _save_wishes(application: SeasonApplication, wishes: list[WishDetails]) -> None:
    if not wishes:
        raise SeasonError(_("Add at least one wish."))
    SeasonWish.objects.bulk_create(
        SeasonWish(
            application=application,
            priority=index,
            venue=wish.venue,
            room=wish.room,
            room_kind="" if wish.room else wish.room_kind,
            weekday=wish.weekday,
            start_time=wish.start_time,
            end_time=wish.end_time,
        )
        for index, wish in enumerate(wishes, start=1)
    )


def _application_link(application: SeasonApplication) -> str:
    return absolute_url(
        "lokaler:season_application", language=application.language, token=application.token
    )


def _queue_application_mail(
    application: SeasonApplication, kind: str, attachments: list | None = None, **extra: object
) -> None:
    season_round = application.round
    queue_email(
        to=[application.contact_email],
        template_prefix=f"lokaler/sesong/email/{kind}",
        context={
            "application": application,
            "round": season_round,
            "wishes": list(
                application.wishes.select_related(
                    "room", "venue", "allocated_room", "allocated_room__venue"
                )
            ),
            "link": _application_link(application),
            "price": extra.pop("price", None),
            **extra,
        },
        language=application.language,
        reply_to=[season_round.unit.email] if season_round.unit.email else [],
        attachments=attachments or [],
    )


# Prices


def term_dates(season_round: SeasonRound, venue: Venue, weekday: int, start: time, end: time):
    """The dates of the term on `weekday` when the venue is open for [start, end)."""
    from lokaler.availability import within_opening_hours

    return [
        day
        for day in weekdays_between(season_round.term_starts_on, season_round.term_ends_on, weekday)
        if within_opening_hours(venue, day, start, end)
    ]


@dataclass(frozen=True)
class PricedSlot:
    venue: Venue
    room: Room | None
    weekday: int
    start: time
    end: time
    place: str


def price_of(
    *, season_round: SeasonRound, borrower: lending_rules.Borrower, slots: list[PricedSlot]
) -> lending_rules.Price:
    """The price of weekly slots over the round's term (venues prefetched with their
    lending hours): free with the reason, or cost price line by line."""
    uses = []
    for slot in slots:
        count = len(term_dates(season_round, slot.venue, slot.weekday, slot.start, slot.end))
        uses.append(
            lending_rules.Use(
                area_square_metres=slot.room.area_square_metres if slot.room else None,
                hours=Decimal(str(duration_hours(slot.start, slot.end))) * count,
                requires_supervision=slot.venue.requires_supervision,
                requires_cleaning=slot.venue.requires_extra_cleaning,
                venue_free_for_youth=slot.venue.free_for_children_and_youth,
                label=f"{slot.place}, {Weekday(slot.weekday).label} "
                f"{slot.start:%H:%M}–{slot.end:%H:%M}",
            )
        )
    return lending_rules.price(
        borrower=borrower,
        prices=PriceTable.for_year(season_round.term_starts_on.year),
        uses=uses,
        is_term=True,
    )


def application_price(
    application: SeasonApplication, *, allocated: bool, venues: dict[int, Venue] | None = None
) -> lending_rules.Price:
    """The price of the application's wishes (before sending) or of what was allocated."""
    season_round = application.round
    if venues is None:
        venues = {venue.pk: venue for venue in round_venues(season_round)}
    slots = []
    for wish in application.wishes.select_related("room", "venue", "allocated_room"):
        if allocated:
            if wish.outcome != SeasonWish.Outcome.ALLOCATED:
                continue
            room = wish.allocated_room
            slots.append(
                PricedSlot(
                    venues[room.venue_id],
                    room,
                    wish.allocated_weekday,
                    wish.allocated_start,
                    wish.allocated_end,
                    room.name,
                )
            )
        elif wish.venue_id in venues:
            slots.append(
                PricedSlot(
                    venues[wish.venue_id],
                    wish.room,
                    wish.weekday,
                    wish.start_time,
                    wish.end_time,
                    wish.room.name if wish.room else wish.place_label(),
                )
            )
    return price_of(season_round=season_round, borrower=application.borrower(), slots=slots)


# The proposal


@transaction.atomic
def run_proposal(*, season_round: SeasonRound) -> list[Outcome]:
    """Propose an outcome for every wish that staff have not decided themselves.

    Staff decisions stay and are treated as taken; the proposal can be run again after
    adjusting. Only after the deadline and before the decisions are sent."""
    locked = SeasonRound.objects.select_for_update().get(pk=season_round.pk)
    if locked.status() != SeasonRound.Status.ALLOCATING:
        raise SeasonError(
            _("The proposal can be run after the deadline and before the decisions are sent.")
        )
    venues = round_venues(locked)
    infos = room_infos(locked, venues)
    rooms = bookable_rooms(locked)
    applications = list(locked.applications.all())
    wishes = list(
        SeasonWish.objects.filter(application__round=locked).select_related(
            "application", "room", "venue"
        )
    )
    tree = RoomTree(room for venue in venues for room in venue.rooms.all())
    earlier_seasons = EarlierSeasons.before(locked)
    taken = season_slots_elsewhere(locked, set(infos))
    staff_decided = [wish for wish in wishes if wish.decided_by_id is not None]
    taken += [
        Slot(
            wish.allocated_room_id, wish.allocated_weekday, wish.allocated_start, wish.allocated_end
        )
        for wish in staff_decided
        if wish.outcome == SeasonWish.Outcome.ALLOCATED
    ]
    applicants = []
    same_time: dict[int, bool] = {}
    # Free for youth is a fact of each venue: an applicant is judged by the venues it asks
    # for (a charging bydelshus in the round does not take a school's youth priority away).
    wished_venues: dict[int, list] = {}
    for wish in wishes:
        wished_venues.setdefault(wish.application_id, []).append(wish.venue)
    for order, application in enumerate(applications):
        earlier = earlier_seasons.of(application)
        with translation.override(application.language):
            priority = lending_rules.season_priority(
                borrower=application.borrower(),
                held_season_before=bool(earlier),
                venue_free_for_youth=any(
                    venue.free_for_children_and_youth
                    for venue in wished_venues.get(application.pk, venues)
                ),
            )
        applicants.append(ApplicantInput(application.pk, priority.tier, priority.reason, order))
        for wish in wishes:
            if wish.application_id == application.pk:
                same_time[wish.pk] = bool(earlier) and _same_time(wish, earlier, tree)
    inputs = {
        wish.pk: WishInput(
            id=wish.pk,
            application_id=wish.application_id,
            rank=wish.priority,
            candidates=wish_candidates(wish, rooms),
            weekday=wish.weekday,
            start=wish.start_time,
            end=wish.end_time,
            participants=wish.application.participants,
            same_time_last_season=same_time.get(wish.pk, False),
        )
        for wish in wishes
        if wish.decided_by_id is None
    }
    outcomes = propose(applicants=applicants, wishes=inputs.values(), rooms=infos, taken=taken)
    by_id = {wish.pk: wish for wish in wishes}
    for outcome in outcomes:
        wish = by_id[outcome.wish_id]
        with translation.override(wish.application.language):
            wish.reason = explain(outcome, inputs[wish.pk], infos)
        if outcome.slot is not None:
            wish.outcome = SeasonWish.Outcome.ALLOCATED
            wish.allocated_room_id = outcome.slot.room_id
            wish.allocated_weekday = outcome.slot.weekday
            wish.allocated_start = outcome.slot.start
            wish.allocated_end = outcome.slot.end
        else:
            wish.outcome = SeasonWish.Outcome.DECLINED
            wish.allocated_room_id = None
            wish.allocated_weekday = wish.allocated_start = wish.allocated_end = None
    SeasonWish.objects.bulk_update(
        [by_id[outcome.wish_id] for outcome in outcomes],
        [
            "outcome",
            "allocated_room",
            "allocated_weekday",
            "allocated_start",
            "allocated_end",
            "reason",
        ],
    )
    locked.proposal_run_at = timezone.now()
    locked.save(update_fields=["proposal_run_at"])
    return outcomes


def _editable_wish(wish: SeasonWish) -> SeasonWish:
    locked = (
        SeasonWish.objects.select_for_update(of=("self",))
        .select_related("application__round")
        .get(pk=wish.pk)
    )
    if locked.application.round.status() != SeasonRound.Status.ALLOCATING:
        raise SeasonError(
            _("Wishes can be decided after the deadline and before the decisions are sent.")
        )
    return locked


@transaction.atomic
def allocate_wish(
    *,
    wish: SeasonWish,
    room: Room,
    weekday: int,
    start: time,
    end: time,
    decided_by: object,
    reason: str = "",
) -> SeasonWish:
    """Staff allocate a wish as asked or with a changed time or room. Refused, with the
    reason, when the time is outside the lending hours or overlaps another allocation."""
    locked = _editable_wish(wish)
    season_round = locked.application.round
    infos = room_infos(season_round)
    if room.pk not in infos:
        raise SeasonError(_("Choose a room in one of the round's venues."), field="room")
    if end <= start:
        raise SeasonError(_("The end time must be after the start time."), field="end_time")
    info = infos[room.pk]
    if not any(o <= start and end <= c for o, c in info.opening.get(weekday, [])):
        raise SeasonError(
            _("%(room)s is not lent out %(weekday)s %(start)s–%(end)s in this term.")
            % {
                "room": room.name,
                "weekday": Weekday(weekday).label,
                "start": f"{start:%H:%M}",
                "end": f"{end:%H:%M}",
            },
            field="start_time",
        )
    slot = Slot(room.pk, weekday, start, end)
    others = (
        SeasonWish.objects.filter(
            application__round=season_round, outcome=SeasonWish.Outcome.ALLOCATED
        )
        .exclude(pk=locked.pk)
        .select_related("application", "allocated_room")
    )
    for other in others:
        if other.allocated_room_id in infos and slot.overlaps(
            Slot(
                other.allocated_room_id,
                other.allocated_weekday,
                other.allocated_start,
                other.allocated_end,
            ),
            infos,
        ):
            raise SeasonError(
                _("The time overlaps the time allocated to %(organisation)s (%(time)s).")
                % {
                    "organisation": other.application.organisation_name,
                    "time": other.describe_allocated(),
                },
                field="start_time",
            )
    for taken in season_slots_elsewhere(season_round, {room.pk}):
        if slot.overlaps(taken, infos):
            raise SeasonError(
                _("Another round has already booked this room at that time."), field="start_time"
            )
    locked.outcome = SeasonWish.Outcome.ALLOCATED
    locked.allocated_room = room
    locked.allocated_weekday = weekday
    locked.allocated_start = start
    locked.allocated_end = end
    locked.decided_by = decided_by
    with translation.override(locked.application.language):
        if reason.strip():
            locked.reason = reason.strip()
        elif locked.is_changed:
            locked.reason = _("allocated with a change: %(time)s") % {
                "time": locked.describe_allocated()
            }
        else:
            locked.reason = _("allocated as asked")
    locked.save()
    return locked


@transaction.atomic
def decline_wish(*, wish: SeasonWish, reason: str, decided_by: object) -> SeasonWish:
    reason = reason.strip()
    if not reason:
        raise SeasonError(_("Give a reason for declining."), field="reason")
    locked = _editable_wish(wish)
    locked.outcome = SeasonWish.Outcome.DECLINED
    locked.allocated_room = None
    locked.allocated_weekday = locked.allocated_start = locked.allocated_end = None
    locked.reason = reason
    locked.decided_by = decided_by
    locked.save()
    return locked


# Sending the decisions


@transaction.atomic
def send_decisions(*, season_round: SeasonRound, decided_by: object) -> int:
    """Turn every allocated wish into a weekly series of approved bookings and e-mail every
    applicant their outcome, with reasons, price, iCal file and how to ask for a review.

    All or nothing: if any allocated time is booked already by another round (also one
    that sent its decisions a moment ago), nothing is saved and the message says which.
    Dates when the venue is closed, and dates already booked one by one, are left out of
    the series and listed in the e-mail."""
    locked = SeasonRound.objects.select_for_update().get(pk=season_round.pk)
    if locked.status() != SeasonRound.Status.ALLOCATING:
        raise SeasonError(_("The decisions can be sent once, after the deadline."))
    wishes = list(
        SeasonWish.objects.filter(application__round=locked).select_related(
            "application", "allocated_room", "allocated_room__venue"
        )
    )
    pending = [wish for wish in wishes if wish.outcome == SeasonWish.Outcome.PENDING]
    if pending:
        raise SeasonError(
            _("%(count)s wish(es) are not decided yet. Run the proposal or decide them.")
            % {"count": len(pending)}
        )
    allocated = [wish for wish in wishes if wish.outcome == SeasonWish.Outcome.ALLOCATED]
    tree = RoomTree.for_rooms(wish.allocated_room_id for wish in allocated)
    # Lock the outermost rooms in id order (as single approvals do), so two rounds sending
    # at once take turns instead of deadlocking; the exclusion constraint decides who wins.
    roots = sorted({tree.root(wish.allocated_room_id) for wish in allocated})
    list(Room.objects.select_for_update().filter(pk__in=roots).order_by("pk").values("pk"))
    venues = {venue.pk: venue for venue in round_venues(locked)}
    now = timezone.now()
    left_out: dict[int, list[date]] = {}
    for wish in allocated:
        room = wish.allocated_room
        venue = venues[room.venue_id]
        days = term_dates(
            locked, venue, wish.allocated_weekday, wish.allocated_start, wish.allocated_end
        )
        left_out[wish.pk] = _booked_one_by_one(room, days, wish, tree)
        days = [day for day in days if day not in left_out[wish.pk]]
        if not days:
            continue
        application = wish.application
        booking = BookingRequest.objects.create(
            room=room,
            organisation=application.organisation,
            **{name: getattr(application, name) for name in APPLICANT_FIELDS},
            expected_participants=application.participants,
            age_group=application.age_group,
            **{name: getattr(application, name) for name in BORROWER_FIELDS},
            is_weekly=True,
            first_date=days[0],
            last_date=days[-1],
            start_time=wish.allocated_start,
            end_time=wish.allocated_end,
            language=application.language,
        )
        occurrences = BookingOccurrence.objects.bulk_create(
            BookingOccurrence(
                request=booking,
                room=room,
                during=DateTimeTZRange(
                    local_datetime(day, wish.allocated_start),
                    local_datetime(day, wish.allocated_end),
                    "[)",
                ),
                status=BookingOccurrence.Status.APPROVED,
                decided_at=now,
                decided_by=decided_by,
            )
            for day in days
        )
        try:
            with transaction.atomic():
                Occupancy.objects.bulk_create(
                    row for occurrence in occurrences for row in occupancy_rows(occurrence, tree)
                )
        except IntegrityError as error:
            raise SeasonError(
                _(
                    "Nothing was sent: %(organisation)s's time %(time)s is already booked by "
                    "another round's decisions. Change or decline it, then send again."
                )
                % {
                    "organisation": wish.application.organisation_name,
                    "time": wish.describe_allocated(),
                }
            ) from error
        wish.booking = booking
        wish.save(update_fields=["booking"])
    locked.decisions_sent_at = now
    locked.decisions_sent_by = decided_by
    locked.save(update_fields=["decisions_sent_at", "decisions_sent_by"])
    applications = list(locked.applications.select_related("round", "round__unit"))
    SeasonApplication.objects.filter(round=locked).update(decision_sent_at=now)
    for application in applications:
        _queue_decision(application, venues, left_out)
    return len(applications)


def _booked_one_by_one(
    room: Room, days: list[date], wish: SeasonWish, tree: RoomTree
) -> list[date]:
    """Dates in the series that an approved single booking already holds."""
    if not days:
        return []
    related = tree.related(room.pk)
    busy = (
        BookingOccurrence.objects.approved()
        .filter(room__in=related, request__season_wish__isnull=True)
        .overlapping(
            local_datetime(days[0], wish.allocated_start),
            local_datetime(days[-1], wish.allocated_end),
        )
        .values_list("during", flat=True)
    )
    taken = []
    for during in busy:
        for day in days:
            start = local_datetime(day, wish.allocated_start)
            end = local_datetime(day, wish.allocated_end)
            if during.lower < end and start < during.upper:
                taken.append(day)
    return sorted(set(taken))


def application_ical(application: SeasonApplication) -> bytes:
    """The application's allocated times, date by date (attached to the decision)."""
    occurrences = (
        BookingOccurrence.objects.approved()
        .filter(request__season_wish__application=application)
        .select_related("room", "room__venue")
    )
    entries = [
        CalendarEntry(
            uid=f"lokaler-sesong-{occurrence.pk}-{application.token[:12]}@frivilligkontoret.oslo",
            stamp=occurrence.decided_at,
            start=occurrence.during.lower,
            end=occurrence.during.upper,
            summary=f"{application.activity[:80]} – {occurrence.room.name}, "
            f"{occurrence.room.venue.name}",
            location=f"{occurrence.room.name}, {occurrence.room.venue.name}, "
            f"{occurrence.room.venue.address}",
            status="CONFIRMED",
        )
        for occurrence in occurrences
    ]
    return calendar_file(application.round.name, entries)


def _queue_decision(
    application: SeasonApplication, venues: dict[int, Venue], left_out: dict[int, list[date]]
) -> None:
    with translation.override(application.language):
        price = application_price(application, allocated=True, venues=venues)
    has_calendar = BookingOccurrence.objects.filter(
        request__season_wish__application=application
    ).exists()
    attachments = []
    if has_calendar:
        attachments.append(("sesong.ics", application_ical(application).decode(), "text/calendar"))
    _queue_application_mail(
        application,
        "decision",
        attachments=attachments,
        price=price,
        has_calendar=has_calendar,
        left_out=left_out,
    )


# Single requests while a round holds the rooms


def rounds_holding(venue: Venue, today: date | None = None) -> list[SeasonRound]:
    """Rounds that keep the venue's rooms from single requests in their term (open, or
    closed and not yet decided)."""
    today = today or timezone.localdate()
    return list(
        SeasonRound.objects.holding_rooms(today).filter(venues=venue).order_by("term_starts_on")
    )


def holding_round(rounds: list[SeasonRound], day: date) -> SeasonRound | None:
    for season_round in rounds:
        if season_round.term_starts_on <= day <= season_round.term_ends_on:
            return season_round
    return None


# Figures


TIME_BANDS = [
    (time(0), time(16), gettext_lazy("daytime, before 16")),
    (time(16), time(18), gettext_lazy("afternoon, 16–18")),
    (time(18), time(20), gettext_lazy("evening, 18–20")),
    (time(20), time(23, 59), gettext_lazy("late evening, from 20")),
]


def time_band(start: time) -> str:
    """The band a wish starting at `start` belongs to (for the figures)."""
    for first, last, label in TIME_BANDS:
        if first <= start < last:
            return str(label)
    return str(TIME_BANDS[-1][2])


@dataclass
class RoundFigures:
    """Hours per week applied for, allocated and declined, with breakdowns."""

    applied: float
    allocated: float
    declined: float
    applications: int
    by: dict[str, dict[str, dict[str, float]]]  # dimension -> key -> {applied, allocated, declined}


def round_figures(season_rounds: list[SeasonRound] | SeasonRound) -> RoundFigures:
    """Weekly hours applied for, allocated and declined per venue, room kind, weekday and
    time band: unmet demand made visible. A fixed number of queries."""
    if isinstance(season_rounds, SeasonRound):
        season_rounds = [season_rounds]
    wishes = SeasonWish.objects.filter(application__round__in=season_rounds).select_related(
        "venue", "room", "allocated_room"
    )
    from lokaler.models import RoomKind

    kinds = dict(RoomKind.choices)
    by: dict[str, dict[str, dict[str, float]]] = {
        "venue": defaultdict(lambda: defaultdict(float)),
        "room_kind": defaultdict(lambda: defaultdict(float)),
        "weekday": defaultdict(lambda: defaultdict(float)),
        "time_band": defaultdict(lambda: defaultdict(float)),
    }
    totals = defaultdict(float)
    for wish in wishes:
        kind = wish.room.kind if wish.room_id else wish.room_kind
        keys = {
            "venue": wish.venue.name,
            "room_kind": str(kinds.get(kind, kind)),
            "weekday": str(Weekday(wish.weekday).label),
            "time_band": time_band(wish.start_time),
        }
        values = {"applied": wish.wished_hours}
        if wish.outcome == SeasonWish.Outcome.ALLOCATED:
            values["allocated"] = wish.allocated_hours
        elif wish.outcome == SeasonWish.Outcome.DECLINED:
            values["declined"] = wish.wished_hours
        for dimension, key in keys.items():
            for measure, hours in values.items():
                by[dimension][key][measure] += hours
        for measure, hours in values.items():
            totals[measure] += hours
    applications = SeasonApplication.objects.filter(round__in=season_rounds).count()
    # Weekdays and times of day in their own order, the rest alphabetically.
    weekdays = [str(label) for _value, label in Weekday.choices]
    bands = [str(label) for _first, _last, label in TIME_BANDS]
    order = {
        "venue": lambda key: (0, key),
        "room_kind": lambda key: (0, key),
        "weekday": lambda key: (weekdays.index(key), key),
        "time_band": lambda key: (bands.index(key), key),
    }
    return RoundFigures(
        applied=round(totals["applied"], 1),
        allocated=round(totals["allocated"], 1),
        declined=round(totals["declined"], 1),
        applications=applications,
        by={
            dimension: {
                key: {
                    measure: round(values.get(measure, 0.0), 1)
                    for measure in ("applied", "allocated", "declined")
                }
                for key, values in sorted(rows.items(), key=lambda row: order[dimension](row[0]))
            }
            for dimension, rows in by.items()
        },
    )


def season_statistics(*, period: Any) -> list:
    """Tables for the Statistics page (frivilligkontor.statistics.Period): season rounds
    whose deadline falls in the period, hours per week applied for, allocated and declined
    (unmet demand) by venue, and declined hours by room kind, weekday and time of day, each
    beside the rounds of the same days a year before."""
    from lokaler.models import RoomKind

    def rounds_in(which: Any) -> list[SeasonRound]:
        rounds = SeasonRound.objects.filter(closes_on__gte=which.start, closes_on__lte=which.end)
        if which.district is not None:
            rounds = rounds.filter(venues__district=which.district).distinct()
        return list(rounds)

    now_rounds, before_rounds = rounds_in(period), rounds_in(period.previous_year())
    now, before = round_figures(now_rounds), round_figures(before_rounds)
    columns = comparison_columns(period)
    key = StatTable(
        slug="season-key-figures",
        title=_("Season lending: key figures (hours per week)"),
        row_heading=_("Figure"),
        columns=columns,
        chart=False,
        rows=[
            (
                _("Season rounds with their deadline in the period"),
                [len(now_rounds), len(before_rounds)],
            ),
            (_("Applications"), [now.applications, before.applications]),
            (_("Hours per week applied for"), [now.applied, before.applied]),
            (_("Hours per week allocated"), [now.allocated, before.allocated]),
            (_("Hours per week declined (unmet demand)"), [now.declined, before.declined]),
        ],
    )
    venues = now.by["venue"]
    per_venue = StatTable(
        slug="season-hours-per-venue",
        title=_("Season lending: hours per week by venue"),
        row_heading=_("Venue"),
        columns=[_("applied for"), _("allocated"), _("declined")],
        rows=[
            (name, [values["applied"], values["allocated"], values["declined"]])
            for name, values in sorted(venues.items())
        ],
        note=_("Rounds with their deadline in the chosen period."),
    )

    def declined_by(dimension: str, order: list[str], slug: str, title: str, heading: str) -> Any:
        keys = [key for key in order if key in now.by[dimension] or key in before.by[dimension]]
        return StatTable(
            slug=slug,
            title=title,
            row_heading=heading,
            columns=columns,
            rows=[
                (
                    key,
                    [
                        now.by[dimension].get(key, {}).get("declined", 0.0),
                        before.by[dimension].get(key, {}).get("declined", 0.0),
                    ],
                )
                for key in keys
            ],
        )

    return [
        key,
        per_venue,
        declined_by(
            "room_kind",
            [str(label) for _value, label in RoomKind.choices],
            "season-declined-per-room-kind",
            _("Season lending: hours per week declined, by type of room"),
            _("Type of room"),
        ),
        declined_by(
            "weekday",
            [str(label) for _value, label in Weekday.choices],
            "season-declined-per-weekday",
            _("Season lending: hours per week declined, by weekday"),
            _("Weekday"),
        ),
        declined_by(
            "time_band",
            [str(label) for _first, _last, label in TIME_BANDS],
            "season-declined-per-time-band",
            _("Season lending: hours per week declined, by time of day"),
            _("Time of day"),
        ),
    ]


@transaction.atomic
def anonymise_finished_season_applications(
    *, older_than_days: int, today: date | None = None
) -> int:
    """Remove the personal data of season applications whose term ended more than
    `older_than_days` ago (LOKALER_BOOKING_RETENTION_DAYS, as for single bookings): contact
    person, e-mail, phone, the activity text and, for new initiatives and applications
    without an organisation number, the name given; also their recorded history. The round,
    the wishes, their outcomes and the numbers stay for the figures; the secret link stops
    working. Idempotent; returns how many were anonymised."""
    today = today or timezone.localdate()
    return SeasonApplication.objects.filter(
        round__term_ends_on__lt=today - timedelta(days=older_than_days)
    ).remove_personal_data()
