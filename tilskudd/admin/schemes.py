"""Grant schemes with their deadlines: editors keep them correct, unit staff their own unit's."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from frivilligkontor.admin.base import PortalModelAdmin, PortalStackedInline
from frivilligkontor.admin.history import History
from frivilligkontor.models import User
from tilskudd.admin.filters import PastReviewDateFilter, ResponsibleEditorFilter
from tilskudd.admin.forms import DeadlineInlineFormSet, GrantSchemeAdminForm
from tilskudd.models import GrantDeadline, GrantScheme

HISTORY_FIELDS = [
    "name",
    "status",
    "status_notice",
    "owner_id",
    "responsible_editor_id",
    "last_checked_on",
    "is_example",
]


class GrantDeadlineInline(PortalStackedInline):
    model = GrantDeadline
    formset = DeadlineInlineFormSet
    fields = ["kind", "date", "label"]
    extra = 1


@admin.register(GrantScheme)
class GrantSchemeAdmin(PortalModelAdmin):
    form = GrantSchemeAdminForm
    history = History("tilskudd.GrantSchemeEvent", fields=HISTORY_FIELDS)
    inlines = [GrantDeadlineInline]
    list_display = [
        "name",
        "owner",
        "status",
        "last_checked_on",
        "review_due",
        "responsible_editor",
        "is_example",
    ]
    list_filter = [PastReviewDateFilter, ResponsibleEditorFilter, "status", "owner", "is_example"]
    list_select_related = ["owner", "responsible_editor"]
    search_fields = ["name", "summary", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["mark_checked_today"]
    readonly_fields = ["history_table"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "owner", "districts", "status", "status_notice"]}),
        (
            _("About the scheme"),
            {
                "fields": [
                    "summary",
                    "purpose",
                    "who_can_apply",
                    "target_groups",
                    "activity_areas",
                ]
            },
        ),
        (_("Money"), {"fields": ["total_amount", "amount_min", "amount_max"]}),
        (
            _("Links and contact"),
            {
                "fields": [
                    "application_url",
                    "guidelines_url",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                ]
            },
        ),
        (
            _("After applying"),
            {
                "fields": [
                    "step_receipt",
                    "step_processing",
                    "step_decision",
                    "step_payment",
                    "step_report",
                ],
                "description": _("Leave empty to show the usual text."),
            },
        ),
        (
            _("Quality assurance"),
            {
                "fields": [
                    "responsible_editor",
                    "review_interval_days",
                    "last_checked_on",
                    "is_example",
                    "history_table",
                ]
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_review_due()

    @admin.display(description=_("review due"), ordering="review_due_on")
    def review_due(self, scheme: GrantScheme) -> str:
        due = date_format(scheme.review_due_date)
        if scheme.is_past_review_date(timezone.localdate()):
            return format_html("<strong>{}</strong> ({})", due, _("past"))
        return due

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "responsible_editor":
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=_("Mark as checked today"), permissions=["change"])
    def mark_checked_today(self, request: HttpRequest, queryset: QuerySet) -> None:
        today = timezone.localdate()
        count = 0
        for scheme in queryset:
            scheme.mark_checked(today=today)
            count += 1
        self.report_count(
            request,
            count,
            ngettext_lazy(
                "%(count)d scheme marked as checked today.",
                "%(count)d schemes marked as checked today.",
                "count",
            ),
        )
