"""Grant schemes (tilskuddsordninger), their deadlines, reminder subscriptions."""

import datetime as dt

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import ActivityArea, TargetGroup
from frivilligkontor.models import Unit


class GrantScheme(models.Model):
    """A grant programme owned by a unit (a bydel or an agency), with its deadlines.

    A discontinued scheme keeps its page (old links never break) but leaves the lists.
    Quality assurance: a responsible editor checks the scheme every `review_interval_days`.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED_FOR_SEASON = "closed_for_season", _("Closed for the season")
        DISCONTINUED = "discontinued", _("Discontinued")

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
    target_groups = ArrayField(
        models.CharField(max_length=30, choices=TargetGroup.choices),
        verbose_name=_("target groups"),
        default=list,
        blank=True,
    )
    activity_areas = ArrayField(
        models.CharField(max_length=30, choices=ActivityArea.choices),
        verbose_name=_("activity areas"),
        default=list,
        blank=True,
    )
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
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("grant scheme")
        verbose_name_plural = _("grant schemes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["active", "closed_for_season", "discontinued"]),
                name="grantscheme_status_valid",
            ),
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
            models.CheckConstraint(
                condition=Q(target_groups__contained_by=TargetGroup.values),
                name="grantscheme_target_groups_valid",
            ),
            models.CheckConstraint(
                condition=Q(activity_areas__contained_by=ActivityArea.values),
                name="grantscheme_activity_areas_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tilskudd:scheme_detail", kwargs={"slug": self.slug})


class GrantDeadline(models.Model):
    """One application deadline of a scheme: on a date, yearly on the same date, or rolling."""

    class Kind(models.TextChoices):
        DATED = "dated", _("On a date")
        YEARLY = "yearly", _("Every year on the same date")
        ROLLING = "rolling", _("Rolling (apply at any time)")

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
            models.CheckConstraint(
                condition=Q(kind__in=["dated", "yearly", "rolling"]),
                name="grantdeadline_kind_valid",
            ),
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
        candidate = _same_day_in_year(first, year)
        if candidate >= today:
            return candidate
        year += 1


def _same_day_in_year(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)
