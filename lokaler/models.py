"""Municipal venues, their rooms, lending windows and booking requests."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import (
    ArrayField,
    BigIntegerRangeField,
    DateTimeRangeField,
    RangeOperators,
)
from django.contrib.postgres.indexes import GistIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import F, Func, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from frivilligkontor.choices import RecipientLanguage
from frivilligkontor.fields import ChoicesArrayField, RecipientLanguageField, choices_check
from frivilligkontor.models import (
    Organisation,
    SlugOnFirstSave,
    Unit,
    new_secret_token,
)
from frivilligkontor.search import ranked_matches, weighted_vector
from frivilligkontor.slugs import remembers_old_slugs, slugify
from frivilligkontor.timespans import format_day, format_range
from frivilligkontor.validators import validate_organisation_number


class VenueKind(models.TextChoices):
    SCHOOL = "school", _("School")
    DISTRICT_HOUSE = "district_house", _("District house (bydelshus)")
    LIBRARY = "library", _("Library")
    CULTURE_HOUSE = "culture_house", _("Culture house")
    YOUTH_CLUB = "youth_club", _("Youth club")
    SPORTS_HALL = "sports_hall", _("Sports hall")
    OTHER = "other", _("Other venue")


class RoomKind(models.TextChoices):
    GYM_HALL = "gym_hall", _("Gym hall")
    AUDITORIUM = "auditorium", _("Auditorium")
    CLASSROOM = "classroom", _("Classroom")
    KITCHEN = "kitchen", _("Kitchen")
    MEETING_ROOM = "meeting_room", _("Meeting room")
    MUSIC_ROOM = "music_room", _("Music room")
    MULTIPURPOSE = "multipurpose", _("Multipurpose hall")
    WORKSHOP = "workshop", _("Workshop")
    OTHER = "other", _("Other room")


class Facility(models.TextChoices):
    STAGE = "stage", _("Stage")
    PIANO = "piano", _("Piano")
    PROJECTOR = "projector", _("Projector")
    SOUND_SYSTEM = "sound_system", _("Sound system")
    KITCHEN = "kitchen", _("Kitchen")
    CHANGING_ROOMS = "changing_rooms", _("Changing rooms")
    SPORTS_EQUIPMENT = "sports_equipment", _("Sports equipment")
    WIFI = "wifi", _("Wireless network")
    WHITEBOARD = "whiteboard", _("Whiteboard")
    TABLES_CHAIRS = "tables_chairs", _("Tables and chairs")


class VenueQuerySet(models.QuerySet):
    def public(self) -> "VenueQuerySet":
        return self.filter(is_published=True)

    def in_district(self, district: Unit) -> "VenueQuerySet":
        return self.filter(district=district)

    def confirmation_due(self, today: date, *, max_age_days: int) -> "VenueQuerySet":
        """Published venues whose facts nobody has confirmed for `max_age_days`."""
        cutoff = today - timedelta(days=max_age_days)
        return self.public().filter(
            Q(last_confirmed_on__isnull=True) | Q(last_confirmed_on__lt=cutoff)
        )

    def search(self, text: str) -> "VenueQuerySet":
        """Venues whose name, address, district, description or rooms match `text`
        (annotated with `rank`); the name, street and district also match as typed."""
        return ranked_matches(
            self,
            text,
            # The venue's stored vector and its rooms' (district names match as typed).
            vector=Func(
                F("search_vector"),
                Coalesce(F("rooms__search_vector"), RawSQL("''::tsvector", [])),
                template="(%(expressions)s)",
                arg_joiner=" || ",
                output_field=SearchVectorField(),
            ),
            rank_vector="search_vector",
            containing=("name", "street_address", "district__name"),
        )

    def with_features(self, features: list[str]) -> "VenueQuerySet":
        """Venues with every universal-design feature named (field names of Venue)."""
        allowed = {"step_free_entrance", "accessible_toilet", "lift", "induction_loop"}
        return self.filter(**{feature: True for feature in features if feature in allowed})


@pghistory.track(exclude=["search_vector"])
class Venue(SlugOnFirstSave):
    """A municipal building (school, bydelshus, library, …) whose rooms can be borrowed."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=220,
        unique=True,
        help_text=_(
            "Used in the venue's address on the portal. If you change it, the old address "
            "leads to the new one."
        ),
    )
    kind = models.CharField(_("type of venue"), max_length=30, choices=VenueKind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="venues",
        help_text=_("The unit that keeps this venue's information and lending hours."),
    )
    district = models.ForeignKey(
        Unit,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="venues_in_district",
        limit_choices_to={"kind": Unit.Kind.DISTRICT},
    )
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postcode"), max_length=4)
    postal_town = models.CharField(_("postal town"), max_length=100, default="Oslo")
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True, max_length=3000)

    step_free_entrance = models.BooleanField(_("step-free entrance"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    lift = models.BooleanField(_("lift"), default=False)
    induction_loop = models.BooleanField(_("induction loop"), default=False)
    accessibility_notes = models.TextField(
        _("more about universal design"), blank=True, max_length=2000
    )

    free_for_children_and_youth = models.BooleanField(
        _("free of charge for children and youth"),
        default=True,
        help_text=_("Activities for children and young people under 25 borrow free of charge."),
    )
    requires_supervision = models.BooleanField(
        _("lending requires supervision"),
        default=False,
        help_text=_("Borrowers who pay cost price also pay for supervision per hour."),
    )
    requires_extra_cleaning = models.BooleanField(
        _("lending requires extra cleaning"),
        default=False,
        help_text=_("Borrowers who pay cost price also pay for extra cleaning per hour."),
    )
    lending_terms = models.TextField(
        _("lending terms"),
        blank=True,
        max_length=3000,
        help_text=_("In plain words: who borrows free, the price bands otherwise, the rules."),
    )

    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)

    last_confirmed_on = models.DateField(
        _("information last confirmed"),
        null=True,
        blank=True,
        help_text=_("The owner renews this date when they have checked that the facts are right."),
    )
    confirmation_reminder_sent_on = models.DateField(
        _("last reminder to confirm sent"), null=True, blank=True, editable=False
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept by PostgreSQL on every write, so a search reads vectors instead of building them.
    search_vector = models.GeneratedField(
        expression=weighted_vector(("A", "name"), ("B", "street_address"), ("C", "description")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        triggers = [remembers_old_slugs("lokaler.venue")]
        ordering = ["name"]
        constraints = [
            choices_check("kind", VenueKind, name="lokaler_venue_kind_valid"),
            models.CheckConstraint(
                condition=Q(postal_code__regex=r"^[0-9]{4}$"),
                name="lokaler_venue_postal_code_four_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("lokaler:venue_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.district_id and self.district.kind != Unit.Kind.DISTRICT:
            raise ValidationError({"district": _("Choose a district (bydel).")})

    @property
    def address(self) -> str:
        return f"{self.street_address}, {self.postal_code} {self.postal_town}"


class RoomQuerySet(models.QuerySet):
    def bookable(self) -> "RoomQuerySet":
        return self.filter(is_bookable=True, venue__is_published=True)

    def matching(
        self,
        *,
        district: Unit | None = None,
        venue_kind: str = "",
        room_kind: str = "",
        capacity: int | None = None,
        facilities: list[str] | None = None,
        accessibility: list[str] | None = None,
        free_for_youth: bool = False,
    ) -> "RoomQuerySet":
        """Rooms that meet the filters of the venue search."""
        rooms = self
        if district is not None:
            rooms = rooms.filter(venue__district=district)
        if venue_kind:
            rooms = rooms.filter(venue__kind=venue_kind)
        if room_kind:
            rooms = rooms.filter(kind=room_kind)
        if capacity:
            rooms = rooms.filter(capacity__gte=capacity)
        if facilities:
            rooms = rooms.filter(facilities__contains=facilities)
        if accessibility:
            rooms = rooms.filter(venue__in=Venue.objects.with_features(accessibility))
        if free_for_youth:
            rooms = rooms.filter(venue__free_for_children_and_youth=True)
        return rooms

    def free_between(self, day: date, start: time, end: time) -> "RoomQuerySet":
        """Rooms whose venue lends them out on `day` from `start` to `end` and that no approved
        booking blocks then: the rule of `availability.free_rooms`, asked of the database so
        that a page of results can be chosen before any room is loaded.

        Opening hours: the weekly hours of the lending windows covering the day plus extra
        openings, merged (`range_agg`), must contain the span; a closed exception shuts the
        day. Bookings: an occupancy row on the room itself (its own or a part's booking), or
        a booking of the whole room it is part of, or of that one's parent (an unbounded
        scope). Deeper nesting is checked exactly by `free_rooms` on the rooms shown.

        Asked once for the span, not once per room and not once per query of the page
        (count, page of venues, their rooms); each later query gets the lists as two array
        parameters (`= ANY(…)`): thousands of ids written out as `IN (…)` cost more to plan
        than to run.

        Season lending: a venue whose rooms a round holds on `day` (the round is open or
        being allocated, and the day is in its term) is not free for a single request
        then, as `services.plan_times` says when one is asked for."""
        held = set(
            SeasonRound.objects.holding_rooms(timezone.localdate())
            .filter(term_starts_on__lte=day, term_ends_on__gte=day)
            .values_list("venues", flat=True)
        )
        open_venue_ids = [
            venue_id for venue_id in venues_open_between(day, start, end) if venue_id not in held
        ]
        busy, booked_whole = set(), set()
        for room_id, whole in occupied_between(day, start, end):
            busy.add(room_id)
            if whole:
                booked_whole.add(room_id)
        if booked_whole:
            parts = Room.objects.filter(AnyOf("parent_id", booked_whole)).order_by()
            parts_of_parts = Room.objects.filter(AnyOf("parent__parent_id", booked_whole))
            busy.update(parts.values_list("pk", flat=True))
            busy.update(parts_of_parts.order_by().values_list("pk", flat=True))
        return self.filter(AnyOf("venue_id", open_venue_ids)).exclude(AnyOf("id", busy))


def _span(day: date, start: time, end: time) -> DateTimeTZRange:
    local = ZoneInfo(settings.TIME_ZONE)
    return DateTimeTZRange(
        datetime.combine(day, start, tzinfo=local), datetime.combine(day, end, tzinfo=local)
    )


def venues_open_between(day: date, start: time, end: time) -> list[int]:
    """The venues whose lending hours on `day` (weekly hours of the windows covering it plus
    extra openings, merged; none on a closed day) contain `start`–`end`, in id order."""
    open_venues_sql = """SELECT opening.venue_id FROM (
            SELECT w.venue_id, tsrange(%s::date + h.opens_at, %s::date + h.closes_at) AS hours
            FROM lokaler_lendingwindow w JOIN lokaler_weeklyhours h ON h.window_id = w.id
            WHERE %s::date BETWEEN w.starts_on AND w.ends_on AND h.weekday = %s
            UNION ALL
            SELECT e.venue_id, tsrange(%s::date + e.opens_at, %s::date + e.closes_at)
            FROM lokaler_windowexception e
            WHERE e.kind = 'extra_opening' AND %s::date BETWEEN e.starts_on AND e.ends_on
              AND e.opens_at IS NOT NULL AND e.closes_at IS NOT NULL
        ) AS opening
        WHERE opening.venue_id NOT IN (
            SELECT c.venue_id FROM lokaler_windowexception c
            WHERE c.kind = 'closed' AND %s::date BETWEEN c.starts_on AND c.ends_on
        )
        GROUP BY opening.venue_id
        HAVING range_agg(opening.hours) @> tsrange(%s::date + %s::time, %s::date + %s::time)
        ORDER BY opening.venue_id"""
    parameters = [day, day, day, day.weekday(), day, day, day, day, day, start, day, end]
    with connection.cursor() as cursor:
        cursor.execute(open_venues_sql, parameters)
        return [row[0] for row in cursor.fetchall()]


def occupied_between(day: date, start: time, end: time) -> list[tuple[int, bool]]:
    """Every occupancy row that overlaps `day` `start`–`end`: (room, booked as a whole)."""
    overlapping = Occupancy.objects.filter(during__overlap=_span(day, start, end)).annotate(
        whole=RawSQL("lower_inf(scope)", [])
    )
    return list(overlapping.values_list("room_id", "whole"))


def occupancy_fingerprint(day: date, start: time, end: time) -> str:
    """What the occupancy rows overlapping `day` `start`–`end` are (rooms and scopes), as one
    short text: it changes when an approved booking that touches the span is made, cancelled
    or moved, and only then. Approved bookings are exactly these rows, so this is everything
    about bookings that a free-time search of the span depends on (the key its results are
    kept under, `lokaler.views.venue_list`). One lookup in the `lokaler_occupancy_taken`
    index, which carries room and scope."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*), md5(coalesce(string_agg(room_id::text || scope::text, ','
                                            ORDER BY room_id, scope), ''))
            FROM lokaler_occupancy WHERE during && %s""",
            [_span(day, start, end)],
        )
        count, digest = cursor.fetchone()
    return f"{count}:{digest}"


class AnyOf(models.Func):
    """`field = ANY(%s)` with the ids as one array parameter."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = models.BooleanField()

    def __init__(self, field: str, ids: Iterable[int]) -> None:
        array = models.Value(sorted(ids), output_field=ArrayField(models.BigIntegerField()))
        super().__init__(models.F(field), array)


@pghistory.track(exclude=["search_vector"])
class Room(models.Model):
    """A room that can be lent. A room may be part of a larger room (a third of a gym hall):
    booking the whole blocks its parts, and booking a part blocks the whole."""

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="rooms"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        help_text=_("Set when this room is a part of a larger room, e.g. a third of a gym hall."),
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=160)
    kind = models.CharField(_("type of room"), max_length=30, choices=RoomKind.choices)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    area_square_metres = models.PositiveIntegerField(_("area (m²)"), null=True, blank=True)
    facilities = ChoicesArrayField(Facility, verbose_name=_("facilities"))
    description = models.TextField(_("description"), blank=True, max_length=2000)
    is_bookable = models.BooleanField(_("can be requested"), default=True)
    search_vector = models.GeneratedField(
        expression=weighted_vector(("C", "name")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        triggers = [remembers_old_slugs("lokaler.room")]
        ordering = ["venue__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "slug"], name="lokaler_room_slug_per_venue"),
            choices_check("kind", RoomKind, name="lokaler_room_kind_valid"),
            choices_check("facilities", Facility, name="lokaler_room_facilities_valid", many=True),
            models.CheckConstraint(
                condition=Q(capacity__gt=0), name="lokaler_room_capacity_positive"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="lokaler_room_not_part_of_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.venue.name})"

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            base = slugify(self.name)[:150] or "rom"
            slug, counter = base, 2
            while (
                Room.objects.filter(venue_id=self.venue_id, slug=slug).exclude(pk=self.pk).exists()
            ):
                slug = f"{base}-{counter}"
                counter += 1
            self.slug = slug
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.pk is not None:
            stored_parent = (
                Room.objects.filter(pk=self.pk).values_list("parent_id", flat=True).first()
            )
            if stored_parent != self.parent_id and self.has_coming_approved_bookings():
                raise ValidationError(
                    {
                        "parent": _(
                            "This room has approved bookings to come. Decline or move them "
                            "before you change which room it is part of."
                        )
                    }
                )
        if self.parent_id is None:
            return
        if self.parent.venue_id != self.venue_id:
            raise ValidationError(
                {"parent": _("A room can only be part of a room in the same venue.")}
            )
        ancestor = self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A room cannot be part of itself.")})
            ancestor = ancestor.parent

    def has_coming_approved_bookings(self) -> bool:
        """Approved times to come in this room or in a room it is part of or one of its parts
        (their occupancy rows depend on how the rooms are nested)."""
        now = timezone.now()
        return (
            Occupancy.objects.filter(during__endswith__gt=now)
            .filter(Q(room=self) | Q(occurrence__room=self))
            .exists()
        )

    def ancestor_ids(self) -> list[int]:
        """Ids of the rooms this room is part of, nearest first."""
        ids: list[int] = []
        room = self.parent
        while room is not None and room.pk not in ids:
            ids.append(room.pk)
            room = room.parent
        return ids


class Weekday(models.IntegerChoices):
    MONDAY = 0, pgettext_lazy("weekday heading", "Monday")
    TUESDAY = 1, pgettext_lazy("weekday heading", "Tuesday")
    WEDNESDAY = 2, pgettext_lazy("weekday heading", "Wednesday")
    THURSDAY = 3, pgettext_lazy("weekday heading", "Thursday")
    FRIDAY = 4, pgettext_lazy("weekday heading", "Friday")
    SATURDAY = 5, pgettext_lazy("weekday heading", "Saturday")
    SUNDAY = 6, pgettext_lazy("weekday heading", "Sunday")


@pghistory.track()
class LendingWindow(models.Model):
    """A period in which a venue's rooms can be borrowed, with weekly opening hours
    ("school year 2026/27: Monday–Thursday 17:00–22:00, Saturday 10:00–16:00")."""

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="lending_windows"
    )
    name = models.CharField(_("name"), max_length=150)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("lending window")
        verbose_name_plural = _("lending windows")
        ordering = ["venue__name", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="lokaler_window_ends_after_start",
                violation_error_message=_("The last day must be on or after the first day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venue.name}: {self.name}"


class WeeklyHours(models.Model):
    """Opening hours on one weekday within a lending window."""

    window = models.ForeignKey(
        LendingWindow,
        verbose_name=_("lending window"),
        on_delete=models.CASCADE,
        related_name="weekly_hours",
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens"))
    closes_at = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("weekly opening hours")
        verbose_name_plural = _("weekly opening hours")
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="lokaler_weekly_hours_weekday"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="lokaler_weekly_hours_close_after_open",
                violation_error_message=_("Closing time must be after opening time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class ExceptionKind(models.TextChoices):
    CLOSED = "closed", _("Closed")
    EXTRA_OPENING = "extra_opening", _("Open extra")


@pghistory.track()
class WindowException(models.Model):
    """Days that differ from the weekly hours: closed (a holiday) or open extra (17 May)."""

    Kind = ExceptionKind

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="window_exceptions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    opens_at = models.TimeField(
        _("opens"), null=True, blank=True, help_text=_("Only for extra openings.")
    )
    closes_at = models.TimeField(
        _("closes"), null=True, blank=True, help_text=_("Only for extra openings.")
    )
    description = models.CharField(
        _("description"), max_length=200, help_text=_("For example “Autumn holiday”.")
    )

    class Meta:
        verbose_name = _("exception to the lending hours")
        verbose_name_plural = _("exceptions to the lending hours")
        ordering = ["venue__name", "starts_on"]
        constraints = [
            choices_check("kind", ExceptionKind, name="lokaler_exception_kind"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="lokaler_exception_ends_after_start",
                violation_error_message=_("The last day must be on or after the first day."),
            ),
            models.CheckConstraint(
                condition=Q(kind="closed")
                | Q(
                    opens_at__isnull=False,
                    closes_at__isnull=False,
                    closes_at__gt=models.F("opens_at"),
                ),
                name="lokaler_exception_extra_opening_has_hours",
                violation_error_message=_(
                    "An extra opening needs an opening time and a later closing time."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venue.name}: {self.description}"

    @property
    def is_closed(self) -> bool:
        return self.kind == self.Kind.CLOSED


class AgeGroup(models.TextChoices):
    CHILDREN = "children", _("Children (under 13)")
    YOUTH = "youth", _("Young people (13–25)")
    ADULTS = "adults", _("Adults")
    SENIORS = "seniors", _("Seniors")
    ALL_AGES = "all_ages", _("All ages")


class ApplicantQuerySet(models.QuerySet):
    """Booking requests and season applications (`Applicant`)."""

    def remove_personal_data(self) -> int:
        """`remove_personal_data()` on each row that still holds some, under a row lock (call
        inside a transaction); returns how many."""
        count = 0
        holding = self.exclude(contact_name="", contact_email="", contact_phone="", activity="")
        for applicant in holding.select_for_update():
            applicant.remove_personal_data()
            count += 1
        return count


class BookingRequestQuerySet(ApplicantQuerySet):
    def for_owner_units(self, unit_ids: set[int]) -> "BookingRequestQuerySet":
        return self.filter(room__venue__unit__in=unit_ids)


class Applicant(models.Model):
    """Who asks to borrow premises and for what: the part a single booking request and a
    season application share (the forms list `APPLICANT_FIELDS` first, and an allocated
    season wish copies them into its booking request)."""

    organisation_name = models.CharField(_("organisation or initiative"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[validate_organisation_number],
    )
    is_new_initiative = models.BooleanField(_("new initiative"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"), max_length=254)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    activity = models.TextField(_("activity"), max_length=1000)
    # Besides the age group and the share under 25, what Oslo's lending rules ask to decide
    # whether the borrower borrows free of charge (BORROWER_FIELDS, lending_rules.Borrower).
    is_for_pupils_of_the_school = models.BooleanField(
        _("the activity is for the school's own pupils"), default=False
    )
    is_adapted_sports = models.BooleanField(
        _("sports training for people with intellectual disabilities"), default=False
    )
    is_adult_education = models.BooleanField(
        _("we are an approved adult-education organisation"), default=False
    )
    language = RecipientLanguageField()
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        abstract = True

    def remove_personal_data(self) -> None:
        """Clear who asked: contact person, e-mail, phone, the activity text and, for a new
        initiative or an applicant without an organisation number, the name given (it may
        be a person's); give a new secret link (the old one stops working) and delete the
        recorded history, which holds copies. What the figures need stays. Saves."""
        self.contact_name = self.contact_email = self.contact_phone = self.activity = ""
        if self.is_new_initiative or not self.organisation_number:
            self.organisation_name = ""
        self.token = new_secret_token()
        self.save()
        self.pgh_event_model.objects.filter(pgh_obj_id=self.pk).delete()


APPLICANT_FIELDS = [
    "organisation_name",
    "organisation_number",
    "is_new_initiative",
    "contact_name",
    "contact_email",
    "contact_phone",
    "activity",
]


@pghistory.track()
class BookingRequest(Applicant):
    """A request to borrow one room, once or weekly between two dates.

    Each time asked for is a `BookingOccurrence`, decided one by one or all at once."""

    token = models.CharField(max_length=64, unique=True, default=new_secret_token, editable=False)
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="booking_requests"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("registered organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="booking_requests",
    )
    expected_participants = models.PositiveIntegerField(_("expected number of people"))
    age_group = models.CharField(_("age group"), max_length=20, choices=AgeGroup.choices)
    # Optional here (a season application requires it); the rest of what the lending rules
    # ask is in Applicant.
    share_under_25 = models.PositiveSmallIntegerField(
        _("share of participants under 25 (%)"), null=True, blank=True
    )
    is_weekly = models.BooleanField(_("weekly series"), default=False)
    first_date = models.DateField(_("date (first date)"))
    last_date = models.DateField(_("last date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))

    objects = BookingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking request")
        verbose_name_plural = _("booking requests")
        ordering = ["-created_at"]
        constraints = [
            choices_check("age_group", AgeGroup, name="lokaler_request_age_group"),
            models.CheckConstraint(
                condition=Q(share_under_25__lte=100), name="lokaler_request_share_under_25"
            ),
            choices_check("language", RecipientLanguage, name="lokaler_request_language"),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="lokaler_request_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(last_date__gte=models.F("first_date")),
                name="lokaler_request_last_date_after_first",
            ),
            models.CheckConstraint(
                condition=Q(expected_participants__gt=0),
                name="lokaler_request_participants_positive",
            ),
        ]
        indexes = [
            # The admin list's order: newest first, then the id the admin adds to make the
            # order total (rows sent in the same instant would otherwise be sorted anew).
            models.Index(fields=["-created_at", "-id"], name="lokaler_request_newest"),
            # The admin's filter by first date.
            models.Index(fields=["first_date"], name="lokaler_request_first_date"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} – {self.room.name}, {format_day(self.first_date)}"

    def get_absolute_url(self) -> str:
        return reverse("lokaler:request_detail", kwargs={"token": self.token})

    def answer_due_on(self) -> date:
        """The day by which the venue's owner promises an answer (the unit's answer time,
        in working days from the day the request was sent)."""
        sent = timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
        return self.room.venue.unit.answer_due_on(sent)


# What the lending rules need to know about who borrows (lokaler.lending_rules.Borrower),
# besides the age group: asked in the booking form and the season application, and copied
# from an allocated season application into its booking.
BORROWER_FIELDS = [
    "share_under_25",
    "is_for_pupils_of_the_school",
    "is_adapted_sports",
    "is_adult_education",
]


# What a booking request asks for, after `APPLICANT_FIELDS`: the form's fields, and what
# "Mine saker" shows of a request.
BOOKING_FIELDS = [
    "expected_participants",
    "age_group",
    "is_weekly",
    "first_date",
    "last_date",
    "start_time",
    "end_time",
]


class OccurrenceQuerySet(models.QuerySet):
    def approved(self) -> "OccurrenceQuerySet":
        return self.filter(status=BookingOccurrence.Status.APPROVED)

    def requested(self) -> "OccurrenceQuerySet":
        return self.filter(status=BookingOccurrence.Status.REQUESTED)

    def overlapping(self, start: datetime, end: datetime) -> "OccurrenceQuerySet":
        return self.filter(during__overlap=DateTimeTZRange(start, end, "[)"))


class OccurrenceStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


@pghistory.track()
class BookingOccurrence(models.Model):
    """One time asked for in a booking request, with its own decision."""

    Status = OccurrenceStatus

    request = models.ForeignKey(
        BookingRequest,
        verbose_name=_("booking request"),
        on_delete=models.CASCADE,
        related_name="occurrences",
    )
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="occurrences"
    )
    during = DateTimeRangeField(_("time"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True, max_length=1000)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("requested time")
        verbose_name_plural = _("requested times")
        ordering = ["during"]
        constraints = [
            choices_check("status", OccurrenceStatus, name="lokaler_occurrence_status"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="lokaler_occurrence_declined_has_reason",
            ),
        ]
        indexes = [
            # Which times of these rooms touch this span (free-time search, week view,
            # planning a request): a GiST index answers `room = … AND during && …`.
            GistIndex(fields=["room", "during"], name="lokaler_occurrence_room_during"),
            # The admin's counts of awaiting and approved times per request.
            models.Index(fields=["request", "status"], name="lokaler_occurrence_req_status"),
        ]

    def __str__(self) -> str:
        return format_range(self.during)

    @property
    def start(self) -> datetime:
        return timezone.localtime(self.during.lower)

    @property
    def end(self) -> datetime:
        return timezone.localtime(self.during.upper)


class Occupancy(models.Model):
    """The rows that make double booking impossible, written for each approved occurrence.

    An approved occurrence of room R writes (R, time, every scope) and, for each room A that R
    is part of, (A, time, scope [R.id, R.id+1)). The exclusion constraint refuses two rows with
    the same room, overlapping times and overlapping scopes. So booking the whole hall clashes
    with booking a part (the part's row on the hall covers every scope), two different parts
    of a hall do not clash (their rows on the hall have different scopes), and a sub-part
    clashes with its part."""

    occurrence = models.ForeignKey(
        BookingOccurrence, on_delete=models.CASCADE, related_name="occupancies"
    )
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="occupancies")
    during = DateTimeRangeField()
    scope = BigIntegerRangeField()

    class Meta:
        verbose_name = _("occupied time")
        verbose_name_plural = _("occupied times")
        constraints = [
            ExclusionConstraint(
                name="lokaler_occupancy_no_double_booking",
                expressions=[
                    ("room", RangeOperators.EQUAL),
                    ("during", RangeOperators.OVERLAPS),
                    ("scope", RangeOperators.OVERLAPS),
                ],
                violation_error_message=_("This room or a part of it is already booked then."),
            ),
        ]
        indexes = [
            # Which rooms are taken in a span, asked once for the whole city (free-time
            # search), answered from the index alone (it carries room and scope); the
            # constraint's index leads with the room, and at ten times Oslo the planner
            # chose it anyway and read 7,800 pages for one evening (93 ms against 0.3 ms).
            GistIndex(
                fields=["during"],
                include=["room_id", "scope"],
                name="lokaler_occupancy_taken",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room_id}: {self.during}"


class UnmetSearch(models.Model):
    """A search for a room free at a given time that found none: unmet demand, for the
    Statistics page. Nothing about who searched is kept, only what was asked for."""

    searched_at = models.DateTimeField(_("searched at"), default=timezone.now, db_index=True)
    day = models.DateField(_("date wanted"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))
    district = models.ForeignKey(
        Unit,
        verbose_name=_("district"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the search was for all districts."),
    )

    class Meta:
        verbose_name = _("search for a free room that found none")
        verbose_name_plural = _("searches for a free room that found none")

    def __str__(self) -> str:
        return f"{self.day} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


# Season lending lives in its own module; imported here so that Django finds its models.
from lokaler.season.models import (  # noqa: E402, F401
    PriceTable,
    SeasonApplication,
    SeasonRound,
    SeasonWish,
)
