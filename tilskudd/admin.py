"""Back office for grant schemes: editors keep them correct, unit staff their own unit's."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from frivilligkontor.admin_scoping import UnitScopedAdminMixin
from frivilligkontor.choices import ActivityArea, TargetGroup
from frivilligkontor.models import User
from tilskudd.models import GrantDeadline, GrantScheme, ReminderSent, Subscription


class PastReviewDateFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("past", _("Past review date")), ("ok", _("Checked in time"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        if self.value() == "past":
            return queryset.past_review_date(today)
        if self.value() == "ok":
            return queryset.exclude(pk__in=GrantScheme.objects.past_review_date(today))
        return queryset


class ResponsibleEditorFilter(admin.SimpleListFilter):
    """An editor's own schemes ("me"), and those nobody is responsible for yet."""

    title = _("responsible editor")
    parameter_name = "editor"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("me", _("Me")), ("none", _("Nobody"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "me":
            return queryset.filter(responsible_editor=request.user)
        if self.value() == "none":
            return queryset.filter(responsible_editor__isnull=True)
        return queryset


class DeadlineInlineFormSet(forms.BaseInlineFormSet):
    """An active scheme may not get a deadline in the past, and must have a coming one."""

    def clean(self) -> None:
        super().clean()
        scheme: GrantScheme = self.instance
        if scheme.status != GrantScheme.Status.ACTIVE:
            return
        today = timezone.localdate()
        kept = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            kind = form.cleaned_data.get("kind")
            day = form.cleaned_data.get("date")
            kept.append((kind, day))
            if (
                kind == GrantDeadline.Kind.DATED
                and day is not None
                and day < today
                and form.has_changed()
            ):
                form.add_error(
                    "date",
                    _(
                        "This deadline is in the past. An active scheme needs a coming "
                        "deadline: enter the next one, or set the scheme to 'closed for "
                        "the season'."
                    ),
                )
        if kept and not any(
            kind in (GrantDeadline.Kind.ROLLING, GrantDeadline.Kind.YEARLY)
            or (day is not None and day >= today)
            for kind, day in kept
        ):
            raise ValidationError(
                _(
                    "Every deadline of this active scheme is in the past. Add the next "
                    "deadline, or set the scheme to 'closed for the season'."
                ),
                code="no_coming_deadline",
            )


class GrantDeadlineInline(admin.StackedInline):
    model = GrantDeadline
    formset = DeadlineInlineFormSet
    fields = ["kind", "date", "label"]
    extra = 1


class GrantSchemeAdminForm(forms.ModelForm):
    # Plain checkboxes: the admin's filter_horizontal widget fails axe (ARIA on its icons).
    target_groups = forms.TypedMultipleChoiceField(
        label=_("target groups"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    activity_areas = forms.TypedMultipleChoiceField(
        label=_("activity areas"),
        choices=ActivityArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = GrantScheme
        fields = [
            "name",
            "slug",
            "owner",
            "districts",
            "status",
            "status_notice",
            "summary",
            "purpose",
            "who_can_apply",
            "target_groups",
            "activity_areas",
            "total_amount",
            "amount_min",
            "amount_max",
            "application_url",
            "guidelines_url",
            "contact_name",
            "contact_email",
            "contact_phone",
            "step_receipt",
            "step_processing",
            "step_decision",
            "step_payment",
            "step_report",
            "responsible_editor",
            "review_interval_days",
            "last_checked_on",
            "is_example",
        ]
        widgets = {
            "districts": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 3, "cols": 80})
                for name in (
                    "status_notice",
                    "step_receipt",
                    "step_processing",
                    "step_decision",
                    "step_payment",
                    "step_report",
                )
            },
        }


@admin.register(GrantScheme)
class GrantSchemeAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    form = GrantSchemeAdminForm
    unit_path = "owner"
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
    readonly_fields = ["history_link"]
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
                    "history_link",
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

    @admin.display(description=_("history"))
    def history_link(self, scheme: GrantScheme) -> str:
        if not scheme.pk:
            return "–"
        url = reverse("admin:pghistory_events_changelist")
        return format_html(
            '<a href="{}?obj=tilskudd.grantscheme:{}">{}</a>', url, scheme.pk, _("See changes")
        )

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
        self.message_user(
            request,
            ngettext(
                "%(count)d scheme marked as checked today.",
                "%(count)d schemes marked as checked today.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Read-only list for support questions; addresses are used for reminders only."""

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
    readonly_fields = [
        "email",
        "scheme",
        "target_group",
        "days_before",
        "language",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    actions = ["unsubscribe"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Stop the reminders"), permissions=["change"])
    def unsubscribe(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = sum(1 for subscription in queryset if subscription.unsubscribe())
        self.message_user(
            request,
            ngettext("%(count)d subscription stopped.", "%(count)d subscriptions stopped.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["scheme", "deadline_on", "subscription", "sent_at"]
    list_select_related = ["scheme", "subscription", "subscription__scheme"]
    list_filter = ["deadline_on"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
