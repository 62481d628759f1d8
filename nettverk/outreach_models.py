"""Outreach: messages and invitations from staff to organisations in the directory, who got
them, and organisations that asked for no more. (Imported by nettverk.models.)"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import ActivityArea, RecipientLanguage, TargetGroup
from frivilligkontor.fields import ChoicesArrayField, RecipientLanguageField, choices_check
from frivilligkontor.models import Organisation, Unit


class OutreachMessage(models.Model):
    """A message, or an invitation to an event, to the organisations chosen by the filters.

    Written as a draft; sending (nettverk.outreach.send_outreach) records every recipient
    and queues the mail in batches. A sent message cannot be changed.
    """

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("sent on behalf of"),
        on_delete=models.PROTECT,
        related_name="outreach_messages",
    )
    event = models.ForeignKey(
        "nettverk.Event",
        verbose_name=_("invitation to event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        help_text=_("Choose an event to send an invitation with its registration link."),
    )
    districts = models.ManyToManyField(
        Unit,
        verbose_name=_("organisations in the districts"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Unit.Kind.DISTRICT},
        help_text=_("None chosen: every district (Frivilligkontoret only)."),
    )
    activity_areas = ChoicesArrayField(
        ActivityArea, verbose_name=_("with one of the activity areas")
    )
    target_groups = ChoicesArrayField(TargetGroup, verbose_name=_("with one of the target groups"))
    languages = ChoicesArrayField(
        RecipientLanguage, max_length=5, verbose_name=_("whose language is")
    )
    subject_nb = models.CharField(_("subject (Norwegian)"), max_length=150)
    body_nb = models.TextField(_("message (Norwegian)"), max_length=5000)
    subject_en = models.CharField(_("subject (English)"), max_length=150, blank=True)
    body_en = models.TextField(
        _("message (English)"),
        max_length=5000,
        blank=True,
        help_text=_("When both are given, organisations that use English get this version."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("message to organisations")
        verbose_name_plural = _("messages to organisations")
        ordering = ["-created_at"]
        constraints = [
            choices_check(
                "activity_areas", ActivityArea, name="outreach_activity_areas_valid", many=True
            ),
            choices_check(
                "target_groups", TargetGroup, name="outreach_target_groups_valid", many=True
            ),
            choices_check(
                "languages", RecipientLanguage, name="outreach_languages_valid", many=True
            ),
            models.CheckConstraint(
                condition=(Q(subject_en="") & Q(body_en="")) | (~Q(subject_en="") & ~Q(body_en="")),
                name="outreach_english_whole_or_none",
                violation_error_message=_("Give both the English subject and message, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(sent_by__isnull=False),
                name="outreach_sent_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.subject_nb

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    def text_in(self, language: str) -> tuple[str, str, str]:
        """(language, subject, body): English when asked for and given, else Norwegian."""
        if language == RecipientLanguage.EN and self.subject_en and self.body_en:
            return "en", self.subject_en, self.body_en
        return "nb", self.subject_nb, self.body_nb


class OutreachSkipReason(models.TextChoices):
    """Why a recipient of a message was not sent it after all (OutreachRecipient.skip_reason)."""

    UNSUBSCRIBED = "unsubscribed", _("the organisation unsubscribed")
    ORGANISATION_REMOVED = (
        "organisation_removed",
        _("the organisation was removed from the directory"),
    )
    EVENT_CLOSED = (
        "event_closed",
        _("the event was no longer open for registration (cancelled, moved, past or closed)"),
    )


class OutreachRecipient(models.Model):
    """The record of one organisation a message was sent to: address and language as sent,
    or, when its batch found it should not go out, when and why it was not sent."""

    SkipReason = OutreachSkipReason

    message = models.ForeignKey(
        OutreachMessage,
        verbose_name=_("message"),
        on_delete=models.PROTECT,
        related_name="recipients",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    organisation_name = models.CharField(_("organisation"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    language = RecipientLanguageField()
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    skipped_at = models.DateTimeField(_("not sent"), null=True, blank=True)
    # Recorded when it is skipped: deriving it later would be wrong once an organisation
    # subscribes again or an event's registration is opened again.
    skip_reason = models.CharField(
        _("why not sent"), max_length=30, choices=OutreachSkipReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["organisation_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "organisation"], name="outreach_one_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(skipped_at__isnull=True),
                name="outreach_sent_or_skipped",
            ),
            models.CheckConstraint(
                condition=Q(skipped_at__isnull=True, skip_reason="")
                | Q(skipped_at__isnull=False, skip_reason__in=OutreachSkipReason.values),
                name="outreach_skipped_with_a_reason",
            ),
            choices_check("language", RecipientLanguage, name="outreach_recipient_language_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} <{self.email}>"

    def skip(self, reason: OutreachSkipReason) -> None:
        """Not sent, and why (nettverk.outreach.send_outreach_batch)."""
        self.skipped_at = timezone.now()
        self.skip_reason = reason
        self.save(update_fields=["skipped_at", "skip_reason"])


class OutreachOptOut(models.Model):
    """An organisation that asked for no more messages or invitations from staff."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="outreach_opt_out",
    )
    created_at = models.DateTimeField(_("unsubscribed"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation that unsubscribed")
        verbose_name_plural = _("organisations that unsubscribed")

    def __str__(self) -> str:
        return str(self.organisation)
