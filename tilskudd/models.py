"""Grant schemes (tilskuddsordninger), their deadlines, reminder subscriptions."""

import datetime as dt

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, ExtractYear, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import ActivityArea, RecipientLanguage, TargetGroup
from frivilligkontor.fields import ChoicesArrayField, RecipientLanguageField, choices_check
from frivilligkontor.models import Unit, new_secret_token
from frivilligkontor.search import ranked_matches, weighted_vector
from frivilligkontor.slugs import remembers_old_slugs

# Path segments under /tilskudd/ that are pages of their own, so no scheme may use them as slug.
RESERVED_SLUGS = frozenset({"frister", "varsler", "kalender"})

# Days before a deadline that a reminder is sent, unless the subscriber chose otherwise.
DEFAULT_REMINDER_DAYS = 14
REMINDER_DAY_CHOICES = (3, 7, 14, 30)


class DatePlusYears(Func):
    """`date + n years` as a date in PostgreSQL (29 February becomes 28 February)."""

    arity = 2
    template = "CAST(%(expressions)s) AS date)"
    arg_joiner = " + make_interval(years => "
    output_field = models.DateField()


def next_occurrence_expression(today: dt.date) -> Case:
    """SQL for GrantDeadline.next_occurrence(today): the same rule, computed in the database."""
    today_value = Value(today, output_field=models.DateField())
    years_since = Cast(
        Greatest(Value(0), Value(today.year) - ExtractYear("date")), models.IntegerField()
    )
    this_round = DatePlusYears(F("date"), years_since)
    return Case(
        When(kind=GrantDeadline.Kind.DATED, date__gte=today_value, then=F("date")),
        When(
            Q(kind=GrantDeadline.Kind.YEARLY)
            & Q(
                date__isnull=False,
            ),
            then=Case(
                When(
                    GreaterOrEqual(this_round, today_value),
                    then=this_round,
                ),
                default=DatePlusYears(F("date"), years_since + 1),
                output_field=models.DateField(),
            ),
        ),
        default=None,
        output_field=models.DateField(),
    )


class GreaterOrEqual(Func):
    """`a >= b` as a boolean expression usable in When()."""

    arity = 2
    arg_joiner = " >= "
    template = "(%(expressions)s)"
    output_field = models.BooleanField()


class GrantSchemeQuerySet(models.QuerySet):
    def listed(self) -> "GrantSchemeQuerySet":
        """Schemes shown in lists: everything except discontinued ones."""
        return self.exclude(status=GrantScheme.Status.DISCONTINUED)

    def with_next_deadline(self, today: dt.date) -> "GrantSchemeQuerySet":
        """Annotate `next_deadline` (next dated/yearly deadline on or after today, or None)
        and `has_rolling_deadline`, computed in the database."""
        next_dates = (
            GrantDeadline.objects.filter(scheme=OuterRef("pk"))
            .annotate(next_on=next_occurrence_expression(today))
            .filter(next_on__isnull=False)
            .order_by("next_on")
            .values("next_on")[:1]
        )
        return self.annotate(
            next_deadline=Subquery(next_dates, output_field=models.DateField()),
            has_rolling_deadline=Exists(
                GrantDeadline.objects.filter(scheme=OuterRef("pk"), kind=GrantDeadline.Kind.ROLLING)
            ),
        )

    def by_next_deadline(self) -> "GrantSchemeQuerySet":
        """Soonest deadline first, then rolling schemes, then those without a coming deadline."""
        return self.order_by(
            F("next_deadline").asc(nulls_last=True), "-has_rolling_deadline", "name"
        )

    def open_now(self) -> "GrantSchemeQuerySet":
        """Active schemes one can apply to today (needs with_next_deadline)."""
        return self.filter(status=GrantScheme.Status.ACTIVE).filter(
            Q(next_deadline__isnull=False) | Q(has_rolling_deadline=True)
        )

    def deadline_within(self, today: dt.date, days: int) -> "GrantSchemeQuerySet":
        """Active schemes whose next deadline is at most `days` days away (needs with_next_deadline)."""
        return self.filter(
            status=GrantScheme.Status.ACTIVE,
            next_deadline__gte=today,
            next_deadline__lte=today + dt.timedelta(days=days),
        )

    def for_target_group(self, target_group: str) -> "GrantSchemeQuerySet":
        return self.filter(target_groups__contains=[target_group])

    def in_activity_area(self, activity_area: str) -> "GrantSchemeQuerySet":
        return self.filter(activity_areas__contains=[activity_area])

    def available_in_district(self, district: Unit) -> "GrantSchemeQuerySet":
        """Schemes an organisation in `district` can apply to: the district's own, those
        limited to districts including it, and city-wide schemes (no district limit)."""
        through = GrantScheme.districts.through
        limited = through.objects.filter(grantscheme_id=OuterRef("pk"))
        return self.filter(
            Q(owner=district)
            | Exists(limited.filter(unit_id=district.pk))
            | (~Exists(limited) & ~Q(owner__kind=Unit.Kind.DISTRICT))
        )

    def search(self, text: str) -> "GrantSchemeQuerySet":
        """Schemes whose name, summary, purpose or eligibility match `text` (annotated
        with `rank`); the name also matches as typed."""
        return ranked_matches(
            self,
            text,
            vector="search_vector",
            containing=("name",),
        )

    def matching(
        self,
        *,
        today: dt.date,
        text: str = "",
        target_group: str = "",
        activity_area: str = "",
        district: Unit | None = None,
        owner: Unit | None = None,
        open_now: bool = False,
        deadline_within_days: int | None = None,
    ) -> "GrantSchemeQuerySet":
        """Schemes that meet the filters of the scheme list (needs with_next_deadline for
        `open_now` and `deadline_within_days`)."""
        schemes = self
        if text:
            schemes = schemes.search(text)
        if target_group:
            schemes = schemes.for_target_group(target_group)
        if activity_area:
            schemes = schemes.in_activity_area(activity_area)
        if district is not None:
            schemes = schemes.available_in_district(district)
        if owner is not None:
            schemes = schemes.filter(owner=owner)
        if open_now:
            schemes = schemes.open_now()
        if deadline_within_days:
            schemes = schemes.deadline_within(today, deadline_within_days)
        return schemes

    def with_review_due(self) -> "GrantSchemeQuerySet":
        return self.annotate(
            review_due_on=ExpressionWrapper(
                F("last_checked_on") + F("review_interval_days"),
                output_field=models.DateField(),
            )
        )

    def past_review_date(self, today: dt.date) -> "GrantSchemeQuerySet":
        """Schemes not discontinued whose information should have been checked before today."""
        return (
            self.exclude(status=GrantScheme.Status.DISCONTINUED)
            .with_review_due()
            .filter(review_due_on__lt=today)
        )


class SchemeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED_FOR_SEASON = "closed_for_season", _("Closed for the season")
    DISCONTINUED = "discontinued", _("Discontinued")


@pghistory.track(exclude=["search_vector"])
class GrantScheme(models.Model):
    """A grant programme owned by a unit (a bydel or an agency), with its deadlines.

    A discontinued scheme keeps its page (old links never break) but leaves the lists.
    Quality assurance: a responsible editor checks the scheme every `review_interval_days`.
    """

    Status = SchemeStatus

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=220,
        unique=True,
        help_text=_("Part of the page address. Do not change it once published."),
    )
    owner = models.ForeignKey(
        Unit,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="grant_schemes",
        help_text=_("The bydel or agency that runs the scheme."),
    )
    districts = models.ManyToManyField(
        Unit,
        verbose_name=_("for organisations in these districts"),
        blank=True,
        related_name="grant_schemes_for_district",
        limit_choices_to={"kind": Unit.Kind.DISTRICT},
        help_text=_("Leave empty for a scheme open to the whole city."),
    )
    summary = models.CharField(_("short summary"), max_length=300)
    purpose = models.TextField(_("purpose"), max_length=4000)
    who_can_apply = models.TextField(_("who can apply"), max_length=4000)
    target_groups = ChoicesArrayField(TargetGroup, verbose_name=_("target groups"))
    activity_areas = ChoicesArrayField(ActivityArea, verbose_name=_("activity areas"))
    total_amount = models.PositiveIntegerField(
        _("total pot (NOK)"),
        null=True,
        blank=True,
        help_text=_("The amount available in the scheme per year, in kroner."),
    )
    amount_min = models.PositiveIntegerField(_("usual amount from (NOK)"), null=True, blank=True)
    amount_max = models.PositiveIntegerField(_("usual amount to (NOK)"), null=True, blank=True)
    application_url = models.URLField(
        _("link to the application portal"),
        max_length=500,
        blank=True,
        help_text=_("Must start with https://."),
    )
    guidelines_url = models.URLField(
        _("link to the guidelines"),
        max_length=500,
        blank=True,
        help_text=_("Must start with https://."),
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    step_receipt = models.TextField(_("after applying: receipt"), max_length=2000, blank=True)
    step_processing = models.TextField(_("after applying: processing"), max_length=2000, blank=True)
    step_decision = models.TextField(_("after applying: decision"), max_length=2000, blank=True)
    step_payment = models.TextField(_("after applying: payment"), max_length=2000, blank=True)
    step_report = models.TextField(_("after applying: report"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    status_notice = models.TextField(
        _("notice about the status"),
        max_length=2000,
        blank=True,
        help_text=_(
            "Shown at the top of the page, e.g. why the scheme was discontinued "
            "or when it opens again."
        ),
    )
    responsible_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible editor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_schemes_responsible",
        help_text=_("Checks that the information is correct and gets the review reminders."),
    )
    review_interval_days = models.PositiveSmallIntegerField(
        _("review interval (days)"),
        default=180,
        help_text=_("How often the information must be checked."),
    )
    last_checked_on = models.DateField(_("last checked"), default=timezone.localdate)
    is_example = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_("Demo content: the page says clearly that it is an example."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # Kept by PostgreSQL on every write, so a search reads vectors instead of building them.
    search_vector = models.GeneratedField(
        expression=weighted_vector(
            ("A", "name"), ("B", "summary"), ("C", "purpose", "who_can_apply")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GrantSchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant scheme")
        verbose_name_plural = _("grant schemes")
        triggers = [remembers_old_slugs("tilskudd.grantscheme")]
        ordering = ["name"]
        indexes = [GinIndex(fields=["search_vector"], name="grantscheme_search")]
        constraints = [
            choices_check("status", SchemeStatus, name="grantscheme_status_valid"),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_min__lte=models.F("amount_max")),
                name="grantscheme_amount_range_ordered",
                violation_error_message=_(
                    "The usual amount 'from' must not be larger than the amount 'to'."
                ),
            ),
            models.CheckConstraint(
                condition=Q(review_interval_days__gte=1),
                name="grantscheme_review_interval_positive",
            ),
            choices_check(
                "target_groups", TargetGroup, name="grantscheme_target_groups_valid", many=True
            ),
            choices_check(
                "activity_areas", ActivityArea, name="grantscheme_activity_areas_valid", many=True
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tilskudd:scheme_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.slug in RESERVED_SLUGS:
            errors.setdefault("slug", []).append(
                ValidationError(
                    _("This short name is used by another page. Choose another."),
                    code="reserved_slug",
                )
            )
        for field in ("application_url", "guidelines_url"):
            value = getattr(self, field)
            if value and not value.lower().startswith("https://"):
                errors.setdefault(field, []).append(
                    ValidationError(
                        _("The link must be secure: it must start with https://."),
                        code="not_https",
                    )
                )
        if (
            self.amount_min is not None
            and self.amount_max is not None
            and self.amount_min > self.amount_max
        ):
            errors.setdefault("amount_max", []).append(
                ValidationError(
                    _(
                        "The amount range is upside down: 'to' (%(max)s) is smaller "
                        "than 'from' (%(min)s)."
                    ),
                    code="amount_range_upside_down",
                    params={"min": self.amount_min, "max": self.amount_max},
                )
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_discontinued(self) -> bool:
        return self.status == self.Status.DISCONTINUED

    @property
    def is_closed_for_season(self) -> bool:
        return self.status == self.Status.CLOSED_FOR_SEASON

    @property
    def review_due_date(self) -> dt.date:
        return self.last_checked_on + dt.timedelta(days=self.review_interval_days)

    def is_past_review_date(self, today: dt.date) -> bool:
        return self.status != self.Status.DISCONTINUED and self.review_due_date < today

    def mark_checked(self, *, today: dt.date | None = None) -> None:
        """The responsible editor has checked that the information is correct."""
        self.last_checked_on = today or timezone.localdate()
        self.save(update_fields=["last_checked_on", "updated_at"])

    def upcoming_deadlines(self, today: dt.date) -> list[tuple[dt.date, "GrantDeadline"]]:
        """(date, deadline) of every coming dated or yearly deadline, soonest first.

        Uses prefetched deadlines when they are there."""
        found = []
        for deadline in self.deadlines.all():
            occurrence = deadline.next_occurrence(today)
            if occurrence is not None:
                found.append((occurrence, deadline))
        return sorted(found, key=lambda item: item[0])

    def has_rolling(self) -> bool:
        return any(d.kind == GrantDeadline.Kind.ROLLING for d in self.deadlines.all())


class DeadlineKind(models.TextChoices):
    DATED = "dated", _("On a date")
    YEARLY = "yearly", _("Every year on the same date")
    ROLLING = "rolling", _("Rolling (apply at any time)")


@pghistory.track()
class GrantDeadline(models.Model):
    """One application deadline of a scheme: on a date, yearly on the same date, or rolling."""

    Kind = DeadlineKind

    scheme = models.ForeignKey(
        GrantScheme,
        verbose_name=_("grant scheme"),
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DATED)
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("For yearly deadlines: the first date; it repeats every year."),
    )
    label = models.CharField(
        _("label"),
        max_length=100,
        blank=True,
        help_text=_("Optional, e.g. 'Spring round'."),
    )

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["date", "pk"]
        constraints = [
            choices_check("kind", DeadlineKind, name="grantdeadline_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind="rolling", date__isnull=True)
                | Q(kind__in=["dated", "yearly"], date__isnull=False),
                name="grantdeadline_date_matches_kind",
                violation_error_message=_(
                    "A dated or yearly deadline needs a date; a rolling deadline has none."
                ),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.ROLLING:
            return str(_("Rolling"))
        if self.date is None:
            return str(self.get_kind_display())
        return f"{self.date:%Y-%m-%d} ({self.get_kind_display()})"

    @property
    def is_yearly(self) -> bool:
        return self.kind == self.Kind.YEARLY

    def next_occurrence(self, today: dt.date) -> dt.date | None:
        """The next date on or after `today` this deadline falls on (None if past or rolling)."""
        if self.date is None or self.kind == self.Kind.ROLLING:
            return None
        if self.kind == self.Kind.DATED:
            return self.date if self.date >= today else None
        return next_yearly_occurrence(self.date, today)


def next_yearly_occurrence(first: dt.date, today: dt.date) -> dt.date:
    """`first` repeated every year: the first repetition on or after `today`.

    29 February falls on 28 February in other years, like PostgreSQL's date arithmetic.
    """
    if first >= today:
        return first
    year = today.year
    while True:
        candidate = same_day_in_year(first, year)
        if candidate >= today:
            return candidate
        year += 1


def same_day_in_year(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> "SubscriptionQuerySet":
        """Confirmed and not unsubscribed: these get reminders."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


# What a subscription holds, in the order staff and the subscriber see it (the admin's
# read-only page, "Mine saker").
SUBSCRIPTION_FIELDS = [
    "email",
    "scheme",
    "target_group",
    "days_before",
    "language",
    "created_at",
    "confirmed_at",
    "unsubscribed_at",
]


class Subscription(models.Model):
    """A person's wish to get deadline reminders for one scheme or for a target group.

    Double opt-in: nothing is sent until the address is confirmed through the secret link.
    The same secret link unsubscribes (one click, also from the mail client's header).
    """

    email = models.EmailField(_("e-mail"), max_length=254)
    scheme = models.ForeignKey(
        GrantScheme,
        verbose_name=_("grant scheme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    target_group = models.CharField(
        _("target group"), max_length=30, choices=TargetGroup.choices, blank=True
    )
    days_before = models.PositiveSmallIntegerField(
        _("days before the deadline"), default=DEFAULT_REMINDER_DAYS
    )
    language = RecipientLanguageField()
    token = models.CharField(max_length=64, unique=True, default=new_secret_token, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_emailed_at = models.DateTimeField(
        _("last confirmation e-mail"), null=True, blank=True, editable=False
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder subscription")
        verbose_name_plural = _("reminder subscriptions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(scheme__isnull=False) & Q(target_group=""))
                | (Q(scheme__isnull=True) & Q(target_group__in=TargetGroup.values)),
                name="subscription_scheme_or_target_group",
            ),
            models.CheckConstraint(
                condition=Q(days_before__gte=1) & Q(days_before__lte=60),
                name="subscription_days_before_range",
            ),
            choices_check("language", RecipientLanguage, name="subscription_language_valid"),
            models.UniqueConstraint(
                fields=["email", "scheme"],
                condition=Q(scheme__isnull=False),
                name="subscription_unique_email_scheme",
            ),
            models.UniqueConstraint(
                fields=["email", "target_group"],
                condition=Q(scheme__isnull=True),
                name="subscription_unique_email_target_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.subject_display()}"

    def subject_display(self) -> str:
        if self.scheme_id:
            return str(self.scheme)
        return str(TargetGroup(self.target_group).label)

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None

    def confirm(self) -> bool:
        """Confirm the address. Returns False when it was already confirmed (harmless)."""
        if self.confirmed_at is not None and self.unsubscribed_at is None:
            return False
        self.confirmed_at = timezone.now()
        self.unsubscribed_at = None
        self.save(update_fields=["confirmed_at", "unsubscribed_at"])
        return True

    def unsubscribe(self) -> bool:
        """Stop reminders. Returns False when already unsubscribed (harmless)."""
        if self.unsubscribed_at is not None:
            return False
        self.unsubscribed_at = timezone.now()
        self.save(update_fields=["unsubscribed_at"])
        return True


class ReminderSent(models.Model):
    """One reminder sent to one subscription about one deadline date of one scheme.

    The unique constraint makes the reminder command idempotent, even when two runs overlap.
    """

    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="reminders_sent",
    )
    scheme = models.ForeignKey(
        GrantScheme,
        verbose_name=_("grant scheme"),
        on_delete=models.CASCADE,
        related_name="reminders_sent",
    )
    deadline_on = models.DateField(_("deadline"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "scheme", "deadline_on"],
                name="remindersent_once_per_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.deadline_on:%Y-%m-%d} → {self.subscription.email}"


class ReviewReminder(models.Model):
    """A reminder to the responsible editor that a scheme is past its review date."""

    scheme = models.ForeignKey(
        GrantScheme,
        verbose_name=_("grant scheme"),
        on_delete=models.CASCADE,
        related_name="review_reminders",
    )
    sent_on = models.DateField(_("sent"))
    recipient = models.EmailField(_("recipient"))

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "sent_on"], name="reviewreminder_once_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.sent_on:%Y-%m-%d}"
