"""Undelivered mail in the back office: to whom, about what, the last error, attempts.

Staff re-send (a fresh round of retries, now) or cancel (never sent, the row is kept).
The rows are django-tasks-db's queue rows for `send_email`, seen through QueuedEmail.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_tasks_db.compat import TaskResultStatus

from frivilligkontor.admin.base import PortalModelAdmin
from frivilligkontor.models import CANCELLED_EMAIL_ERROR, QueuedEmail


class DeliveryFilter(admin.SimpleListFilter):
    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("undelivered", _("Not delivered")),
            ("gave_up", _("Gave up")),
            ("retrying", _("Failed, will be tried again")),
            ("cancelled", _("Cancelled")),
            ("sent", _("Sent")),
            ("all", _("All")),
        ]

    def choices(self, changelist: Any) -> Any:
        # "Not delivered" is the default, so the stock "All" link is replaced by our own.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or "undelivered") == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value() or "undelivered"
        failed = queryset.filter(status=TaskResultStatus.FAILED)
        return {
            "undelivered": queryset.undelivered(),
            "gave_up": failed.exclude(exception_class_path=CANCELLED_EMAIL_ERROR),
            "retrying": queryset.filter(status=TaskResultStatus.READY).exclude(worker_ids=[]),
            "cancelled": failed.filter(exception_class_path=CANCELLED_EMAIL_ERROR),
            "sent": queryset.filter(status=TaskResultStatus.SUCCESSFUL),
            "all": queryset,
        }.get(value, queryset.undelivered())


@admin.register(QueuedEmail)
class QueuedEmailAdmin(PortalModelAdmin):
    list_display = [
        "recipient_list",
        "subject_line",
        "state_display",
        "attempt_count",
        "error",
        "enqueued_at",
        "next_attempt",
    ]
    list_filter = [DeliveryFilter]
    ordering = ["-enqueued_at"]
    actions = ["resend", "cancel"]
    fields = [
        "recipient_list",
        "subject_line",
        "state_display",
        "attempt_count",
        "enqueued_at",
        "started_at",
        "finished_at",
        "next_attempt",
        "message_id_header",
        "error",
        "body_text",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("to"))
    def recipient_list(self, obj: QueuedEmail) -> str:
        return ", ".join(obj.recipients)

    @admin.display(description=_("subject"))
    def subject_line(self, obj: QueuedEmail) -> str:
        return obj.subject

    @admin.display(description=_("state"))
    def state_display(self, obj: QueuedEmail) -> str:
        return str(obj.state.label)

    @admin.display(description=_("attempts"))
    def attempt_count(self, obj: QueuedEmail) -> int:
        return obj.attempts

    @admin.display(description=_("last error"))
    def error(self, obj: QueuedEmail) -> str:
        return obj.last_error

    @admin.display(description=_("next attempt"))
    def next_attempt(self, obj: QueuedEmail) -> Any:
        if obj.state in (QueuedEmail.State.WAITING, QueuedEmail.State.RETRYING):
            return obj.run_after if obj.run_after.year < 9999 else obj.enqueued_at
        return None

    @admin.display(description=_("Message-ID"))
    def message_id_header(self, obj: QueuedEmail) -> str:
        return obj.message_id

    @admin.display(description=_("text"))
    def body_text(self, obj: QueuedEmail) -> str:
        return obj.body

    @admin.action(description=_("Send the selected e-mails again now"), permissions=["change"])
    def resend(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.resend()
        self.report_count(
            request,
            count,
            ngettext_lazy(
                "%(count)d e-mail will be sent again now.",
                "%(count)d e-mails will be sent again now.",
                "count",
            ),
        )

    @admin.action(
        description=_("Cancel the selected e-mails (never send them)"), permissions=["change"]
    )
    def cancel(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.cancel(by=request.user.get_username())
        self.report_count(
            request,
            count,
            ngettext_lazy(
                "%(count)d e-mail cancelled; it will not be sent.",
                "%(count)d e-mails cancelled; they will not be sent.",
                "count",
            ),
        )
