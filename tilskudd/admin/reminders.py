"""Reminder subscriptions and the reminders sent, read-only, for support questions."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from frivilligkontor.admin.base import PortalModelAdmin
from tilskudd.models import SUBSCRIPTION_FIELDS, ReminderSent, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(PortalModelAdmin):
    """Read-only list for support questions; addresses are used for reminders only."""

    show_full_result_count = False  # a large table: no count of every row

    list_display = [
        "email",
        "scheme",
        "target_group",
        "days_before",
        "confirmed_at",
        "unsubscribed_at",
    ]
    list_filter = ["target_group", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["scheme"]
    search_fields = ["email"]
    readonly_fields = SUBSCRIPTION_FIELDS
    actions = ["unsubscribe"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Stop the reminders"), permissions=["change"])
    def unsubscribe(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = sum(1 for subscription in queryset if subscription.unsubscribe())
        self.report_count(
            request,
            count,
            ngettext_lazy(
                "%(count)d subscription stopped.", "%(count)d subscriptions stopped.", "count"
            ),
        )


@admin.register(ReminderSent)
class ReminderSentAdmin(PortalModelAdmin):
    show_full_result_count = False  # a large table: no count of every row
    list_display = ["scheme", "deadline_on", "subscription", "sent_at"]
    list_select_related = ["scheme", "subscription", "subscription__scheme"]
    list_filter = ["deadline_on"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
