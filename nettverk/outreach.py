"""Outreach to the directory: staff write to (or invite) the organisations chosen by district,
activity area, target group and language; organisations unsubscribe with one click
(RFC 8058); a visitor can write to an organisation without learning its address.

Sending records every recipient first and then queues the mail in batches of BATCH_SIZE,
so a large mailing never holds one long transaction, and a batch that fails is retried
without sending twice to anyone already sent to. An organisation that unsubscribes before
its batch runs is skipped, and so is every recipient still queued for an invitation whose
event is no longer open for registration (cancelled, moved or closed since sending began);
the record says why.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from frivilligkontor.choices import RecipientLanguage
from frivilligkontor.links import absolute_url
from frivilligkontor.mail import queue_email, render_email
from frivilligkontor.models import Organisation, Unit
from nettverk.models import OrganisationContactLanguage
from nettverk.outreach_models import (
    OutreachMessage,
    OutreachOptOut,
    OutreachRecipient,
)

BATCH_SIZE = 50
OUTREACH_TEMPLATE = "nettverk/email/outreach"
_UNSUBSCRIBE_SALT = "nettverk.outreach.unsubscribe"


class OutreachRefused(Exception):
    """The message cannot be sent; the text can be shown to staff."""


def districts_for(user: Any) -> QuerySet:
    """The districts a staff member may write to: all for Frivilligkontoret, else their own."""
    districts = Unit.objects.districts()
    if user.sees_all_units:
        return districts
    return districts.filter(pk__in=user.unit_ids())


def matching_organisations(
    *,
    districts: Iterable[Unit] = (),
    activity_areas: Iterable[str] = (),
    target_groups: Iterable[str] = (),
    languages: Iterable[str] = (),
) -> QuerySet:
    """Public organisations with a contact address that have not unsubscribed, chosen by
    district, activity area, target group and language (any of each chosen; none = all)."""
    organisations = (
        Organisation.objects.public()
        .exclude(contact_email="")
        .filter(outreach_opt_out__isnull=True)
    )
    district_ids = [district.pk for district in districts]
    if district_ids:
        organisations = organisations.filter(
            pk__in=Organisation.districts.through.objects.filter(unit_id__in=district_ids).values(
                "organisation_id"
            )
        )
    if activity_areas := list(activity_areas):
        organisations = organisations.filter(activity_areas__overlap=activity_areas)
    if target_groups := list(target_groups):
        organisations = organisations.filter(target_groups__overlap=target_groups)
    if languages := list(languages):
        chosen = Q(nettverk_contact_language__language__in=languages)
        if RecipientLanguage.NB in languages:  # no language recorded: Norwegian
            chosen |= Q(nettverk_contact_language__isnull=True)
        organisations = organisations.filter(chosen)
    return organisations.order_by("name", "pk")


def recipients_of(message: OutreachMessage) -> QuerySet:
    return matching_organisations(
        districts=message.districts.all(),
        activity_areas=message.activity_areas,
        target_groups=message.target_groups,
        languages=message.languages,
    )


def may_send(user: Any, message: OutreachMessage, districts: Iterable[Unit]) -> bool:
    """Unit staff write only on behalf of their own unit, to their own districts (at least one)."""
    if user.sees_all_units:
        return True
    own = user.unit_ids()
    chosen = {district.pk for district in districts}
    return message.unit_id in own and bool(chosen) and chosen <= own


def why_not_sendable(message: OutreachMessage) -> str | None:
    """Why the message cannot go out now, for staff; None when it can. An invitation needs an
    event people can still sign up to (it may have been cancelled since the draft)."""
    event = message.event
    if event is not None and not event.registration_is_open():
        return _(
            "“%(event)s” is no longer open for registration (cancelled, moved, past or closed), "
            "so the invitation cannot be sent. Choose another event or remove it."
        ) % {"event": event.title}
    return None


@transaction.atomic
def send_outreach(*, message: OutreachMessage, by: Any) -> int:
    """Record every recipient and queue the mail in batches. Returns how many will get it."""
    message = OutreachMessage.objects.select_for_update().get(pk=message.pk)
    if message.is_sent:
        raise OutreachRefused("already sent")
    if not may_send(by, message, message.districts.all()):
        raise PermissionDenied
    if (reason := why_not_sendable(message)) is not None:
        raise OutreachRefused(reason)
    languages = dict(OrganisationContactLanguage.objects.values_list("organisation_id", "language"))
    organisations = list(recipients_of(message))
    OutreachRecipient.objects.bulk_create(
        OutreachRecipient(
            message=message,
            organisation=organisation,
            organisation_name=organisation.name,
            email=organisation.contact_email,
            language=message.text_in(languages.get(organisation.pk, "nb"))[0],
        )
        for organisation in organisations
    )
    message.sent_at = timezone.now()
    message.sent_by = by
    message.save(update_fields=["sent_at", "sent_by"])
    ids = list(message.recipients.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        send_outreach_batch.enqueue(recipient_ids=ids[start : start + BATCH_SIZE])
    return len(ids)


def unsubscribe_token(organisation: Organisation) -> str:
    return signing.dumps(organisation.pk, salt=_UNSUBSCRIBE_SALT, compress=True)


def organisation_for_token(token: str) -> Organisation | None:
    try:
        pk = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Organisation.objects.filter(pk=pk).first()


def unsubscribe(*, organisation: Organisation) -> bool:
    """No more messages or invitations from staff. False when already unsubscribed."""
    _opt_out, created = OutreachOptOut.objects.get_or_create(organisation=organisation)
    return created


def outreach_email(recipient: OutreachRecipient) -> tuple[dict[str, Any], str, str]:
    """(template context, language, unsubscribe link) of the mail to one recipient."""
    message = recipient.message
    language, subject, text = message.text_in(recipient.language)
    unsubscribe_url = absolute_url(
        "nettverk:outreach_unsubscribe",
        language=language,
        token=unsubscribe_token(recipient.organisation),
    )
    context: dict[str, Any] = {
        "organisation_name": recipient.organisation_name,
        "text": text,
        "subject": subject,
        "unit": message.unit,
        "event": message.event,
        "unsubscribe_url": unsubscribe_url,
    }
    if message.event_id:
        context["event_url"] = absolute_url(
            "nettverk:event_detail", language=language, slug=message.event.slug
        )
    return context, language, unsubscribe_url


def render_outreach(recipient: OutreachRecipient) -> tuple[str, str]:
    """(subject, body) of the mail to one recipient, as it will be sent (for the preview)."""
    context, language, _url = outreach_email(recipient)
    return render_email(template_prefix=OUTREACH_TEMPLATE, context=context, language=language)


def _reason_not_to_send(recipient: OutreachRecipient) -> OutreachRecipient.SkipReason | None:
    """Why a recipient whose batch runs now should not get the mail, if there is a reason:
    sending takes a while, and the organisation may have unsubscribed, been removed, or the
    event of an invitation been cancelled, moved or closed since the sending started."""
    organisation = recipient.organisation
    if organisation is None:
        return OutreachRecipient.SkipReason.ORGANISATION_REMOVED
    if OutreachOptOut.objects.filter(organisation=organisation).exists():
        return OutreachRecipient.SkipReason.UNSUBSCRIBED
    event = recipient.message.event
    if event is not None and not event.registration_is_open():
        return OutreachRecipient.SkipReason.EVENT_CLOSED
    return None


@task
def send_outreach_batch(*, recipient_ids: list[int]) -> None:
    """Queue one batch's mail. Each recipient is marked sent in the same transaction as its
    mail is queued (the shared outbox), so a retried batch queues only the rest; a recipient
    that should no longer get it (`_reason_not_to_send`) is recorded as skipped, with why."""
    for pk in recipient_ids:
        with transaction.atomic():
            recipient = (
                OutreachRecipient.objects.select_for_update(of=("self",))
                .select_related("message", "message__event", "message__unit", "organisation")
                .filter(pk=pk, sent_at__isnull=True, skipped_at__isnull=True)
                .first()
            )
            if recipient is None:
                continue
            if (reason := _reason_not_to_send(recipient)) is not None:
                recipient.skip(reason)
                continue
            context, language, unsubscribe_url = outreach_email(recipient)
            queue_email(
                to=[recipient.email],
                template_prefix=OUTREACH_TEMPLATE,
                context=context,
                language=language,
                reply_to=[recipient.message.unit.email or settings.OFFICE_EMAIL],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            recipient.sent_at = timezone.now()
            recipient.save(update_fields=["sent_at"])


# --- A visitor writes to an organisation ----------------------------------------------


def relay_contact_message(
    *, organisation: Organisation, name: str, email: str, message: str
) -> None:
    """Pass a visitor's message on to the organisation. The organisation's address is never
    shown to the visitor; the visitor's address is given to the organisation in the mail
    (as Reply-To), so it can answer.

    The mail comes from the municipality, so the visitor's words are set apart: the name on
    one line, and every line of the message quoted ("> "), so no one can write text that
    looks like the office's own (a phishing link "from Frivilligkontoret")."""
    language = OrganisationContactLanguage.of(organisation)
    queue_email(
        to=[organisation.contact_email],
        template_prefix="nettverk/email/contact_relay",
        context={
            "organisation": organisation,
            "sender_name": " ".join(name.split()),
            "sender_email": email,
            "message": "\n".join(f"> {line}".rstrip() for line in message.splitlines()),
            "office_email": settings.OFFICE_EMAIL,
        },
        language=language,
        reply_to=[email],
    )
