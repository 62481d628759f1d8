"""Records behind "Mine saker": one-use links, the requests for them, erasure requests and
staff look-ups. (Imported by frivilligkontor.models, so they belong to the core app.)"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import RecipientLanguage
from frivilligkontor.fields import RecipientLanguageField, choices_check

# The law gives one month to answer a request to erase (GDPR art. 12(3)).
ERASURE_DAYS = 30


class AccessLink(models.Model):
    """A link to one address's overview, e-mailed to that address.

    Only a hash of the token is stored, so the table alone opens nothing. The link works
    once, within its validity, and opens a session of a few hours (frivilligkontor.mine).
    """

    email = models.EmailField(_("e-mail"), max_length=254)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = RecipientLanguageField()
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("opened"), null=True, blank=True)

    class Meta:
        verbose_name = _("link to my overview")
        verbose_name_plural = _("links to my overview")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="accesslink_expires_later"
            ),
            choices_check("language", RecipientLanguage, name="accesslink_language_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d %H:%M})"


class ErasureRequestQuerySet(models.QuerySet):
    def open(self) -> "ErasureRequestQuerySet":
        return self.filter(status=ErasureRequest.Status.OPEN)


class ErasureStatus(models.TextChoices):
    OPEN = "open", _("To be handled")
    DONE = "done", _("Handled")


class ErasureRequest(models.Model):
    """A person's request to erase what the office holds about an e-mail address.

    Staff handle it by hand before `due_on`: archived cases are kept as the archive law
    requires, the rest is erased or anonymised in each app.
    """

    Status = ErasureStatus

    email = models.EmailField(_("e-mail"), max_length=254)
    language = RecipientLanguageField()
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    due_on = models.DateField(_("answer due"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    note = models.TextField(_("what was erased and kept"), blank=True, max_length=3000)

    objects = ErasureRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request to erase my data")
        verbose_name_plural = _("requests to erase my data")
        ordering = ["status", "due_on", "pk"]
        constraints = [
            choices_check("status", ErasureStatus, name="erasurerequest_status_valid"),
            choices_check("language", RecipientLanguage, name="erasurerequest_language_valid"),
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(status="open"),
                name="erasurerequest_one_open_per_email",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(handled_at__isnull=False),
                name="erasurerequest_done_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%d.%m.%Y})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @staticmethod
    def due_date_for(received: datetime.datetime) -> datetime.date:
        return timezone.localdate(received) + datetime.timedelta(days=ERASURE_DAYS)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.due_on < (today or timezone.localdate())

    def mark_done(self, *, by: models.Model, note: str) -> None:
        self.status = self.Status.DONE
        self.handled_by = by
        self.handled_at = timezone.now()
        self.note = note
        self.save(update_fields=["status", "handled_by", "handled_at", "note"])


class OverviewLookup(models.Model):
    """A staff member opened the overview of an address (e.g. for a request by phone)."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"), max_length=254)
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(_("looked up"), default=timezone.now)

    class Meta:
        verbose_name = _("look-up of a person's overview")
        verbose_name_plural = _("look-ups of a person's overview")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.staff} → {self.email} ({self.created_at:%d.%m.%Y %H:%M})"
