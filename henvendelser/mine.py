"""What henvendelser holds for an e-mail address, for "Mine saker" (frivilligkontor.mine)."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from frivilligkontor.mine import HeldField, HeldRecord, HeldSection, fields_of
from henvendelser.models import Enquiry, EnquiryMessage


def held_for(*, email: str) -> list[HeldSection]:
    public_messages = EnquiryMessage.objects.exclude(kind=EnquiryMessage.Kind.NOTE).order_by(
        "created_at", "pk"
    )
    enquiries = (
        Enquiry.objects.filter(email__iexact=email)
        .select_related("district")
        .prefetch_related(Prefetch("messages", queryset=public_messages))
        .order_by("-received_at")
    )
    records = []
    for enquiry in enquiries:
        thread = list(enquiry.messages.all())
        replies = [message for message in thread if message.kind == EnquiryMessage.Kind.REPLY]
        details = (
            (
                _("Last reply from the office: %(date)s")
                % {"date": f"{timezone.localtime(replies[-1].created_at):%d.%m.%Y}"},
            )
            if replies
            else (_("Not answered yet"),)
        )
        records.append(
            HeldRecord(
                title=f"{enquiry.reference} – {enquiry.get_topic_display()}",
                url=enquiry.get_absolute_url(),
                status=str(enquiry.get_status_display()),
                when=f"{timezone.localtime(enquiry.received_at):%d.%m.%Y}",
                details=details,
                action=_("Read and reply"),
                fields=fields_of(
                    enquiry,
                    [
                        "reference",
                        "topic",
                        "status",
                        "received_at",
                        "contact_name",
                        "email",
                        "phone",
                        "organisation_name",
                        "organisation_number",
                        "district",
                        "language",
                        "message",
                    ],
                )
                + (
                    HeldField(
                        "thread",
                        _("Messages"),
                        [
                            {
                                "from": str(message.get_kind_display()),
                                "written": message.created_at,
                                "text": message.body,
                            }
                            for message in thread
                        ],
                    ),
                ),
            )
        )
    return [
        HeldSection(
            key="enquiries",
            title=_("Questions to the office (cases)"),
            records=tuple(records),
            kept=_(
                "Cases are records of the municipality and are kept as the Archives Act "
                "requires. One year after a case is finished we remove your name, contact "
                "details and what you wrote, and keep the topic and dates for statistics."
            ),
        )
    ]
