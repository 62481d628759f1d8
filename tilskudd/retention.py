"""The personal data of grant reminders (frivilligkontor.retention)."""

from django.utils.translation import gettext_lazy as _

from frivilligkontor.retention import PersonalData

PERSONAL_DATA = [
    PersonalData(
        key="reminder-subscriptions",
        what=_("Deadline reminders: your e-mail address and what you want reminders about."),
        period=_(
            "Until you unsubscribe (every reminder has a link); an address never confirmed, "
            "or a stopped subscription, is deleted after %(days)d days."
        ),
        why=_("To send you the reminders you asked for."),
        models=("tilskudd.Subscription",),
        days_setting="SUBSCRIPTION_RETENTION_DAYS",
        command="send_deadline_reminders",
    ),
    PersonalData(
        key="scheme-contacts",
        what=_("The contact person of a grant scheme (name, work e-mail and phone)."),
        period=_("As long as the person is the scheme's contact."),
        why=_("So that applicants know whom to ask."),
        models=("tilskudd.GrantScheme",),
    ),
]
