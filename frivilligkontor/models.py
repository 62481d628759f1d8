"""The shared core: units of the municipality, users and voluntary organisations."""

import secrets

from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import ActivityArea, TargetGroup
from frivilligkontor.fields import ChoicesArrayField, choices_check
from frivilligkontor.search import ranked_matches, weighted_vector
from frivilligkontor.validators import validate_organisation_number


def new_secret_token() -> str:
    """An unguessable token for secret links (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class UnitQuerySet(models.QuerySet):
    def districts(self) -> "UnitQuerySet":
        return self.filter(kind=Unit.Kind.DISTRICT)


class UnitKind(models.TextChoices):
    DISTRICT = "district", _("District (bydel)")
    AGENCY = "agency", _("Agency (etat)")
    SCHOOL = "school", _("School")


class Unit(models.Model):
    """A part of the municipality (a bydel, an etat or a school) that owns venues, schemes and events."""

    Kind = UnitKind

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    district_number = models.PositiveSmallIntegerField(
        _("district number"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("Oslo's official number of the district, 1–15. Only for districts."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "district_number", "name"]
        constraints = [
            choices_check("kind", UnitKind, name="unit_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind="district", district_number__isnull=False)
                | ~Q(kind="district") & Q(district_number__isnull=True),
                name="unit_district_number_only_for_districts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class User(AbstractUser):
    """A staff member. Citizens and organisations use the portal without an account."""

    units = models.ManyToManyField(
        Unit,
        verbose_name=_("units"),
        blank=True,
        related_name="members",
        help_text=_("Unit staff see and edit only the venues, schemes and events of these units."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def unit_ids(self) -> set[int]:
        if not hasattr(self, "_unit_ids"):
            self._unit_ids = set(self.units.values_list("pk", flat=True))
        return self._unit_ids

    def has_role(self, role: str) -> bool:
        return self.groups.filter(name=role).exists()

    @property
    def sees_all_units(self) -> bool:
        """Superusers and Frivilligkontoret staff see every unit; unit staff only their own."""
        return (
            self.is_superuser
            or self.has_role(Roles.CASE_OFFICERS)
            or self.has_role(Roles.CONTENT_EDITORS)
        )


class Roles:
    """Names of the staff groups created by migration 0002."""

    CASE_OFFICERS = "Saksbehandlere i Frivilligkontoret"
    UNIT_STAFF = "Ansatte i bydel eller etat"
    CONTENT_EDITORS = "Innholdsredaktører"
    ALL = (CASE_OFFICERS, UNIT_STAFF, CONTENT_EDITORS)


class OrganisationQuerySet(models.QuerySet):
    def public(self) -> "OrganisationQuerySet":
        return self.filter(status=Organisation.Status.APPROVED)

    def in_district(self, district: Unit) -> "OrganisationQuerySet":
        return self.filter(districts=district)

    def search(self, text: str) -> "OrganisationQuerySet":
        """Organisations whose name or description match `text` (annotated with `rank`);
        the name also matches as typed."""
        return ranked_matches(
            self,
            text,
            vector="search_vector",
            containing=("name",),
        )


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved and public")
    REJECTED = "rejected", _("Not approved")


class Organisation(models.Model):
    """A voluntary organisation or a new initiative without an organisation number yet."""

    Status = OrganisationStatus

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=220, unique=True)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[validate_organisation_number],
        help_text=_("9 digits from Brønnøysundregistrene."),
    )
    is_new_initiative = models.BooleanField(
        _("new initiative"),
        default=False,
        help_text=_("A group that is not (yet) registered as an organisation."),
    )
    districts = models.ManyToManyField(
        Unit,
        verbose_name=_("districts"),
        blank=True,
        related_name="organisations",
        limit_choices_to={"kind": Unit.Kind.DISTRICT},
    )
    activity_areas = ChoicesArrayField(ActivityArea, verbose_name=_("activity areas"))
    target_groups = ChoicesArrayField(TargetGroup, verbose_name=_("target groups"))
    website = models.URLField(_("website"), blank=True)
    frivillig_url = models.URLField(_("profile on frivillig.no"), blank=True)
    ungfritid_url = models.URLField(_("profile on ungfritid.no"), blank=True)
    description = models.TextField(_("public description"), blank=True, max_length=3000)
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Never shown publicly.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    edit_token = models.CharField(
        max_length=64, unique=True, default=new_secret_token, editable=False
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # Kept by PostgreSQL on every write, so a search reads vectors instead of building them.
    search_vector = models.GeneratedField(
        expression=weighted_vector(("A", "name"), ("B", "description")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=~Q(organisation_number=""),
                name="organisation_number_unique",
                violation_error_message=_(
                    "An organisation with this organisation number is already registered."
                ),
            ),
            models.CheckConstraint(
                condition=Q(organisation_number="") | Q(organisation_number__regex=r"^[0-9]{9}$"),
                name="organisation_number_nine_digits",
            ),
            choices_check("status", OrganisationStatus, name="organisation_status_valid"),
            choices_check(
                "activity_areas",
                ActivityArea,
                name="organisation_activity_areas_valid",
                many=True,
            ),
            choices_check(
                "target_groups", TargetGroup, name="organisation_target_groups_valid", many=True
            ),
        ]
        indexes = [
            # The public directory: approved organisations by name, a page at a time.
            models.Index(
                fields=["name", "id"],
                condition=Q(status="approved"),
                name="organisation_public_by_name",
            ),
            GinIndex(fields=["search_vector"], name="organisation_search"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("nettverk:organisation_detail", kwargs={"slug": self.slug})


def unique_slug(
    model: type[models.Model], text: str, *, field: str = "slug", max_length: int = 200
) -> str:
    """A slug for `text` not yet used by `model` (appends -2, -3, … when taken)."""
    base = slugify(text)[:max_length] or "x"
    slug = base
    counter = 2
    while model._default_manager.filter(**{field: slug}).exists():
        slug = f"{base[: max_length - 6]}-{counter}"
        counter += 1
    return slug


# "Mine saker": kept in their own module, registered as models of the core app.
from frivilligkontor.mine_models import (  # noqa: E402, F401
    AccessLink,
    AccessRequest,
    ErasureRequest,
    OverviewLookup,
)
