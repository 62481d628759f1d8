"""Municipal venues, their rooms, lending windows and booking requests."""

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from frivilligkontor.models import Unit, unique_slug


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


@pghistory.track()
class Venue(models.Model):
    """A municipal building (school, bydelshus, library, …) whose rooms can be borrowed."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=220,
        unique=True,
        help_text=_("Used in the venue's address on the portal. Never change it once published."),
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
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=VenueKind.values), name="lokaler_venue_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(postal_code__regex=r"^[0-9]{4}$"),
                name="lokaler_venue_postal_code_four_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Venue, self.name, max_length=200)
        super().save(*args, **kwargs)

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


@pghistory.track()
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
    facilities = ArrayField(
        models.CharField(max_length=30, choices=Facility.choices),
        verbose_name=_("facilities"),
        default=list,
        blank=True,
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    is_bookable = models.BooleanField(_("can be requested"), default=True)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["venue__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "slug"], name="lokaler_room_slug_per_venue"),
            models.CheckConstraint(
                condition=Q(kind__in=RoomKind.values), name="lokaler_room_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(facilities__contained_by=Facility.values),
                name="lokaler_room_facilities_valid",
            ),
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

    def ancestor_ids(self) -> list[int]:
        """Ids of the rooms this room is part of, nearest first."""
        ids: list[int] = []
        room = self.parent
        while room is not None and room.pk not in ids:
            ids.append(room.pk)
            room = room.parent
        return ids

    def get_facilities_display(self) -> list[str]:
        labels = dict(Facility.choices)
        return [str(labels.get(value, value)) for value in self.facilities]
