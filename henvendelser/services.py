"""Workflows on enquiries: submission, replies, notes, status, assignment and digests.

Each one runs in a transaction and queues its e-mails on commit (frivilligkontor.mail),
so a change is never lost because mail is down, and mail never goes out for a change
that was rolled back. The admin and the public views both call these.
"""

from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone, translation

from frivilligkontor.links import absolute_url
from frivilligkontor.mail import queue_email
from frivilligkontor.models import Roles, Unit, User, new_secret_token
from henvendelser.feedback import feedback_links
from henvendelser.models import (
    CaseFeedback,
    DigestSend,
    Enquiry,
    EnquiryMessage,
    InvalidTransition,
    soon_due_limit,
)


def next_reference(*, year: int) -> str:
    """The next reference number of `year`, e.g. FK-2026-00042.

    One INSERT … ON CONFLICT DO UPDATE takes the row lock and increments in one statement,
    so simultaneous submissions (also the first of a new year) never get the same number.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO henvendelser_referencecounter (year, last_number) VALUES (%s, 1)
            ON CONFLICT (year) DO UPDATE
                SET last_number = henvendelser_referencecounter.last_number + 1
            RETURNING last_number
            """,
            [year],
        )
        number = cursor.fetchone()[0]
    return f"FK-{year}-{number:05d}"


def case_url(enquiry: Enquiry) -> str:
    return absolute_url("henvendelser:case_detail", language=enquiry.language, token=enquiry.token)


def admin_url(enquiry: Enquiry) -> str:
    return absolute_url("admin:henvendelser_enquiry_change", args=[enquiry.pk])


def submit_enquiry(*, fields: dict[str, Any], submission_key: Any) -> tuple[Enquiry, bool]:
    """Save a new enquiry and queue the receipt. Returns (enquiry, created).

    The submission key comes from a hidden field: a double click or a refresh sends the
    same key again, and gets the enquiry that was already made (created=False).
    """
    existing = Enquiry.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            now = timezone.now()
            received = timezone.localtime(now).date()
            enquiry = Enquiry(
                **fields,
                submission_key=submission_key,
                received_at=now,
                due_date=Enquiry.due_date_for(received),
                reference=next_reference(year=received.year),
            )
            enquiry.save()
            _queue_receipt(enquiry)
    except IntegrityError:
        existing = Enquiry.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    return enquiry, True


def _queue_receipt(enquiry: Enquiry) -> None:
    queue_email(
        to=[enquiry.email],
        template_prefix="henvendelser/email/receipt",
        context={"enquiry": enquiry, "case_url": case_url(enquiry)},
        language=enquiry.language,
        reply_to=[settings.OFFICE_EMAIL],
    )
    queue_email(
        to=[settings.OFFICE_EMAIL],
        template_prefix="henvendelser/email/office_new",
        context={"enquiry": enquiry, "admin_url": admin_url(enquiry)},
        language="nb",
    )


def _locked(enquiry: Enquiry) -> Enquiry:
    return Enquiry.objects.select_for_update().get(pk=enquiry.pk)


def _move_to(enquiry: Enquiry, status: str) -> None:
    """Change status, passing through "in progress" when the workflow needs it."""
    if enquiry.status == status:
        return
    if not enquiry.can_change_to(status) and enquiry.can_change_to(Enquiry.Status.IN_PROGRESS):
        enquiry.change_status(Enquiry.Status.IN_PROGRESS)
    enquiry.change_status(status)


@transaction.atomic
def reply(
    *,
    enquiry: Enquiry,
    officer: Any,
    body: str,
    then_status: str = Enquiry.Status.ANSWERED,
) -> EnquiryMessage:
    """Send a public reply to the person, record it in the thread and set the status.

    `then_status` is "answered" or "waiting" (the reply asks the organisation for
    something, and the deadline pauses). An unassigned case is given to the officer.
    """
    if then_status not in {Enquiry.Status.ANSWERED, Enquiry.Status.WAITING}:
        raise InvalidTransition("A reply leaves the case answered or waiting.")
    enquiry = _locked(enquiry)
    if enquiry.assigned_officer_id is None:
        enquiry.assigned_officer = officer
    _move_to(enquiry, then_status)
    enquiry.save()
    message = EnquiryMessage.objects.create(
        enquiry=enquiry, kind=EnquiryMessage.Kind.REPLY, author=officer, body=body
    )
    queue_email(
        to=[enquiry.email],
        template_prefix="henvendelser/email/reply",
        context={
            "enquiry": enquiry,
            "message": message,
            "case_url": case_url(enquiry),
            "feedback_links": (
                feedback_links(enquiry) if enquiry.status == Enquiry.Status.ANSWERED else None
            ),
        },
        language=enquiry.language,
        reply_to=[settings.OFFICE_EMAIL],
    )
    return message


@transaction.atomic
def add_note(*, enquiry: Enquiry, officer: Any, body: str) -> EnquiryMessage:
    """An internal note: never shown to the person, never e-mailed."""
    return EnquiryMessage.objects.create(
        enquiry=enquiry, kind=EnquiryMessage.Kind.NOTE, author=officer, body=body
    )


@transaction.atomic
def person_replies(*, enquiry: Enquiry, body: str) -> EnquiryMessage:
    """The person writes back on the case page: reopens an answered or closed case and
    resumes a paused one, and tells the case officer (or the office)."""
    enquiry = _locked(enquiry)
    latest = enquiry.messages.order_by("-created_at", "-pk").first()
    if (
        latest is not None
        and latest.kind == EnquiryMessage.Kind.FROM_PERSON
        and latest.body == body
        and latest.created_at > timezone.now() - timedelta(minutes=10)
    ):
        return latest  # the same message sent twice (double click, refresh)
    if enquiry.status in {
        Enquiry.Status.ANSWERED,
        Enquiry.Status.CLOSED,
        Enquiry.Status.WAITING,
    }:
        enquiry.change_status(Enquiry.Status.IN_PROGRESS)
        enquiry.save()
    message = EnquiryMessage.objects.create(
        enquiry=enquiry, kind=EnquiryMessage.Kind.FROM_PERSON, body=body
    )
    officer = enquiry.assigned_officer
    queue_email(
        to=[officer.email if officer and officer.email else settings.OFFICE_EMAIL],
        template_prefix="henvendelser/email/person_replied",
        context={"enquiry": enquiry, "message": message, "admin_url": admin_url(enquiry)},
        language="nb",
    )
    return message


@transaction.atomic
def change_status(*, enquiry: Enquiry, status: str) -> Enquiry:
    """Set a status through the workflow; raises InvalidTransition when it is not allowed."""
    enquiry = _locked(enquiry)
    enquiry.change_status(status)
    enquiry.save()
    return enquiry


@transaction.atomic
def assign(*, enquiry: Enquiry, officer: Any) -> Enquiry:
    enquiry = _locked(enquiry)
    enquiry.assign(officer)
    enquiry.save()
    return enquiry


@transaction.atomic
def forward_to_unit(*, enquiry: Enquiry, unit: Unit | None, by: Any) -> Enquiry:
    """Forward the case to a unit (e.g. a bydel): recorded as a note, and the unit is told."""
    enquiry = _locked(enquiry)
    enquiry.assigned_unit = unit
    enquiry.save()
    if unit is not None:
        with translation.override("nb"):
            EnquiryMessage.objects.create(
                enquiry=enquiry,
                kind=EnquiryMessage.Kind.NOTE,
                author=by,
                body=str(translation.gettext("Forwarded to %(unit)s.") % {"unit": unit.name}),
            )
        if unit.email:
            queue_email(
                to=[unit.email],
                template_prefix="henvendelser/email/forwarded",
                context={
                    "enquiry": enquiry,
                    "unit": unit,
                    "by": by,
                    "admin_index": absolute_url("admin:index"),
                },
                language="nb",
            )
    return enquiry


def send_case_digests(*, today: date | None = None) -> int:
    """E-mail each officer their overdue and soon-due cases, once per day. Cases nobody has
    taken yet are listed for every active case officer, so a new case cannot go unnoticed.
    Returns how many digests were sent now (0 when the command already ran today)."""
    today = today or timezone.localdate()
    limit = soon_due_limit(today)
    due = (
        Enquiry.objects.due_by(limit)
        .select_related("assigned_officer")
        .order_by("due_date", "received_at")
    )
    by_officer: dict[int, list[Enquiry]] = {}
    unassigned: list[Enquiry] = []
    officers: dict[int, Any] = {}
    for enquiry in due:
        if enquiry.assigned_officer_id is None:
            unassigned.append(enquiry)
        elif enquiry.assigned_officer.is_active:
            by_officer.setdefault(enquiry.assigned_officer_id, []).append(enquiry)
            officers[enquiry.assigned_officer_id] = enquiry.assigned_officer
    if unassigned:
        for officer in User.objects.filter(groups__name=Roles.CASE_OFFICERS, is_active=True):
            officers.setdefault(officer.pk, officer)
    sent = 0
    for officer_id, officer in officers.items():
        cases = by_officer.get(officer_id, [])
        if not officer.email:
            continue
        with transaction.atomic():
            _, created = DigestSend.objects.get_or_create(
                officer=officer, day=today, defaults={"case_count": len(cases) + len(unassigned)}
            )
            if not created:
                continue
            overdue = [case for case in cases if case.due_date < today]
            soon = [case for case in cases if case.due_date >= today]
            queue_email(
                to=[officer.email],
                template_prefix="henvendelser/email/digest",
                context={
                    "officer": officer,
                    "overdue": [(case, admin_url(case)) for case in overdue],
                    "soon": [(case, admin_url(case)) for case in soon],
                    "unassigned": [(case, admin_url(case)) for case in unassigned],
                    "today": today,
                },
                language="nb",
            )
            sent += 1
    return sent


def anonymise_old_enquiries(*, now: Any = None) -> int:
    """Remove name, contact details, text and thread of finished cases with no activity for
    ENQUIRY_RETENTION_DAYS, and their recorded history (which holds copies). Topic,
    district, dates and status stay, so the office's statistics and three-year evaluation
    still count the case. The secret link stops working. Idempotent. Returns how many cases
    were anonymised now."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ENQUIRY_RETENTION_DAYS)
    old = (
        Enquiry.objects.filter(status__in=[Enquiry.Status.ANSWERED, Enquiry.Status.CLOSED])
        .exclude(email="", contact_name="", message="")
        .annotate(
            last_activity=Greatest(
                "received_at",
                Coalesce("closed_at", "received_at"),
                Coalesce(Max("messages__created_at"), "received_at"),
            )
        )
        .filter(last_activity__lt=cutoff)
    )
    event_model = apps.get_model("henvendelser", "EnquiryEvent")
    count = 0
    for pk in old.values_list("pk", flat=True):
        with transaction.atomic():
            enquiry = Enquiry.objects.select_for_update().get(pk=pk)
            enquiry.messages.all().delete()
            CaseFeedback.objects.filter(enquiry=enquiry).update(comment="")
            for name in ("contact_name", "email", "phone", "message"):
                setattr(enquiry, name, "")
            if enquiry.is_new_initiative or not enquiry.organisation_number:
                # A new initiative's or private person's "organisation" may be a person's name.
                enquiry.organisation_name = ""
            enquiry.token = new_secret_token()
            enquiry.save()
            event_model.objects.filter(pgh_obj_id=pk).delete()
            count += 1
    return count
