"""The shared core: units of the municipality, users and voluntary organisations."""

import secrets
from datetime import date

from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from frivilligkontor.choices import ActivityArea, TargetGroup
from frivilligkontor.fields import ChoicesArrayField, choices_check
from frivilligkontor.search import ranked_matches, weighted_vector
from frivilligkontor.slugs import OLD_SLUG_TABLE, remembers_old_slugs, slugify
from frivilligkontor.validators import validate_organisation_number
from frivilligkontor.workdays import add_working_days


def new_secret_token() -> str:
    """An unguessable token for secret links (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class SlugOnFirstSave(models.Model):
    """A model whose `slug` is made on its first save from `slug_text()` (the name by
    default): unique among its kind, at most `slug_max_length` characters. A slug set by
    hand, or an existing one, is kept."""

    slug_max_length = 200

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(
                self._meta.concrete_model, self.slug_text(), max_length=self.slug_max_length
            )
        super().save(*args, **kwargs)

    def slug_text(self) -> str:
        return self.name


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
    answer_working_days = models.PositiveSmallIntegerField(
        _("answer to booking requests within (working days)"),
        default=5,
        help_text=_(
            "What the unit promises people who ask to borrow a room: the receipt and its "
            "e-mail give the date, counted in working days from the day the request is sent."
        ),
    )

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
        triggers = [remembers_old_slugs("frivilligkontor.unit")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    @property
    def is_district(self) -> bool:
        return self.kind == self.Kind.DISTRICT

    def answer_due_on(self, sent_on: date) -> date:
        """The day by which the unit promises an answer to a request sent on `sent_on`."""
        return add_working_days(sent_on, self.answer_working_days)


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

    # The answers live in frivilligkontor.permissions (read once per request, kept on the
    # user object); these are shortcuts for templates and older callers.
    def unit_ids(self) -> frozenset[int]:
        from frivilligkontor.permissions import unit_ids_of

        return unit_ids_of(self)

    def has_role(self, role: str) -> bool:
        from frivilligkontor.permissions import has_role

        return has_role(self, role)

    @property
    def sees_all_units(self) -> bool:
        """Superusers and Frivilligkontoret staff see every unit; unit staff only their own."""
        from frivilligkontor.permissions import sees_all_units

        return sees_all_units(self)


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

    def name_contains(self, text: str) -> "OrganisationQuerySet":
        """The directory's name filter (the page's and the open-data API's): the name holds
        `text`, with or without accents."""
        text = text.strip()
        return self.filter(
            models.Q(name__icontains=text) | models.Q(name__unaccent__icontains=text)
        )

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


class Organisation(SlugOnFirstSave):
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
        triggers = [remembers_old_slugs("frivilligkontor.organisation")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("nettverk:organisation_detail", kwargs={"slug": self.slug})

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


# What an organisation says about itself in the directory, after its name: the fields of
# the public registration and edit form (nettverk.forms); the organisation admin shows the
# same between the slug and the status.
ORGANISATION_ENTRY_FIELDS = [
    "organisation_number",
    "is_new_initiative",
    "districts",
    "activity_areas",
    "target_groups",
    "website",
    "frivillig_url",
    "ungfritid_url",
    "description",
    "contact_email",
]


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


class OldSlug(models.Model):
    """A slug an object has given up, so its old address still leads to it.

    Written by PostgreSQL (frivilligkontor.slugs.remembers_old_slugs) whenever a slug
    changes; read by `find_by_slug`."""

    model = models.CharField(_("kind of object"), max_length=100)
    object_id = models.BigIntegerField(_("object"))
    slug = models.SlugField(_("old short name in addresses"), max_length=220)
    retired_at = models.DateTimeField(_("given up"), default=timezone.now)

    class Meta:
        db_table = OLD_SLUG_TABLE
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["model", "object_id", "slug"], name="old_slug_once_per_object"
            )
        ]
        indexes = [models.Index(fields=["model", "slug"], name="old_slug_lookup")]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id}: {self.slug}"


def find_by_slug(queryset: models.QuerySet, slug: str) -> models.Model:
    """The object of `queryset` with `slug`, or the one that most recently gave it up.

    Raises Http404 when neither exists. Pair with `redirect_to_current_slugs` so an old
    address answers with a permanent redirect."""
    if "\x00" in slug:  # no slug holds one, and PostgreSQL refuses it in a query
        raise Http404
    found = queryset.filter(slug=slug).first()
    if found is not None:
        return found
    given_up = OldSlug.objects.filter(model=queryset.model._meta.label_lower, slug=slug).order_by(
        "-retired_at"
    )
    for object_id in given_up.values_list("object_id", flat=True)[:5]:
        found = queryset.filter(pk=object_id).first()
        if found is not None:
            return found
    raise Http404


class WorkerHeartbeat(models.Model):
    """A task worker's sign of life, written by `db_worker` every few seconds.

    `/health/` reports the newest one; a task left running by a worker whose heartbeat is
    older than TASK_LEASE_SECONDS is taken again by another worker (frivilligkontor.worker).
    """

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


CANCELLED_EMAIL_ERROR = "frivilligkontor.tasks.EmailCancelled"


class QueuedEmailQuerySet(DBTaskResultQuerySet):
    def undelivered(self) -> "QueuedEmailQuerySet":
        """Mail not sent yet: waiting, being retried, being sent, or given up (not cancelled)."""
        return self.exclude(status=TaskResultStatus.SUCCESSFUL).exclude(
            status=TaskResultStatus.FAILED, exception_class_path=CANCELLED_EMAIL_ERROR
        )

    def resend(self) -> int:
        """Send again now, with a fresh round of retries; a mail being sent is left alone.

        The status is checked in the UPDATE itself, so a worker that claims the mail at the
        same moment wins and nothing is sent twice by this action.
        """
        return self.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.FAILED]).update(
            status=TaskResultStatus.READY,
            run_after=timezone.now(),
            worker_ids=[],
            started_at=None,
            finished_at=None,
        )

    def cancel(self, *, by: str) -> int:
        """Never send these (a mail being sent right now is left alone). The row is kept."""
        now = timezone.now()
        return (
            self.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.FAILED])
            .exclude(exception_class_path=CANCELLED_EMAIL_ERROR)
            .update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=CANCELLED_EMAIL_ERROR,
                # The last error stays above the note, for the record.
                traceback=Concat(
                    F("traceback"),
                    Value(f"\nCancelled by {by} at {now.isoformat(timespec='seconds')}"),
                ),
            )
        )


class QueuedEmailManager(models.Manager.from_queryset(QueuedEmailQuerySet)):
    def get_queryset(self) -> QueuedEmailQuerySet:
        from frivilligkontor.tasks import send_email

        return super().get_queryset().filter(task_path=send_email.module_path)


class QueuedEmail(DBTaskResult):
    """An e-mail in the task queue (a django-tasks-db row for `send_email`), seen by staff.

    The queue row is the outbox: it holds the rendered mail, its Message-ID, the number of
    attempts (one worker id per attempt) and the last error.
    """

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting to be sent")
        RETRYING = "retrying", _("Failed, will be tried again")
        SENDING = "sending", _("Being sent")
        GAVE_UP = "gave_up", _("Gave up")
        CANCELLED = "cancelled", _("Cancelled")
        SENT = "sent", _("Sent")

    objects = QueuedEmailManager()

    class Meta:
        proxy = True
        verbose_name = _("e-mail in the queue")
        verbose_name_plural = _("e-mails in the queue")

    def __str__(self) -> str:
        return f"{', '.join(self.recipients)}: {self.subject}"

    @property
    def _kwargs(self) -> dict:
        return (self.args_kwargs or {}).get("kwargs", {})

    @property
    def recipients(self) -> list[str]:
        return list(self._kwargs.get("to", []))

    @property
    def subject(self) -> str:
        return self._kwargs.get("subject", "")

    @property
    def body(self) -> str:
        return self._kwargs.get("body", "")

    @property
    def message_id(self) -> str:
        return self._kwargs.get("message_id", "")

    @property
    def attempts(self) -> int:
        """Each attempt to send is one claim by a worker, which records its id."""
        return len(self.worker_ids or [])

    @property
    def state(self) -> "QueuedEmail.State":
        if self.status == TaskResultStatus.SUCCESSFUL:
            return self.State.SENT
        if self.status == TaskResultStatus.RUNNING:
            return self.State.SENDING
        if self.status == TaskResultStatus.FAILED:
            if self.exception_class_path == CANCELLED_EMAIL_ERROR:
                return self.State.CANCELLED
            return self.State.GAVE_UP
        return self.State.RETRYING if self.attempts else self.State.WAITING

    @property
    def last_error(self) -> str:
        """The last line of the last failure's traceback (the exception and its message)."""
        lines = [line for line in (self.traceback or "").splitlines() if line.strip()]
        return lines[-1].strip() if lines else ""


# "Mine saker": kept in their own module, registered as models of the core app.
from frivilligkontor.mine_models import (  # noqa: E402, F401
    AccessLink,
    ErasureRequest,
    OverviewLookup,
)
