"""Workflows for events, registrations and the directory of organisations.

Every change to the confirmed places of an event happens here, while the event row is
locked (`select_for_update`), so two registrations can never both take the last place.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from frivilligkontor.links import absolute_url
from frivilligkontor.mail import queue_email
from frivilligkontor.models import Organisation, Unit
from nettverk.calendar import event_ical
from nettverk.models import Event, MeetingPlace, OrganisationContactLanguage, Registration


class RegistrationRefused(Exception):
    """Registration is not possible; `message` is translated and can be shown to the person."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    confirmed: int
    waiting: int
    # The address was registered already; nothing new was saved (the view answers the same).
    already_registered: bool = False


def _already_registered(registration: Registration, *, party_size: int) -> RegistrationResult:
    """An address already registered: e-mail it what it has (with the secret link), and
    answer with the figures a new registration of `party_size` would get, so the page tells
    whoever typed the address nothing about an existing registration."""
    _send_registration_email(registration, "registration_received")
    event = registration.event
    someone_waiting = event.registrations.waiting_in_order().exists()
    confirmed = 0 if someone_waiting else min(event.places_left, party_size)
    return RegistrationResult(
        registration=registration,
        confirmed=confirmed,
        waiting=party_size - confirmed,
        already_registered=True,
    )


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _recount_confirmed(event: Event) -> None:
    """Store the sum of confirmed places. The check constraint refuses more than capacity."""
    total = event.registrations.active().aggregate(total=Sum("confirmed_places"))["total"] or 0
    event.confirmed_places = total
    event.save(update_fields=["confirmed_places"])


def _mail_registered(
    registration: Registration,
    template: str,
    *,
    event: Event,
    context: dict | None = None,
    **options: Any,
) -> None:
    """E-mail one registered person in their language, with links to the event and to
    their own registration; `options` go to `queue_email`."""
    language = registration.language
    queue_email(
        to=[registration.email],
        template_prefix=f"nettverk/email/{template}",
        context={
            "registration": registration,
            "event": event,
            "event_url": absolute_url("nettverk:event_detail", language=language, slug=event.slug),
            "manage_url": absolute_url(
                "nettverk:registration_manage", language=language, token=registration.cancel_token
            ),
            **(context or {}),
        },
        language=language,
        **options,
    )


def _send_registration_email(registration: Registration, template: str) -> None:
    event = registration.event
    _mail_registered(
        registration,
        template,
        event=event,
        attachments=[
            (
                "arrangement.ics",
                event_ical(event, language=registration.language).decode(),
                "text/calendar",
            )
        ]
        if not event.is_cancelled
        else [],
    )


@transaction.atomic
def register(
    *,
    event: Event,
    name: str,
    email: str,
    party_size: int,
    organisation_name: str = "",
    needs: str = "",
    language: str = "nb",
    now: datetime.datetime | None = None,
) -> RegistrationResult:
    """Register a party for an event, confirming as many places as are left.

    The event row is locked while the places are counted and the registration is saved,
    so simultaneous registrations are served one at a time. The places left are
    confirmed; the rest of the party goes on the waiting list in the same registration.
    Sends a confirmation e-mail with a calendar file and the secret link to cancel.
    """
    event = _lock_event(event.pk)
    if not event.registration_is_open(now):
        raise RegistrationRefused(
            _("Registration for this event is closed."), code="registration_closed"
        )
    email = email.strip()
    existing = event.registrations.active().filter(email__iexact=email).first()
    if existing is not None:
        return _already_registered(existing, party_size=party_size)
    registration = Registration(
        event=event,
        name=name.strip(),
        email=email,
        party_size=party_size,
        organisation_name=organisation_name.strip(),
        needs=needs.strip(),
        language=language,
        created_at=now or timezone.now(),
    )
    # Someone already waiting keeps their turn: newcomers only get places nobody waits for.
    someone_waiting = event.registrations.waiting_in_order().exists()
    confirmed = 0 if someone_waiting else min(event.places_left, party_size)
    registration.set_places(confirmed)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # Registered a moment ago by a simultaneous request with the same address.
        existing = event.registrations.active().filter(email__iexact=email).first()
        if existing is None:
            raise RegistrationRefused(
                _("Your registration could not be saved just now. Please try again."),
                code="not_saved",
            ) from None
        return _already_registered(existing, party_size=party_size)
    _recount_confirmed(event)
    _send_registration_email(registration, "registration_received")
    return RegistrationResult(
        registration=registration,
        confirmed=registration.confirmed_places,
        waiting=registration.waiting_places,
    )


def _promote_waiting(event: Event, *, now: datetime.datetime | None = None) -> list[Registration]:
    """Give free places to the waiting list, strictly in order. The event must be locked."""
    now = now or timezone.now()
    if event.state != Event.State.PLANNED or event.starts_at <= now:
        return []
    promoted = []
    free = event.capacity - event.confirmed_places
    for registration in event.registrations.waiting_in_order().select_for_update():
        if free <= 0:
            break
        extra = min(free, registration.waiting_places)
        registration.set_places(registration.confirmed_places + extra)
        registration.save(update_fields=["confirmed_places", "waiting_places", "status"])
        free -= extra
        promoted.append(registration)
    if promoted:
        _recount_confirmed(event)
        for registration in promoted:
            _send_registration_email(registration, "moved_up")
    return promoted


@transaction.atomic
def cancel_registration(
    *, registration: Registration, now: datetime.datetime | None = None
) -> list[Registration]:
    """Cancel a registration (secret link or staff) and move the waiting list up in order.

    Returns the registrations that got places; each of them is e-mailed.
    """
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.is_cancelled:
        return []
    registration.status = Registration.Status.CANCELLED
    registration.confirmed_places = 0
    registration.waiting_places = 0
    registration.cancelled_at = now or timezone.now()
    registration.save(
        update_fields=["status", "confirmed_places", "waiting_places", "cancelled_at"]
    )
    _recount_confirmed(event)
    if registration.email:
        _send_registration_email(registration, "registration_cancelled")
    return _promote_waiting(event, now=now)


@transaction.atomic
def fill_free_places(*, event: Event) -> list[Registration]:
    """After the capacity was raised: move the waiting list up into the new places."""
    event = _lock_event(event.pk)
    _recount_confirmed(event)
    return _promote_waiting(event)


def _notify_everyone(
    event: Event, template: str, extra: dict | None = None, *, include_waiting: bool = True
) -> int:
    """E-mail everyone registered (or only those with a confirmed place). Returns how many."""
    recipients = event.registrations.active().not_anonymised().exclude(email="")
    if not include_waiting:
        recipients = recipients.filter(confirmed_places__gt=0)
    count = 0
    for registration in recipients:
        _mail_registered(
            registration,
            template,
            event=event,
            context=extra,
            reply_to=[settings.OFFICE_EMAIL],
        )
        count += 1
    return count


@transaction.atomic
def cancel_event(*, event: Event, message: str) -> int:
    """Cancel an event and e-mail everyone registered (confirmed and waiting).

    Returns the number of people e-mailed. Cancelling twice sends nothing the second time.
    """
    event = _lock_event(event.pk)
    if event.state == Event.State.CANCELLED:
        return 0
    event.state = Event.State.CANCELLED
    event.state_message = message.strip()
    event.save(update_fields=["state", "state_message"])
    return _notify_everyone(event, "event_cancelled")


@transaction.atomic
def postpone_event(
    *,
    event: Event,
    message: str,
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
) -> int:
    """Move an event to a new time, or postpone it until a new time is decided.

    With a new start and end the event stays planned at the new time; without, it is
    marked postponed (registration closes). Everyone registered is e-mailed either way.
    """
    if (starts_at is None) != (ends_at is None):
        raise ValidationError(_("Give both a new start and a new end, or neither."))
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise ValidationError(_("The event must end after it starts."))
    event = _lock_event(event.pk)
    old_starts_at = event.starts_at
    if starts_at is not None:
        event.starts_at = starts_at
        event.ends_at = ends_at
        event.state = Event.State.PLANNED
        if event.registration_deadline and event.registration_deadline > starts_at:
            event.registration_deadline = None
    else:
        event.state = Event.State.POSTPONED
    event.state_message = message.strip()
    event.save(
        update_fields=["starts_at", "ends_at", "state", "state_message", "registration_deadline"]
    )
    return _notify_everyone(
        event,
        "event_moved" if starts_at else "event_postponed",
        {"old_starts_at": old_starts_at},
    )


# Fields of an event that say where it is; changing one on an event with people registered
# is a move, and everyone registered is told.
PLACE_FIELDS = ("venue", "district", "place", "online_url")


@transaction.atomic
def notify_place_changed(*, event: Event) -> int:
    """E-mail everyone registered (confirmed and waiting) that the event has a new place."""
    return _notify_everyone(event, "event_place_changed")


def email_participants(
    *, event: Event, subject: str, message: str, include_waiting: bool = True
) -> int:
    """Send the organiser's own message to the people registered. Returns how many."""
    with transaction.atomic():
        return _notify_everyone(
            event,
            "organiser_message",
            {"subject": subject, "message": message},
            include_waiting=include_waiting,
        )


def mark_attendance(*, registrations: "list[Registration] | object", attended: bool | None) -> int:
    """Mark whether the people registered came. Only confirmed registrations count."""
    return (
        Registration.objects.filter(pk__in=[r.pk for r in registrations])  # type: ignore[union-attr]
        .exclude(status=Registration.Status.CANCELLED)
        .update(attended=attended)
    )


@transaction.atomic
def anonymise_registrations(*, older_than_days: int, now: datetime.datetime | None = None) -> int:
    """Remove personal data from registrations for events that ended `older_than_days` ago.

    Counts (party size, confirmed and waiting places, attendance, status) are kept for the
    figures. Idempotent: already anonymised registrations are left alone.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=older_than_days)
    from frivilligkontor.models import new_secret_token

    registrations = Registration.objects.not_anonymised().filter(event__ends_at__lt=cutoff)
    count = 0
    for registration in registrations.select_for_update().only("pk"):
        Registration.objects.filter(pk=registration.pk).update(
            name="",
            email="",
            organisation_name="",
            needs="",
            cancel_token=new_secret_token(),
            anonymised_at=now,
        )
        count += 1
    return count


@transaction.atomic
def generate_series_events(
    *, meeting_place: MeetingPlace, until: datetime.date | None = None
) -> int:
    """Create the single events of a meeting place (idempotent). Returns how many were new."""
    tz = timezone.get_current_timezone()
    created = 0
    for day in meeting_place.occurrence_dates():
        if until and day > until:
            break
        starts_at = datetime.datetime.combine(day, meeting_place.start_time, tzinfo=tz)
        ends_at = datetime.datetime.combine(day, meeting_place.end_time, tzinfo=tz)
        _, was_created = Event.objects.get_or_create(
            series=meeting_place,
            starts_at=starts_at,
            defaults={
                "kind": "meeting_place",
                "title": meeting_place.title,
                "description": meeting_place.description,
                "ends_at": ends_at,
                "unit": meeting_place.unit,
                "district": meeting_place.district,
                "venue": meeting_place.venue,
                "place": meeting_place.place,
                "target_groups": meeting_place.target_groups,
                "language": meeting_place.language,
                "accessibility": meeting_place.accessibility,
                "capacity": meeting_place.capacity,
            },
        )
        created += was_created
    return created


# --- The directory of organisations -------------------------------------------------


def organisation_number_taken(number: str, *, exclude_pk: int | None = None) -> bool:
    if not number:
        return False
    queryset = Organisation.objects.filter(organisation_number=number)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.exists()


def _number_taken_error() -> ValidationError:
    return ValidationError(
        {
            "organisation_number": _(
                "An organisation with this organisation number is already registered. "
                "If it is yours, use the edit link you got by e-mail, or contact us."
            )
        },
        code="organisation_number_taken",
    )


def _save_organisation(organisation: Organisation, *, districts: list[Unit], language: str) -> None:
    """Save the entry, its districts and its e-mail language. A number registered at the
    same moment by someone else is caught by the unique constraint and reported on the field."""
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:
        raise _number_taken_error() from error
    organisation.districts.set(districts)
    OrganisationContactLanguage.remember(organisation, language)


@transaction.atomic
def register_organisation(
    *, organisation: Organisation, districts: list[Unit], language: str = "nb"
) -> Organisation:
    """Save a self-registered organisation as pending, and e-mail its secret edit link.

    The office is told that an entry waits for approval. A number registered at the same
    moment by someone else is caught by the unique constraint and reported on the field.
    """
    organisation.status = Organisation.Status.PENDING
    organisation.approved_at = None
    _save_organisation(organisation, districts=districts, language=language)
    _tell_organisation(organisation, "organisation_received")
    queue_email(
        to=[settings.OFFICE_EMAIL],
        template_prefix="nettverk/email/organisation_to_review",
        context={"organisation": organisation},
        language="nb",
    )
    return organisation


# Fields whose change on an approved entry must be checked by the office again before the
# entry is public: what the public reads as the organisation's identity and own words.
# Districts, activity areas, target groups and the (never shown) contact e-mail are chosen
# from fixed lists and keep the approval.
REVIEWED_FIELDS = (
    "name",
    "organisation_number",
    "is_new_initiative",
    "description",
    "website",
    "frivillig_url",
    "ungfritid_url",
)


def changes_need_review(organisation: Organisation) -> bool:
    """True when the unsaved `organisation` differs from its stored row in a reviewed field."""
    stored = Organisation.objects.filter(pk=organisation.pk).values(*REVIEWED_FIELDS).first()
    if stored is None:
        return True
    return any(stored[field] != getattr(organisation, field) for field in REVIEWED_FIELDS)


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, districts: list[Unit], language: str = "nb"
) -> bool:
    """Save changes made through the secret edit link. The office is told about them.

    An approved entry whose name, number, description or links change goes back to the
    office for approval (and out of the directory until then); changes to districts,
    activity areas, target groups or the contact e-mail stay public at once. An entry that
    was not approved is queued again, since the edit link is how it is corrected.
    Returns True when the entry now waits for approval.
    """
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    requeue = organisation.status == Organisation.Status.REJECTED or (
        organisation.status == Organisation.Status.APPROVED and changes_need_review(organisation)
    )
    if requeue:
        organisation.status = Organisation.Status.PENDING
        organisation.approved_at = None
    _save_organisation(organisation, districts=districts, language=language)
    queue_email(
        to=[settings.OFFICE_EMAIL],
        template_prefix=(
            "nettverk/email/organisation_to_review"
            if requeue
            else "nettverk/email/organisation_updated"
        ),
        context={"organisation": organisation, "changed": True},
        language="nb",
    )
    return organisation.status == Organisation.Status.PENDING


def _set_review_status(
    organisation: Organisation, status: str, *, approved_at: datetime.datetime | None
) -> Organisation | None:
    """Lock the entry and give it `status`; None if it already had it."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status == status:
        return None
    organisation.status = status
    organisation.approved_at = approved_at
    organisation.save(update_fields=["status", "approved_at"])
    return organisation


def _tell_organisation(organisation: Organisation, template: str, **context: object) -> None:
    """E-mail the entry's contact (if any) in their language, with the edit link."""
    if not organisation.contact_email:
        return
    language = OrganisationContactLanguage.of(organisation)
    queue_email(
        to=[organisation.contact_email],
        template_prefix=f"nettverk/email/{template}",
        context={
            "organisation": organisation,
            "edit_url": absolute_url(
                "nettverk:organisation_edit", language=language, token=organisation.edit_token
            ),
            **context,
        },
        language=language,
        reply_to=[settings.OFFICE_EMAIL],
    )


@transaction.atomic
def approve_organisation(
    *, organisation: Organisation, now: datetime.datetime | None = None
) -> bool:
    """Make an entry public and tell the organisation. Returns False if it already was."""
    approved = _set_review_status(
        organisation, Organisation.Status.APPROVED, approved_at=now or timezone.now()
    )
    if approved is None:
        return False
    _tell_organisation(
        approved,
        "organisation_approved",
        public_url=absolute_url(
            "nettverk:organisation_detail",
            language=OrganisationContactLanguage.of(approved),
            slug=approved.slug,
        ),
    )
    return True


@transaction.atomic
def reject_organisation(*, organisation: Organisation, reason: str = "") -> bool:
    """Keep an entry out of the directory and tell the organisation why."""
    rejected = _set_review_status(organisation, Organisation.Status.REJECTED, approved_at=None)
    if rejected is None:
        return False
    _tell_organisation(rejected, "organisation_rejected", reason=reason)
    return True


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list, None when nothing of the party waits."""
    if registration.waiting_places == 0 or registration.is_cancelled:
        return None
    return (
        registration.event.registrations.waiting_in_order()
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )
