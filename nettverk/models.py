"""Events with registration and waiting lists, and recurring meeting places.

The directory of organisations uses the core model `frivilligkontor.models.Organisation`.
"""

import datetime

import pghistory
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from frivilligkontor.choices import RecipientLanguage, TargetGroup
from frivilligkontor.fields import ChoicesArrayField, RecipientLanguageField, choices_check
from frivilligkontor.models import SlugOnFirstSave, Unit, new_secret_token
from frivilligkontor.search import ranked_matches, weighted_vector
from frivilligkontor.slugs import remembers_old_slugs

# The largest party one registration may sign up; bigger groups contact the organiser.
PARTY_SIZE_MAX = 10


class EventKind(models.TextChoices):
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    COURSE = "course", _("Course")
    RECRUITMENT_FAIR = "recruitment_fair", _("Recruitment fair")
    INFORMATION_MEETING = "information_meeting", _("Information meeting")
    MEETING_PLACE = "meeting_place", _("Open meeting place")


class EventLanguage(models.TextChoices):
    NORWEGIAN = "nb", _("Norwegian")
    EASY_NORWEGIAN = "nb_easy", _("Easy Norwegian")
    ENGLISH = "en", _("English")
    NORWEGIAN_ENGLISH = "nb_en", _("Norwegian and English")


@pghistory.track()
class MeetingPlace(models.Model):
    """A recurring open meeting place (e.g. a weekly volunteer café): a series of events.

    `generate_events()` creates the single events the public signs up for, one per week
    on the chosen weekday, so each occurrence has its own capacity and waiting list.
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, pgettext_lazy("weekday in a sentence", "Monday")
        TUESDAY = 1, pgettext_lazy("weekday in a sentence", "Tuesday")
        WEDNESDAY = 2, pgettext_lazy("weekday in a sentence", "Wednesday")
        THURSDAY = 3, pgettext_lazy("weekday in a sentence", "Thursday")
        FRIDAY = 4, pgettext_lazy("weekday in a sentence", "Friday")
        SATURDAY = 5, pgettext_lazy("weekday in a sentence", "Saturday")
        SUNDAY = 6, pgettext_lazy("weekday in a sentence", "Sunday")

    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=5000)
    unit = models.ForeignKey(
        Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        Unit,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"kind": Unit.Kind.DISTRICT},
    )
    venue = models.ForeignKey(
        "lokaler.Venue",
        verbose_name=_("venue"),
        on_delete=models.SET_NULL,
        related_name="%(class)s_set",
        null=True,
        blank=True,
        help_text=_("A municipal venue from the venue register, if the event is held in one."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    first_date = models.DateField(_("first date"))
    last_date = models.DateField(_("last date"))
    interval_weeks = models.PositiveSmallIntegerField(
        _("every how many weeks"), default=1, help_text=_("1 = every week, 2 = every other week.")
    )
    capacity = models.PositiveIntegerField(_("places each time"), default=30)
    target_groups = ChoicesArrayField(TargetGroup, verbose_name=_("target groups"))
    language = models.CharField(
        _("language"), max_length=10, choices=EventLanguage.choices, default=EventLanguage.NORWEGIAN
    )
    accessibility = models.TextField(_("universal design"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("meeting place")
        verbose_name_plural = _("meeting places")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="meetingplace_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(last_date__gte=F("first_date")), name="meetingplace_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(interval_weeks__gte=1), name="meetingplace_interval_positive"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="meetingplace_capacity"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="meetingplace_weekday"),
            choices_check("language", EventLanguage, name="meetingplace_language_valid"),
            choices_check(
                "target_groups", TargetGroup, name="meetingplace_target_groups_valid", many=True
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def occurrence_dates(self) -> list[datetime.date]:
        first = self.first_date + datetime.timedelta(
            days=(self.weekday - self.first_date.weekday()) % 7
        )
        dates = []
        day = first
        while day <= self.last_date:
            dates.append(day)
            day += datetime.timedelta(weeks=self.interval_weeks)
        return dates


class EventQuerySet(models.QuerySet):
    def published(self) -> "EventQuerySet":
        return self.filter(is_published=True)

    def upcoming(self, now: datetime.datetime | None = None) -> "EventQuerySet":
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now: datetime.datetime | None = None) -> "EventQuerySet":
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def in_district(self, district: Unit) -> "EventQuerySet":
        return self.filter(district=district)

    def starting_between(self, first: datetime.date, last: datetime.date) -> "EventQuerySet":
        """Events that start on a day from `first` to `last` (Oslo time), in time order."""
        start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
        end = timezone.make_aware(
            datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min)
        )
        return self.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "pk")

    def matching(
        self,
        *,
        kind: str = "",
        district: Unit | None = None,
        target_group: str = "",
        language: str = "",
    ) -> "EventQuerySet":
        """Events that meet the filters of the event list and the archive."""
        events = self
        if kind:
            events = events.filter(kind=kind)
        if district is not None:
            events = events.in_district(district)
        if target_group:
            events = events.filter(target_groups__contains=[target_group])
        if language:
            events = events.filter(language=language)
        return events

    def search(self, text: str) -> "EventQuerySet":
        """Events whose title, description or place match `text` (annotated with `rank`);
        the title also matches as typed."""
        return ranked_matches(
            self,
            text,
            vector="search_vector",
            containing=("title",),
        )

    def with_waiting_count(self) -> "EventQuerySet":
        return self.annotate(
            waiting_count=Coalesce(
                Sum(
                    "registrations__waiting_places",
                    filter=~Q(registrations__status=Registration.Status.CANCELLED),
                ),
                0,
            )
        )


class EventState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")


@pghistory.track(exclude=["search_vector"])
class Event(SlugOnFirstSave):
    """A network meeting, course, recruitment fair, information meeting or meeting place.

    `confirmed_places` is the number of confirmed places, kept by the registration services
    while they hold a lock on the event row; the check constraint makes it impossible, even
    for a buggy caller, to confirm more places than the capacity.
    """

    State = EventState
    slug_max_length = 190

    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=200, unique=True, blank=True)
    description = models.TextField(_("description"), max_length=5000)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="events"
    )
    district = models.ForeignKey(
        Unit,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="district_events",
        null=True,
        blank=True,
        limit_choices_to={"kind": Unit.Kind.DISTRICT},
        help_text=_("The district the event takes place in, for the district filter."),
    )
    venue = models.ForeignKey(
        "lokaler.Venue",
        verbose_name=_("venue"),
        on_delete=models.SET_NULL,
        related_name="%(class)s_set",
        null=True,
        blank=True,
        help_text=_("A municipal venue from the venue register, if the event is held in one."),
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Name and address of the place.")
    )
    online_url = models.URLField(_("digital meeting link"), blank=True)
    target_groups = ChoicesArrayField(TargetGroup, verbose_name=_("target groups"))
    language = models.CharField(
        _("language"), max_length=10, choices=EventLanguage.choices, default=EventLanguage.NORWEGIAN
    )
    accessibility = models.TextField(
        _("universal design"),
        blank=True,
        max_length=2000,
        help_text=_("Step-free access, hearing loop, accessible toilet, interpretation …"),
    )
    capacity = models.PositiveIntegerField(_("capacity (places)"))
    confirmed_places = models.PositiveIntegerField(_("confirmed places"), default=0, editable=False)
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Empty: registration is open until the event starts."),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    state_message = models.TextField(
        _("message about cancellation or postponement"), blank=True, max_length=2000
    )
    series = models.ForeignKey(
        MeetingPlace,
        verbose_name=_("meeting place (series)"),
        on_delete=models.PROTECT,
        related_name="occurrences",
        null=True,
        blank=True,
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # Kept by PostgreSQL on every write, so a search reads vectors instead of building them.
    search_vector = models.GeneratedField(
        expression=weighted_vector(("A", "title"), ("B", "description", "place")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        triggers = [remembers_old_slugs("nettverk.event")]
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["ends_at"]),
            GinIndex(fields=["search_vector"], name="event_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive"),
            models.CheckConstraint(
                condition=Q(confirmed_places__lte=F("capacity")),
                name="event_confirmed_places_within_capacity",
                violation_error_message=_("More places are confirmed than the capacity allows."),
            ),
            choices_check("kind", EventKind, name="event_kind_valid"),
            choices_check("language", EventLanguage, name="event_language_valid"),
            choices_check("state", EventState, name="event_state_valid"),
            choices_check(
                "target_groups", TargetGroup, name="event_target_groups_valid", many=True
            ),
            models.UniqueConstraint(
                fields=["series", "starts_at"],
                condition=Q(series__isnull=False),
                name="event_one_occurrence_per_series_and_start",
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.title} ({local:%d.%m.%Y})"

    def slug_text(self) -> str:
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("nettverk:event_detail", kwargs={"slug": self.slug})

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.confirmed_places, 0)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0

    @property
    def effective_deadline(self) -> datetime.datetime:
        return self.registration_deadline or self.starts_at

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    @property
    def is_postponed(self) -> bool:
        return self.state == self.State.POSTPONED

    @property
    def is_planned(self) -> bool:
        return self.state == self.State.PLANNED

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    def registration_is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.is_published
            and self.state == self.State.PLANNED
            and now < self.effective_deadline
            and now < self.starts_at
        )

    def location_text(self) -> str:
        """The place in words: the venue and its address, or the free-text place."""
        if self.venue_id:
            text = f"{self.venue.name}, {self.venue.address}"
            return f"{text} ({self.place})" if self.place else text
        return self.place


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> "RegistrationQuerySet":
        return self.exclude(status=Registration.Status.CANCELLED)

    def waiting_in_order(self) -> "RegistrationQuerySet":
        return self.active().filter(waiting_places__gt=0).order_by("created_at", "pk")

    def not_anonymised(self) -> "RegistrationQuerySet":
        return self.filter(anonymised_at__isnull=True)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    PARTLY_WAITING = "partly_waiting", _("Partly on the waiting list")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


# Personal data (name, e-mail, organisation, needs) is left out of the audit trail on
# purpose, so that anonymising a registration really removes it.
@pghistory.track(
    fields=[
        "status",
        "party_size",
        "confirmed_places",
        "waiting_places",
        "attended",
        "anonymised_at",
    ]
)
class Registration(models.Model):
    """One person's registration for an event, for themselves and possibly others.

    A party is never split into two registrations: when fewer places are left than the
    party needs, the places left are confirmed and the rest of the party waits
    (`waiting_places`). The waiting list is served strictly in order of registration.
    """

    Status = RegistrationStatus

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    party_size = models.PositiveSmallIntegerField(_("number of people"), default=1)
    needs = models.TextField(
        _("needs"), blank=True, max_length=1000, help_text=_("For example interpretation.")
    )
    language = RecipientLanguageField()
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    confirmed_places = models.PositiveSmallIntegerField(_("confirmed places"), default=0)
    waiting_places = models.PositiveSmallIntegerField(_("places on the waiting list"), default=0)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    cancel_token = models.CharField(
        max_length=64, unique=True, default=new_secret_token, editable=False
    )
    created_at = models.DateTimeField(
        pgettext_lazy("registration", "registered"), default=timezone.now
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="registration_one_per_email_and_event",
                violation_error_message=_(
                    "This e-mail address is already registered for the event."
                ),
            ),
            models.CheckConstraint(
                condition=Q(party_size__gte=1) & Q(party_size__lte=PARTY_SIZE_MAX),
                name="registration_party_size_range",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", confirmed_places=0, waiting_places=0)
                | (
                    ~Q(status="cancelled")
                    & Q(confirmed_places__lte=F("party_size"))
                    & Q(waiting_places=F("party_size") - F("confirmed_places"))
                ),
                name="registration_places_add_up",
            ),
            choices_check("status", RegistrationStatus, name="registration_status_valid"),
            choices_check("language", RecipientLanguage, name="registration_language_valid"),
        ]
        indexes = [
            models.Index(fields=["event", "created_at"]),
            # The admin's registration list, in the model's order across every event.
            models.Index(fields=["created_at", "id"], name="registration_created"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event.title}"

    def get_cancel_url(self) -> str:
        return reverse("nettverk:registration_manage", kwargs={"token": self.cancel_token})

    def set_places(self, confirmed: int) -> None:
        """Confirm `confirmed` places of the party; the rest wait. Sets the status to match."""
        self.confirmed_places = confirmed
        self.waiting_places = self.party_size - confirmed
        if self.waiting_places == 0:
            self.status = self.Status.CONFIRMED
        elif confirmed == 0:
            self.status = self.Status.WAITING
        else:
            self.status = self.Status.PARTLY_WAITING

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class OrganisationContactLanguage(models.Model):
    """The language an organisation used on its registration form or edit link, so the
    directory's e-mails (approved, not approved) reach it in that language.

    Kept beside the core `Organisation`, which has no language of its own.
    """

    organisation = models.OneToOneField(
        "frivilligkontor.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="nettverk_contact_language",
    )
    language = RecipientLanguageField()

    class Meta:
        verbose_name = _("organisation's e-mail language")
        verbose_name_plural = _("organisations' e-mail languages")
        constraints = [
            choices_check("language", RecipientLanguage, name="orgcontactlanguage_language_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_language_display()}"

    @classmethod
    def of(cls, organisation: "models.Model") -> str:
        found = cls.objects.filter(organisation=organisation).values_list("language", flat=True)
        return next(iter(found), RecipientLanguage.NB)

    @classmethod
    def remember(cls, organisation: "models.Model", language: str) -> None:
        if language not in RecipientLanguage.values:
            language = RecipientLanguage.NB
        cls.objects.update_or_create(organisation=organisation, defaults={"language": language})


# Outreach to the directory: kept in their own module, registered as models of nettverk.
from nettverk.outreach_models import (  # noqa: E402, F401
    OutreachMessage,
    OutreachOptOut,
    OutreachRecipient,
)
