"""Guidance articles, enquiries handled as cases, their threads and standard answers."""

import re
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import RecipientLanguage
from frivilligkontor.fields import RecipientLanguageField, choices_check
from frivilligkontor.models import Unit, new_secret_token
from frivilligkontor.search import ENGLISH, NORWEGIAN, weighted_vector
from frivilligkontor.slugs import remembers_old_slugs
from frivilligkontor.workdays import add_working_days, working_days_between

MESSAGE_MAX_LENGTH = 5000


class Topic(models.TextChoices):
    GRANTS = "grants", _("Grants")
    PREMISES = "premises", _("Premises")
    STARTING = "starting", _("Starting an organisation")
    VOLUNTEERS = "volunteers", _("Recruiting volunteers")
    COOPERATION = "cooperation", _("Cooperation with the municipality")
    OTHER = "other", _("Other")


# Readable Norwegian words for links (`?tema=tilskudd`); the English values work too.
TOPIC_SLUGS = {
    "tilskudd": Topic.GRANTS,
    "lokaler": Topic.PREMISES,
    "oppstart": Topic.STARTING,
    "frivillige": Topic.VOLUNTEERS,
    "samarbeid": Topic.COOPERATION,
    "annet": Topic.OTHER,
}


def topic_from_param(value: str) -> str:
    """The topic named by a link parameter, or "" for anything unknown."""
    value = (value or "").strip().lower()
    if value in TOPIC_SLUGS:
        return TOPIC_SLUGS[value].value
    return value if value in Topic.values else ""


class GuidanceArticleQuerySet(models.QuerySet):
    def published(self) -> "GuidanceArticleQuerySet":
        return self.filter(is_published=True)

    def on_topic(self, topic: str) -> "GuidanceArticleQuerySet":
        return self.filter(topic=topic) if topic else self


# The search vectors are derived from the text, which the history keeps already.
@pghistory.track(exclude=["search_nb", "search_en"])
class GuidanceArticle(models.Model):
    """A help text in Norwegian (required) and English (optional; Norwegian is shown when empty)."""

    slug = models.SlugField(_("short name in addresses"), max_length=120, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title_nb = models.CharField(_("title (Norwegian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_nb = models.CharField(_("summary (Norwegian)"), max_length=300)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    body_nb = models.TextField(
        _("text (Norwegian)"),
        max_length=20000,
        help_text=_("Plain text. An empty line starts a new paragraph."),
    )
    body_en = models.TextField(_("text (English)"), max_length=20000, blank=True)
    last_checked = models.DateField(_("last checked"), default=date.today)
    responsible_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible editor"),
        on_delete=models.PROTECT,
        related_name="guidance_articles",
    )
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept by PostgreSQL on every write, so a search reads vectors instead of building them.
    search_nb = models.GeneratedField(
        expression=weighted_vector(
            ("A", "title_nb"), ("B", "summary_nb"), ("C", "body_nb"), config=NORWEGIAN
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    search_en = models.GeneratedField(
        expression=weighted_vector(
            ("A", "title_en"), ("B", "summary_en"), ("C", "body_en"), config=ENGLISH
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = GuidanceArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("guidance article")
        verbose_name_plural = _("guidance articles")
        triggers = [remembers_old_slugs("henvendelser.guidancearticle")]
        ordering = ["topic", "title_nb"]
        constraints = [
            choices_check("topic", Topic, name="guidance_article_topic_valid"),
        ]
        indexes = [
            GinIndex(fields=["search_nb"], name="guidance_search_nb"),
            GinIndex(fields=["search_en"], name="guidance_search_en"),
        ]

    def __str__(self) -> str:
        return self.title_nb

    def get_absolute_url(self) -> str:
        return reverse("henvendelser:guidance_detail", kwargs={"slug": self.slug})

    def _localised(self, field: str) -> str:
        if (get_language() or "nb").startswith("en"):
            english = getattr(self, f"{field}_en")
            if english:
                return english
        return getattr(self, f"{field}_nb")

    @property
    def title(self) -> str:
        return self._localised("title")

    @property
    def summary(self) -> str:
        return self._localised("summary")

    @property
    def body(self) -> str:
        return self._localised("body")

    @property
    def shown_language(self) -> str:
        """The language the text is actually shown in (for the lang attribute)."""
        if (get_language() or "nb").startswith("en") and self.body_en:
            return "en"
        return "nb"

    def paragraphs(self) -> list[str]:
        return [part.strip() for part in re.split(r"\n\s*\n", self.body) if part.strip()]


class InvalidTransition(ValidationError):
    """A status change the workflow does not allow."""


class EnquiryQuerySet(models.QuerySet):
    def open(self) -> "EnquiryQuerySet":
        return self.exclude(status__in=[Enquiry.Status.ANSWERED, Enquiry.Status.CLOSED])

    def overdue(self, today: date | None = None) -> "EnquiryQuerySet":
        """Waiting for the office's first answer past the due date (not while paused)."""
        today = today or timezone.localdate()
        return self.filter(
            first_answered_at__isnull=True,
            due_date__lt=today,
            status__in=[Enquiry.Status.NEW, Enquiry.Status.IN_PROGRESS],
        )

    def due_by(self, day: date) -> "EnquiryQuerySet":
        return self.filter(
            first_answered_at__isnull=True,
            due_date__lte=day,
            status__in=[Enquiry.Status.NEW, Enquiry.Status.IN_PROGRESS],
        )


class EnquiryStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the organisation")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", pgettext_lazy("enquiry status", "Closed")


@pghistory.track()
class Enquiry(models.Model):
    """A question to the office, handled as a case with a status workflow and a deadline."""

    Status = EnquiryStatus

    # Which status may follow which. A reply from the person reopens answered and
    # closed cases (→ in progress) and resumes a paused one.
    TRANSITIONS: dict[str, set[str]] = {
        Status.NEW: {Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED},
        Status.IN_PROGRESS: {Status.WAITING, Status.ANSWERED, Status.CLOSED},
        Status.WAITING: {Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED},
        Status.ANSWERED: {Status.IN_PROGRESS, Status.CLOSED},
        Status.CLOSED: {Status.IN_PROGRESS},
    }

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_secret_token, editable=False)
    submission_key = models.UUIDField(
        _("submission key"),
        unique=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Sent with the form, so a double submit creates one case."),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    district = models.ForeignKey(
        Unit,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enquiries_from_district",
        limit_choices_to={"kind": Unit.Kind.DISTRICT},
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    is_new_initiative = models.BooleanField(_("new initiative"), default=False)
    contact_name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    language = RecipientLanguageField(_("preferred language"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_enquiries",
    )
    assigned_unit = models.ForeignKey(
        Unit,
        verbose_name=_("forwarded to unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_enquiries",
    )
    venue = models.ForeignKey(
        "lokaler.Venue",
        verbose_name=_("about venue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
    )
    grant_scheme = models.ForeignKey(
        "tilskudd.GrantScheme",
        verbose_name=_("about grant scheme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    due_date = models.DateField(_("first answer due"))
    paused_on = models.DateField(_("deadline paused since"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("enquiry", "closed"), null=True, blank=True)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-received_at"]
        constraints = [
            choices_check("topic", Topic, name="enquiry_topic_valid"),
            choices_check("status", EnquiryStatus, name="enquiry_status_valid"),
            choices_check("language", RecipientLanguage, name="enquiry_language_valid"),
            models.CheckConstraint(
                condition=Q(reference__regex=r"^FK-[0-9]{4}-[0-9]{5,}$"),
                name="enquiry_reference_format",
            ),
            models.CheckConstraint(
                condition=Q(organisation_number="") | Q(organisation_number__regex=r"^[0-9]{9}$"),
                name="enquiry_organisation_number_nine_digits",
            ),
        ]
        indexes = [
            # The admin list opens on open cases, newest first (`EnquiryQuerySet.open`): most
            # cases are answered or closed, so a partial index holds only the few that matter.
            models.Index(
                fields=["-received_at"],
                condition=~Q(status__in=["answered", "closed"]),
                name="enquiry_open_by_received",
            ),
            # Overdue and soon-due cases (`overdue`, `due_by`: the admin filter and the digest).
            models.Index(
                fields=["due_date"],
                condition=Q(first_answered_at__isnull=True, status__in=["new", "in_progress"]),
                name="enquiry_awaiting_first_answer",
            ),
            # The status filter with the list's order.
            models.Index(fields=["status", "-received_at"], name="enquiry_status_received"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.get_topic_display()}"

    def get_absolute_url(self) -> str:
        return reverse("henvendelser:case_detail", kwargs={"token": self.token})

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.ANSWERED, self.Status.CLOSED}

    @property
    def is_waiting(self) -> bool:
        """Paused while the office waits for the organisation."""
        return self.status == self.Status.WAITING

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.first_answered_at is None
            and self.status in {self.Status.NEW, self.Status.IN_PROGRESS}
            and self.due_date < today
        )

    @staticmethod
    def due_date_for(received: date) -> date:
        return add_working_days(received, settings.ENQUIRY_RESPONSE_WORKING_DAYS)

    def can_change_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())

    def change_status(self, status: str, *, today: date | None = None) -> None:
        """Move to `status` (not saved). Raises InvalidTransition for a change the workflow refuses.

        Waiting for the organisation pauses the deadline; leaving that state moves the due
        date on by the working days the case waited.
        """
        if not self.can_change_to(status):
            raise InvalidTransition(
                _("A case that is “%(current)s” cannot be set to “%(new)s”.")
                % {
                    "current": self.get_status_display(),
                    "new": self.Status(status).label,
                },
                code="invalid_transition",
            )
        today = today or timezone.localdate()
        now = timezone.now()
        if self.status == self.Status.WAITING and self.paused_on is not None:
            self.due_date = add_working_days(
                self.due_date, working_days_between(self.paused_on, today)
            )
            self.paused_on = None
        if status == self.Status.WAITING:
            self.paused_on = today
        if status == self.Status.ANSWERED and self.first_answered_at is None:
            self.first_answered_at = now
        self.closed_at = now if status == self.Status.CLOSED else None
        self.status = status

    def assign(self, officer: Any) -> None:
        """Give the case to an officer (not saved). A new case is then in progress."""
        self.assigned_officer = officer
        if officer is not None and self.status == self.Status.NEW:
            self.change_status(self.Status.IN_PROGRESS)

    def organisation_display(self) -> str:
        if self.organisation_name:
            return self.organisation_name
        if self.is_new_initiative:
            return str(_("New initiative"))
        return ""

    def status_explanation(self) -> str:
        explanations = {
            self.Status.NEW: _(
                "We have received your enquiry. A case officer will look at it soon."
            ),
            self.Status.IN_PROGRESS: _(
                "A case officer is working on your enquiry. You will get an e-mail when we answer."
            ),
            self.Status.WAITING: _(
                "We are waiting for information from you. Please answer below, so we can go on."
            ),
            self.Status.ANSWERED: _(
                "We have answered. If something is unclear, you can write back below."
            ),
            self.Status.CLOSED: _("The case is closed. If you write back below, we open it again."),
        }
        return str(explanations[self.status])


class ReferenceCounter(models.Model):
    """The last reference number used in a year; locked while a new number is taken."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class MessageKind(models.TextChoices):
    FROM_PERSON = "from_person", _("From the person")
    REPLY = "reply", _("Reply from the office")
    NOTE = "note", _("Internal note")


class EnquiryMessage(models.Model):
    """One entry in a case's thread: from the person, a public reply, or an internal note."""

    Kind = MessageKind

    enquiry = models.ForeignKey(
        Enquiry, verbose_name=_("enquiry"), on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enquiry_messages",
    )
    body = models.TextField(_("text"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        constraints = [
            choices_check("kind", MessageKind, name="enquiry_message_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_public(self) -> bool:
        return self.kind != self.Kind.NOTE

    @property
    def is_reply(self) -> bool:
        return self.kind == self.Kind.REPLY


PLACEHOLDER = re.compile(r"\{(name|reference|officer|topic)\}")


class StandardAnswer(models.Model):
    """A canned reply. Placeholders: {name}, {reference}, {officer}, {topic}."""

    title = models.CharField(_("title"), max_length=150, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, blank=True)
    body_nb = models.TextField(
        _("text (Norwegian)"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_("You may use {name}, {reference}, {officer} and {topic}."),
    )
    body_en = models.TextField(_("text (English)"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("standard answer")
        verbose_name_plural = _("standard answers")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(topic="") | Q(topic__in=Topic.values),
                name="standard_answer_topic_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def fill(self, enquiry: Enquiry, *, officer: object) -> str:
        """The text in the person's language with the placeholders filled in."""
        from django.utils import translation

        body = self.body_en if enquiry.language == "en" and self.body_en else self.body_nb
        with translation.override(enquiry.language):
            values = {
                "name": enquiry.contact_name,
                "reference": enquiry.reference,
                "officer": str(officer) if officer else "",
                "topic": str(enquiry.get_topic_display()).lower(),
            }
        return PLACEHOLDER.sub(lambda match: values[match.group(1)], body)


class DigestSend(models.Model):
    """That an officer got the daily digest on a day, so the command sends it once."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officer"),
        on_delete=models.CASCADE,
        related_name="case_digests",
    )
    day = models.DateField(_("day"))
    case_count = models.PositiveIntegerField(_("cases"), default=0)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("case digest sent")
        verbose_name_plural = _("case digests sent")
        constraints = [
            models.UniqueConstraint(fields=["officer", "day"], name="digest_once_per_officer_day"),
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.day}"


def soon_due_limit(today: date) -> date:
    """Cases due within this date are "soon due" in the digest (two working days ahead)."""
    return add_working_days(today, 2)


# How long after giving feedback on a case the person may change it.
FEEDBACK_CHANGEABLE_DAYS = 30
FEEDBACK_COMMENT_MAX_LENGTH = 1000


class CaseFeedbackQuerySet(models.QuerySet):
    def received_between(self, start: date, end: date) -> "CaseFeedbackQuerySet":
        """Feedback on enquiries received from `start` to `end` (both days included)."""
        zone = timezone.get_current_timezone()
        return self.filter(
            enquiry__received_at__gte=datetime.combine(start, time.min, tzinfo=zone),
            enquiry__received_at__lte=datetime.combine(end, time.max, tzinfo=zone),
        )


class FeedbackAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class CaseFeedback(models.Model):
    """The person's answer to "Did you get help with what you asked?": one per case."""

    Answer = FeedbackAnswer

    enquiry = models.OneToOneField(
        Enquiry, verbose_name=_("enquiry"), on_delete=models.CASCADE, related_name="feedback"
    )
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    comment = models.TextField(_("comment"), max_length=FEEDBACK_COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("given"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    objects = CaseFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback on a case")
        verbose_name_plural = _("feedback on cases")
        constraints = [
            choices_check("answer", FeedbackAnswer, name="case_feedback_answer_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.enquiry.reference}: {self.get_answer_display()}"

    @property
    def changeable_until(self) -> date:
        return timezone.localtime(self.created_at).date() + timedelta(days=FEEDBACK_CHANGEABLE_DAYS)

    def is_changeable(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) <= self.changeable_until


class ArticleFeedback(models.Model):
    """One reader's "Was this page useful?" on a guidance article. Holds no personal data:
    no address, no session key, only the vote, an optional comment and the day."""

    article = models.ForeignKey(
        GuidanceArticle,
        verbose_name=_("guidance article"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    useful = models.BooleanField(_("useful"))
    comment = models.TextField(_("comment"), max_length=FEEDBACK_COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("given"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("feedback on a guidance article")
        verbose_name_plural = _("feedback on guidance articles")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.article}: {_('useful') if self.useful else _('not useful')}"
