"""What nettverk holds for an e-mail address, for "Mine saker" (frivilligkontor.mine):
event registrations and directory entries."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from frivilligkontor.mine import HeldField, HeldRecord, HeldSection, fields_of
from frivilligkontor.models import Organisation
from nettverk.models import Registration
from nettverk.outreach_models import OutreachRecipient


def _registrations(email: str) -> HeldSection:
    registrations = (
        Registration.objects.not_anonymised()
        .filter(email__iexact=email)
        .select_related("event")
        .order_by("-event__starts_at", "-pk")
    )
    records = []
    for registration in registrations:
        event = registration.event
        cancellable = not registration.is_cancelled and not event.is_past
        records.append(
            HeldRecord(
                title=event.title,
                url=registration.get_cancel_url(),
                status=str(registration.get_status_display()),
                when=f"{timezone.localtime(event.starts_at):%d.%m.%Y %H:%M}",
                details=(_("%(count)s person(s)") % {"count": registration.party_size},),
                action=_("See or cancel the registration") if cancellable else "",
                fields=(HeldField("event", _("Event"), str(event)),)
                + fields_of(
                    registration,
                    [
                        "name",
                        "email",
                        "organisation_name",
                        "party_size",
                        "needs",
                        "status",
                        "confirmed_places",
                        "waiting_places",
                        "created_at",
                        "cancelled_at",
                    ],
                ),
            )
        )
    return HeldSection(
        key="event_registrations",
        title=_("Registrations for events"),
        records=tuple(records),
        kept=_(
            "Registrations are anonymised 30 days after the event; only the number of "
            "people is kept, for statistics."
        ),
    )


def _messages_received(email: str) -> dict[int | None, list[dict[str, Any]]]:
    """Messages and invitations from staff sent to `email`, by organisation (the record of
    what was sent to whom, nettverk.outreach)."""
    received: dict[int | None, list[dict[str, Any]]] = {}
    recipients = (
        OutreachRecipient.objects.filter(email__iexact=email, sent_at__isnull=False)
        .select_related("message", "message__unit")
        .order_by("sent_at", "pk")
    )
    for recipient in recipients:
        _language, subject, _body = recipient.message.text_in(recipient.language)
        received.setdefault(recipient.organisation_id, []).append(
            {
                "subject": subject,
                "from": recipient.message.unit.name,
                "sent": recipient.sent_at,
            }
        )
    return received


def _outreach_state(organisation: Organisation) -> str:
    opt_out = getattr(organisation, "outreach_opt_out", None)
    if opt_out is None:
        return _("Gets messages and invitations from Frivilligkontoret and the districts")
    return _("Gets no messages or invitations from the municipality (stopped %(date)s)") % {
        "date": f"{timezone.localtime(opt_out.created_at):%d.%m.%Y}"
    }


def _directory(email: str) -> HeldSection:
    organisations = (
        Organisation.objects.filter(contact_email__iexact=email)
        .select_related("outreach_opt_out")
        .prefetch_related("districts")
        .order_by("name")
    )
    received = _messages_received(email)
    records = tuple(
        HeldRecord(
            title=organisation.name,
            url=reverse("nettverk:organisation_edit", kwargs={"token": organisation.edit_token}),
            status=str(organisation.get_status_display()),
            when=f"{timezone.localtime(organisation.created_at):%d.%m.%Y}",
            details=(_outreach_state(organisation),),
            action=_("Edit the entry"),
            fields=fields_of(
                organisation,
                [
                    "name",
                    "organisation_number",
                    "is_new_initiative",
                    "activity_areas",
                    "target_groups",
                    "website",
                    "description",
                    "contact_email",
                    "status",
                    "created_at",
                ],
            )
            + (
                HeldField(
                    "districts",
                    _("districts"),
                    [district.name for district in organisation.districts.all()],
                ),
                HeldField(
                    "outreach", _("Messages from the municipality"), _outreach_state(organisation)
                ),
                HeldField(
                    "messages_received",
                    _("Messages and invitations sent to the organisation"),
                    received.get(organisation.pk, []),
                ),
            ),
        )
        for organisation in organisations
    )
    return HeldSection(
        key="directory_entries",
        title=_("Entries in the directory of organisations"),
        records=records,
        kept=_(
            "An entry can be removed from the directory; the organisation's name may be kept "
            "where it is part of a case or a booking."
        ),
    )


def held_for(*, email: str) -> list[HeldSection]:
    return [_registrations(email), _directory(email)]
