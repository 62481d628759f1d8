"""Season lending: rounds of applications for a term, their wishes and outcomes, and the
year's price table.

A round belongs to a unit and covers some of its venues. Organisations apply before the
deadline with wishes (a room or any room of a kind, weekday, time, in their own order of
priority); after the deadline staff run the proposal, adjust it, and send the decisions,
which turns every allocated wish into a weekly series of approved bookings held by the same
exclusion constraint as single bookings (lokaler.models.Occupancy)."""

from datetime import date, datetime, time, timedelta

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import RecipientLanguage
from frivilligkontor.fields import choices_check
from frivilligkontor.models import (
    Organisation,
    SlugOnFirstSave,
    Unit,
    new_secret_token,
)
from frivilligkontor.slugs import remembers_old_slugs
from lokaler.models import (
    AgeGroup,
    Applicant,
    ApplicantQuerySet,
    BookingRequest,
    Room,
    RoomKind,
    Venue,
    Weekday,
)


@pghistory.track()
class PriceTable(models.Model):
    """Cost prices for one year, from Oslo's published price list (kroner)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    room_up_to_100 = models.PositiveIntegerField(_("room up to 100 m², per hour"))
    room_100_to_400 = models.PositiveIntegerField(_("room of 100–400 m², per hour"))
    room_over_400 = models.PositiveIntegerField(_("room over 400 m² or whole school, per hour"))
    setup_fee_term = models.PositiveIntegerField(_("set-up fee per agreement, term"))
    setup_fee_single = models.PositiveIntegerField(
        _("set-up fee per agreement, single evening or weekend")
    )
    supervision_per_hour = models.PositiveIntegerField(_("supervision, per hour"))
    cleaning_per_hour = models.PositiveIntegerField(_("extra cleaning, per hour"))

    class Meta:
        verbose_name = _("price table")
        verbose_name_plural = _("price tables")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="lokaler_pricetable_year"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Prices %(year)s") % {"year": self.year})

    @classmethod
    def for_year(cls, year: int) -> "PriceTable | None":
        """The table for `year`, or the newest earlier one until the new list is published."""
        return cls.objects.filter(year__lte=year).order_by("-year").first()


class Term(models.TextChoices):
    AUTUMN = "autumn", _("Autumn term")
    SPRING = "spring", _("Spring term")
    SCHOOL_YEAR = "school_year", _("Whole school year")


def default_deadline(term: str, today: date) -> date:
    """1 June for autumn or the whole school year, 1 November for spring (the next one)."""
    month = 11 if term == Term.SPRING else 6
    deadline = date(today.year, month, 1)
    return deadline if deadline >= today else date(today.year + 1, month, 1)


def next_round_defaults(today: date) -> dict:
    """What a new round starts from: the next ordinary deadline (1 November for the spring
    term, 1 June for the whole school year), open from today, answers three weeks later."""
    term = min((Term.SPRING, Term.SCHOOL_YEAR), key=lambda term: default_deadline(term, today))
    closes_on = default_deadline(term, today)
    return {
        "term": term,
        "opens_on": today,
        "closes_on": closes_on,
        "answer_by": closes_on + timedelta(days=21),
    }


class SeasonRoundQuerySet(models.QuerySet):
    def published(self) -> "SeasonRoundQuerySet":
        return self.filter(is_published=True)

    def open_or_coming(self, today: date) -> "SeasonRoundQuerySet":
        return self.published().filter(closes_on__gte=today)

    def holding_rooms(self, today: date) -> "SeasonRoundQuerySet":
        """Rounds whose rooms cannot be requested one by one in the term: open, or closed
        and not yet decided."""
        return self.published().filter(opens_on__lte=today, decisions_sent_at__isnull=True)

    def for_units(self, unit_ids: set[int]) -> "SeasonRoundQuerySet":
        return self.filter(unit__in=unit_ids)

    def undecided_for_venue(self, venue: "Venue", today: date) -> "SeasonRoundQuerySet":
        """Rounds for the venue that are coming, open or being allocated (the venue page
        says when they open and from when single requests in the term open)."""
        return (
            self.published()
            .filter(venues=venue, decisions_sent_at__isnull=True, term_ends_on__gte=today)
            .order_by("opens_on")
        )


@pghistory.track()
class SeasonRound(SlugOnFirstSave):
    """One round of applications for season lending of a unit's venues."""

    class Status(models.TextChoices):
        COMING = "coming", _("Opens later")
        OPEN = "open", _("Open for applications")
        ALLOCATING = "allocating", _("Being allocated")
        DECIDED = "decided", _("Decisions sent")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=220, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="season_rounds"
    )
    venues = models.ManyToManyField(Venue, verbose_name=_("venues"), related_name="season_rounds")
    term = models.CharField(_("term"), max_length=20, choices=Term.choices)
    term_starts_on = models.DateField(_("term starts"))
    term_ends_on = models.DateField(_("term ends"))
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(
        _("application deadline"),
        help_text=_("Normally 1 June (autumn or whole year) or 1 November (spring)."),
    )
    answer_by = models.DateField(
        _("answers promised by"), help_text=_("Normally within three weeks of the deadline.")
    )
    rules_text = models.TextField(_("rules of the round"), blank=True, max_length=5000)
    is_published = models.BooleanField(_("published"), default=True)
    proposal_run_at = models.DateTimeField(_("proposal last run"), null=True, blank=True)
    decisions_sent_at = models.DateTimeField(_("decisions sent"), null=True, blank=True)
    decisions_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decisions sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SeasonRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("season round")
        verbose_name_plural = _("season rounds")
        triggers = [remembers_old_slugs("lokaler.seasonround")]
        ordering = ["-closes_on", "name"]
        constraints = [
            choices_check("term", Term, name="lokaler_seasonround_term"),
            models.CheckConstraint(
                condition=Q(term_ends_on__gt=models.F("term_starts_on")),
                name="lokaler_seasonround_term_ends_after_start",
                violation_error_message=_("The term must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="lokaler_seasonround_closes_after_opening",
                violation_error_message=_("The deadline must be on or after the opening day."),
            ),
            models.CheckConstraint(
                condition=Q(answer_by__gte=models.F("closes_on")),
                name="lokaler_seasonround_answer_after_deadline",
                violation_error_message=_("Answers can only be promised after the deadline."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("lokaler:season_round", kwargs={"slug": self.slug})

    def status(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if self.decisions_sent_at is not None:
            return self.Status.DECIDED
        if today < self.opens_on:
            return self.Status.COMING
        if today <= self.closes_on:
            return self.Status.OPEN
        return self.Status.ALLOCATING

    def get_status_display(self) -> str:
        return str(dict(self.Status.choices)[self.status()])

    def is_open(self, today: date | None = None) -> bool:
        return self.status(today) == self.Status.OPEN

    def is_coming(self, today: date | None = None) -> bool:
        """Not yet open for applications."""
        return self.status(today) == self.Status.COMING

    @property
    def deadline_passed_at(self) -> datetime:
        """Applications may be changed until the end of the deadline day, Oslo time."""
        return timezone.make_aware(datetime.combine(self.closes_on + timedelta(days=1), time(0)))

    def rooms(self) -> models.QuerySet:
        return Room.objects.bookable().filter(venue__in=self.venues.all())


class SeasonApplicationQuerySet(ApplicantQuerySet):
    def for_units(self, unit_ids: set[int]) -> "SeasonApplicationQuerySet":
        return self.filter(round__unit__in=unit_ids)


@pghistory.track()
class SeasonApplication(Applicant):
    """An organisation's application in a round, changeable through its secret link until
    the deadline."""

    round = models.ForeignKey(
        SeasonRound,
        verbose_name=_("season round"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    token = models.CharField(max_length=64, unique=True, default=new_secret_token, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("registered organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="season_applications",
    )
    age_group = models.CharField(_("target age group"), max_length=20, choices=AgeGroup.choices)
    share_under_25 = models.PositiveSmallIntegerField(_("share of participants under 25 (%)"))
    participants = models.PositiveIntegerField(_("number of participants"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    decision_sent_at = models.DateTimeField(_("decision sent"), null=True, blank=True)

    objects = SeasonApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("season application")
        verbose_name_plural = _("season applications")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation_number"],
                condition=~Q(organisation_number=""),
                name="lokaler_seasonapplication_one_per_organisation",
                violation_error_message=_("This organisation has already applied in this round."),
            ),
            choices_check("age_group", AgeGroup, name="lokaler_seasonapplication_age_group"),
            models.CheckConstraint(
                condition=Q(share_under_25__lte=100), name="lokaler_seasonapplication_share"
            ),
            models.CheckConstraint(
                condition=Q(participants__gt=0), name="lokaler_seasonapplication_participants"
            ),
            choices_check("language", RecipientLanguage, name="lokaler_seasonapplication_language"),
            models.CheckConstraint(
                condition=~Q(organisation_number="") | Q(is_new_initiative=True),
                name="lokaler_seasonapplication_number_or_new_initiative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.round.name})"

    def get_absolute_url(self) -> str:
        return reverse("lokaler:season_application", kwargs={"token": self.token})

    def borrower(self):
        from lokaler.lending_rules import Borrower

        return Borrower.of(self)

    def can_be_changed(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) < self.round.deadline_passed_at


class WishOutcome(models.TextChoices):
    PENDING = "pending", _("Not decided")
    ALLOCATED = "allocated", _("Allocated")
    DECLINED = "declined", _("Declined")


@pghistory.track()
class SeasonWish(models.Model):
    """One weekly time an application asks for, in the applicant's order of priority, and
    what became of it (proposed by the rules, adjusted by staff)."""

    Outcome = WishOutcome

    application = models.ForeignKey(
        SeasonApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="wishes",
    )
    priority = models.PositiveSmallIntegerField(_("priority"))
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="+"
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="season_wishes",
        help_text=_("Empty when any room of the kind at the venue will do."),
    )
    room_kind = models.CharField(
        _("any room of this kind"), max_length=30, choices=RoomKind.choices, blank=True
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))

    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    allocated_room = models.ForeignKey(
        Room,
        verbose_name=_("allocated room"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="season_allocations",
    )
    allocated_weekday = models.PositiveSmallIntegerField(
        _("allocated weekday"), choices=Weekday.choices, null=True, blank=True
    )
    allocated_start = models.TimeField(_("allocated from"), null=True, blank=True)
    allocated_end = models.TimeField(_("allocated to"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=1000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the outcome comes from the proposal."),
    )
    booking = models.OneToOneField(
        BookingRequest,
        verbose_name=_("booking"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="season_wish",
    )

    class Meta:
        verbose_name = _("season wish")
        verbose_name_plural = _("season wishes")
        ordering = ["application", "priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "priority"], name="lokaler_seasonwish_priority_unique"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="lokaler_seasonwish_weekday"
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="lokaler_seasonwish_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(room__isnull=False) | ~Q(room_kind=""),
                name="lokaler_seasonwish_room_or_kind",
            ),
            choices_check("outcome", WishOutcome, name="lokaler_seasonwish_outcome"),
            models.CheckConstraint(
                condition=~Q(outcome="allocated")
                | Q(
                    allocated_room__isnull=False,
                    allocated_weekday__isnull=False,
                    allocated_start__isnull=False,
                    allocated_end__gt=models.F("allocated_start"),
                ),
                name="lokaler_seasonwish_allocated_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="declined") | ~Q(reason=""),
                name="lokaler_seasonwish_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.organisation_name}: {self.describe_wished()}"

    def place_label(self) -> str:
        if self.room_id:
            return f"{self.room.name}, {self.venue.name}"
        return str(
            _("any %(kind)s at %(venue)s")
            % {"kind": RoomKind(self.room_kind).label.lower(), "venue": self.venue.name}
        )

    def describe_wished(self) -> str:
        return (
            f"{Weekday(self.weekday).label} {self.start_time:%H:%M}–{self.end_time:%H:%M}, "
            f"{self.place_label()}"
        )

    def describe_allocated(self) -> str:
        if self.outcome != self.Outcome.ALLOCATED:
            return ""
        return (
            f"{Weekday(self.allocated_weekday).label} "
            f"{self.allocated_start:%H:%M}–{self.allocated_end:%H:%M}, "
            f"{self.allocated_room.name}, {self.allocated_room.venue.name}"
        )

    @property
    def wished_hours(self) -> float:
        return _hours(self.start_time, self.end_time)

    @property
    def allocated_hours(self) -> float:
        if self.outcome != self.Outcome.ALLOCATED:
            return 0.0
        return _hours(self.allocated_start, self.allocated_end)

    @property
    def is_changed(self) -> bool:
        return self.outcome == self.Outcome.ALLOCATED and (
            self.allocated_weekday != self.weekday
            or self.allocated_start != self.start_time
            or self.allocated_end != self.end_time
            or (self.room_id is not None and self.allocated_room_id != self.room_id)
        )


def _hours(start: time, end: time) -> float:
    return (datetime.combine(date.min, end) - datetime.combine(date.min, start)).seconds / 3600
