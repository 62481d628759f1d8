"""Oslo's lending rules as code, for single bookings and season lending alike.

Three questions, each answered with an explanation the applicant and the staff can read:

1. Who borrows free of charge (the forskrift on lending school and other municipal premises
   to voluntary organisations): activity for pupils of the school; activity for children and
   youth under 25 (mixed-age groups at least 90 % under 25); sports clubs training people with
   intellectual disabilities, whatever their age; approved adult-education organisations.
   Everyone else pays cost price.
2. What cost price is: the year's price table (kept in the admin) by the room's size, plus a
   set-up fee per agreement (term or single evening), plus supervision and extra cleaning
   per hour where the venue requires them.
3. In which order season applications are served: existing season holders first, then free
   activity for children and youth, then other organisations; within a group, everyone's
   first wish before anyone's second.

Pure functions over small dataclasses: no database here, so every rule is tested on its own.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.utils.translation import gettext_lazy as _

YOUTH_AGE_GROUPS = frozenset({"children", "youth"})
MIXED_AGE_GROUPS = frozenset({"all_ages", "adults", "seniors"})
YOUTH_SHARE_FOR_FREE = 90  # per cent under 25 in a mixed-age group


@dataclass(frozen=True)
class Borrower:
    """What the rules need to know about who borrows and for what."""

    age_group: str
    share_under_25: int | None = None  # per cent; None when not given
    is_for_pupils_of_the_school: bool = False
    is_adapted_sports: bool = False  # sports for people with intellectual disabilities
    is_adult_education: bool = False  # approved adult-education organisation (studieforbund)

    @classmethod
    def of(cls, record: object) -> "Borrower":
        """From anything with the fields (a booking request, a season application, the
        details a form cleaned): the age group and lokaler.models.BORROWER_FIELDS."""
        return cls(
            age_group=record.age_group,
            share_under_25=record.share_under_25,
            is_for_pupils_of_the_school=record.is_for_pupils_of_the_school,
            is_adapted_sports=record.is_adapted_sports,
            is_adult_education=record.is_adult_education,
        )


@dataclass(frozen=True)
class FreeOfCharge:
    """Whether the borrower borrows free, and the rule that decided it."""

    is_free: bool
    reason: str
    is_youth_activity: bool = False


def is_youth_activity(borrower: Borrower) -> bool:
    """Children and youth under 25, or a mixed-age group with at least 90 % under 25."""
    if borrower.age_group in YOUTH_AGE_GROUPS:
        return True
    share = borrower.share_under_25
    return share is not None and share >= YOUTH_SHARE_FOR_FREE


def free_of_charge(borrower: Borrower, *, venue_free_for_youth: bool = True) -> FreeOfCharge:
    """Apply the forskrift's rules in order; the first that fits gives the reason.

    `venue_free_for_youth` is the venue's own setting: a venue outside the forskrift (a
    bydelshus that charges everyone) can turn the children-and-youth rule off."""
    if borrower.is_for_pupils_of_the_school:
        return FreeOfCharge(True, str(_("Free: activity for the school's own pupils")))
    if is_youth_activity(borrower) and venue_free_for_youth:
        if borrower.age_group in YOUTH_AGE_GROUPS:
            reason = _("Free: activity for children and youth under 25")
        else:
            reason = _("Free: at least 90 % of the participants are under 25")
        return FreeOfCharge(True, str(reason), is_youth_activity=True)
    if borrower.is_adapted_sports:
        return FreeOfCharge(
            True, str(_("Free: sports training for people with intellectual disabilities"))
        )
    if borrower.is_adult_education:
        return FreeOfCharge(True, str(_("Free: approved adult-education organisation")))
    if is_youth_activity(borrower):
        return FreeOfCharge(
            False,
            str(_("Cost price: this venue does not lend free of charge to children and youth")),
        )
    if borrower.share_under_25 is not None and borrower.age_group in MIXED_AGE_GROUPS:
        return FreeOfCharge(
            False,
            str(
                _(
                    "Cost price: fewer than 90 % of the participants are under 25, "
                    "and no other rule for free lending applies"
                )
            ),
        )
    return FreeOfCharge(False, str(_("Cost price: no rule for free lending applies")))


class Prices(Protocol):
    """The figures of one year's price table (see lokaler.season.models.PriceTable)."""

    year: int
    room_up_to_100: int
    room_100_to_400: int
    room_over_400: int
    setup_fee_term: int
    setup_fee_single: int
    supervision_per_hour: int
    cleaning_per_hour: int


SMALL_ROOM_MAX_M2 = 100
MEDIUM_ROOM_MAX_M2 = 400


@dataclass(frozen=True)
class PriceLine:
    label: str
    amount: Decimal


@dataclass(frozen=True)
class Price:
    """A price with its lines ("41 kr × 30 hours"), or free with the reason."""

    is_free: bool
    reason: str
    lines: list[PriceLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))


def hourly_rate(prices: Prices, *, area_square_metres: int | None, whole_school: bool = False):
    """The hourly rate for a room of this size, and the band as words."""
    if whole_school or (area_square_metres is not None and area_square_metres > MEDIUM_ROOM_MAX_M2):
        return prices.room_over_400, _("room over 400 m² or the whole school")
    if area_square_metres is not None and area_square_metres <= SMALL_ROOM_MAX_M2:
        return prices.room_up_to_100, _("room up to 100 m²")
    # Unknown size is priced as the middle band: most rooms lent are gyms and halls of that size.
    return prices.room_100_to_400, _("room of 100–400 m²")


@dataclass(frozen=True)
class Use:
    """One room used under an agreement: its size, the hours in total, the venue's rules."""

    area_square_metres: int | None
    hours: Decimal | float | int
    requires_supervision: bool = False
    requires_cleaning: bool = False
    venue_free_for_youth: bool = True
    whole_school: bool = False
    label: str = ""


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def price(*, borrower: Borrower, prices: Prices | None, uses: list[Use], is_term: bool) -> Price:
    """What one agreement costs: free with the reason, or cost price line by line.

    Each use is charged by the hour at the rate of its room's size (hours = every evening of
    a term added up), plus supervision and extra cleaning for the same hours where the venue
    requires them; the agreement pays one set-up fee (a term, or a single date). Without a
    price table for the year, the price is not known and no lines are given; without any
    hours (nothing allocated or approved) there is nothing to pay, not even the set-up fee."""
    venue_free_for_youth = all(use.venue_free_for_youth for use in uses) if uses else True
    verdict = free_of_charge(borrower, venue_free_for_youth=venue_free_for_youth)
    if verdict.is_free:
        return Price(True, verdict.reason)
    if not any(Decimal(str(use.hours)) > 0 for use in uses):
        # Nothing allocated or approved (a declined application or request): no hours, and
        # no agreement to pay a set-up fee for.
        return Price(False, str(_("Nothing to pay: no time was allocated")))
    if prices is None:
        return Price(False, str(_("Cost price: the price list for the year is not published yet")))
    lines = []
    for use in uses:
        hours = Decimal(str(use.hours))
        rate, band = hourly_rate(
            prices, area_square_metres=use.area_square_metres, whole_school=use.whole_school
        )
        prefix = f"{use.label}: " if use.label else ""
        lines.append(
            PriceLine(
                prefix
                + str(_("%(hours)s hours × %(rate)s kr (%(band)s)"))
                % {"hours": _number(hours), "rate": rate, "band": band},
                hours * rate,
            )
        )
        if use.requires_supervision:
            lines.append(
                PriceLine(
                    prefix
                    + str(_("supervision, %(hours)s hours × %(rate)s kr"))
                    % {"hours": _number(hours), "rate": prices.supervision_per_hour},
                    hours * prices.supervision_per_hour,
                )
            )
        if use.requires_cleaning:
            lines.append(
                PriceLine(
                    prefix
                    + str(_("extra cleaning, %(hours)s hours × %(rate)s kr"))
                    % {"hours": _number(hours), "rate": prices.cleaning_per_hour},
                    hours * prices.cleaning_per_hour,
                )
            )
    lines.append(
        PriceLine(
            str(_("Set-up fee for a term")) if is_term else str(_("Set-up fee for a single date")),
            Decimal(prices.setup_fee_term if is_term else prices.setup_fee_single),
        )
    )
    return Price(False, verdict.reason, lines)


# Season allocation: the order in which applications are served.

TIER_SEASON_HOLDER = 0
TIER_FREE_YOUTH = 1
TIER_OTHERS = 2


@dataclass(frozen=True)
class Priority:
    tier: int
    reason: str


def season_priority(
    *, borrower: Borrower, held_season_before: bool, venue_free_for_youth: bool = True
) -> Priority:
    """Oslo's order of priority for season lending, with the reason shown to staff and in
    the decision: existing season holders, then free-of-charge activity for children and
    youth (under 25, or at least 90 % under 25), then other organisations."""
    if held_season_before:
        return Priority(TIER_SEASON_HOLDER, str(_("prioritised: season holder last season")))
    verdict = free_of_charge(borrower, venue_free_for_youth=venue_free_for_youth)
    if verdict.is_free and verdict.is_youth_activity:
        return Priority(
            TIER_FREE_YOUTH, str(_("prioritised: free activity for children and youth"))
        )
    return Priority(TIER_OTHERS, str(_("other organisations: served after those prioritised")))
