"""What lokaler holds for an e-mail address, for "Mine saker" (frivilligkontor.mine)."""

from collections import Counter

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from frivilligkontor.mine import HeldField, HeldRecord, HeldSection, fields_of
from lokaler.models import APPLICANT_FIELDS, BOOKING_FIELDS, BookingOccurrence, BookingRequest
from lokaler.season.models import SeasonApplication, SeasonWish


def _season_applications(email: str) -> HeldSection:
    applications = (
        SeasonApplication.objects.filter(contact_email__iexact=email)
        .select_related("round")
        .prefetch_related(
            Prefetch(
                "wishes",
                queryset=SeasonWish.objects.select_related("venue", "room").order_by("priority"),
            )
        )
        .order_by("-created_at")
    )
    outcomes = dict(SeasonWish.Outcome.choices)
    records = []
    for application in applications:
        wishes = list(application.wishes.all())
        counts = Counter(wish.outcome for wish in wishes)
        records.append(
            HeldRecord(
                title=f"{application.round.name}: {application.organisation_name}",
                url=application.get_absolute_url(),
                status=", ".join(
                    f"{outcomes[outcome]}: {count}" for outcome, count in sorted(counts.items())
                ),
                when=f"{timezone.localtime(application.created_at):%d.%m.%Y}",
                details=(_("%(count)s weekly time(s) asked for") % {"count": len(wishes)},),
                action=_("See or change the application") if application.can_be_changed() else "",
                fields=fields_of(
                    application,
                    [
                        "round",
                        *APPLICANT_FIELDS,
                        "age_group",
                        "share_under_25",
                        "participants",
                        "language",
                        "created_at",
                        "updated_at",
                    ],
                )
                + (
                    HeldField(
                        "wishes",
                        _("Times asked for"),
                        [
                            {
                                "priority": wish.priority,
                                "venue": wish.venue.name,
                                "room": wish.room.name if wish.room_id else "",
                                "weekday": str(wish.get_weekday_display()),
                                "from": wish.start_time.isoformat(timespec="minutes"),
                                "to": wish.end_time.isoformat(timespec="minutes"),
                                "outcome": str(wish.get_outcome_display()),
                            }
                            for wish in wishes
                        ],
                    ),
                ),
            )
        )
    return HeldSection(
        key="season_applications",
        title=_("Season applications for premises"),
        records=tuple(records),
        kept=_(
            "Season applications are kept as records of how the municipality allocated "
            "its premises (the Archives Act)."
        ),
    )


def held_for(*, email: str) -> list[HeldSection]:
    requests = (
        BookingRequest.objects.filter(contact_email__iexact=email)
        .select_related("room", "room__venue")
        .prefetch_related(
            Prefetch("occurrences", queryset=BookingOccurrence.objects.order_by("during"))
        )
        .order_by("-created_at")
    )
    labels = dict(BookingOccurrence.Status.choices)
    records = []
    for booking in requests:
        times = list(booking.occurrences.all())
        counts = Counter(occurrence.status for occurrence in times)
        status = ", ".join(f"{labels[status]}: {count}" for status, count in sorted(counts.items()))
        first, last = (times[0], times[-1]) if times else (None, None)
        when = ""
        if first is not None:
            when = f"{first.start:%d.%m.%Y %H:%M}–{first.end:%H:%M}"
            if len(times) > 1:
                when += " … " + f"{last.start:%d.%m.%Y}"
        records.append(
            HeldRecord(
                title=f"{booking.room.venue.name}, {booking.room.name}",
                url=booking.get_absolute_url(),
                status=status,
                when=when,
                details=(
                    _("%(count)s time(s) asked for") % {"count": len(times)},
                    booking.organisation_name,
                ),
                action=_("See, or cancel times"),
                fields=fields_of(
                    booking,
                    [
                        "room",
                        *APPLICANT_FIELDS,
                        *BOOKING_FIELDS,
                        "language",
                        "created_at",
                    ],
                )
                + (
                    HeldField(
                        "times",
                        _("Times"),
                        [
                            {
                                # Kept as times: ISO in the JSON export, 30.11.2026
                                # 14:00–16:00 (Oslo time) in the readable one.
                                "from": occurrence.start,
                                "to": occurrence.end,
                                "status": str(occurrence.get_status_display()),
                                "reason": occurrence.decline_reason,
                            }
                            for occurrence in times
                        ],
                    ),
                ),
            )
        )
    return [
        _season_applications(email),
        HeldSection(
            key="booking_requests",
            title=_("Requests to borrow premises"),
            records=tuple(records),
            kept=_(
                "Booking requests are kept as records of the municipality's lending "
                "(the Archives Act) and for accounts where a fee was paid; contact details "
                "of requests that were never approved can be erased."
            ),
        ),
    ]
