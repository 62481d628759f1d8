"""The personal data of enquiries and feedback (frivilligkontor.retention)."""

from django.utils.translation import gettext_lazy as _

from frivilligkontor.retention import PersonalData

PERSONAL_DATA = [
    PersonalData(
        key="enquiries",
        what=_(
            "Questions to the office: your name, e-mail address, phone number if you give "
            "it, your organisation, your message, the answers, and your feedback on the answer."
        ),
        period=_(
            "Name, contact details, the messages and the comment on the answer are deleted "
            "%(days)d days after the case was last active, once it is answered or closed; "
            "topic, district and dates are kept for the statistics."
        ),
        why=_("To answer you, and to document the case (the Archives Act)."),
        models=("henvendelser.Enquiry", "henvendelser.EnquiryMessage", "henvendelser.CaseFeedback"),
        days_setting="ENQUIRY_RETENTION_DAYS",
        command="anonymise_old_enquiries",
    ),
    PersonalData(
        key="guidance-feedback",
        what=_("“Was this page useful?”: your answer and comment, without your name or address."),
        period=_("As long as the guidance page exists."),
        why=_("To improve the guidance."),
        models=("henvendelser.ArticleFeedback",),
    ),
]
