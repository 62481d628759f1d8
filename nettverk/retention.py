"""The personal data of events and the directory (frivilligkontor.retention)."""

from django.utils.translation import gettext_lazy as _

from frivilligkontor.retention import PersonalData

PERSONAL_DATA = [
    PersonalData(
        key="registrations",
        what=_(
            "Event registrations: your name, e-mail address, organisation and any needs you "
            "tell us about."
        ),
        period=_("Deleted %(days)d days after the event; only the numbers are kept."),
        why=_("To hold your place, move the waiting list up and tell you about changes."),
        models=("nettverk.Registration",),
        days_setting="NETTVERK_REGISTRATION_RETENTION_DAYS",
        command="anonymise_registrations",
    ),
    PersonalData(
        key="outreach",
        what=_(
            "Messages from the office to organisations in the directory: which address got "
            "which message."
        ),
        period=_("As long as the message is kept, as the record of what the office sent."),
        why=_("To know which organisation was told what."),
        models=("nettverk.OutreachRecipient",),
    ),
]
