"""What tilskudd holds for an e-mail address, for "Mine saker" (frivilligkontor.mine)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from frivilligkontor.mine import HeldRecord, HeldSection, fields_of
from tilskudd.models import SUBSCRIPTION_FIELDS, Subscription


def held_for(*, email: str) -> list[HeldSection]:
    subscriptions = (
        Subscription.objects.filter(email__iexact=email)
        .select_related("scheme")
        .order_by("-created_at")
    )
    records = []
    for subscription in subscriptions:
        if subscription.is_active:
            status = _("Active")
        elif subscription.unsubscribed_at is not None:
            status = _("Stopped")
        else:
            status = _("Not confirmed")
        records.append(
            HeldRecord(
                title=_("Deadline reminders: %(subject)s")
                % {"subject": subscription.subject_display()},
                url=reverse(
                    "tilskudd:subscription_unsubscribe", kwargs={"token": subscription.token}
                ),
                status=str(status),
                when=f"{timezone.localtime(subscription.created_at):%d.%m.%Y}",
                details=(
                    _("%(days)s days before each deadline") % {"days": subscription.days_before},
                ),
                action=_("Stop the reminders") if subscription.is_active else "",
                fields=fields_of(
                    subscription,
                    SUBSCRIPTION_FIELDS,
                ),
            )
        )
    return [
        HeldSection(
            key="reminder_subscriptions",
            title=_("Reminders about grant deadlines"),
            records=tuple(records),
            kept=_(
                "Nothing: subscriptions can be erased at once. Stopped or unconfirmed "
                "subscriptions are deleted automatically after 30 days."
            ),
        )
    ]
