"""Back office for season lending: rounds, applications, price tables.

Unit staff see and allocate only their own unit's rounds (frivilligkontor.admin.base with
lokaler.roles.UNIT_PATHS). The allocation workspace is in season_workspace."""

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from frivilligkontor import permissions
from frivilligkontor.admin.base import PortalModelAdmin, ReadOnlyTabularInline
from lokaler.admin.season_workspace import AllocationWorkspaceMixin
from lokaler.models import Venue
from lokaler.season.forms import ApplicationForm
from lokaler.season.models import (
    PriceTable,
    SeasonApplication,
    SeasonRound,
    SeasonWish,
    next_round_defaults,
)


@admin.register(PriceTable)
class PriceTableAdmin(PortalModelAdmin):
    list_display = [
        "year",
        "room_up_to_100",
        "room_100_to_400",
        "room_over_400",
        "setup_fee_term",
        "setup_fee_single",
        "supervision_per_hour",
        "cleaning_per_hour",
    ]


class WishInline(ReadOnlyTabularInline):
    model = SeasonWish
    fields = ["priority", "describe", "outcome", "allocated", "reason"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("room", "venue", "allocated_room", "allocated_room__venue")
        )

    @admin.display(description=gettext_lazy("wished"))
    def describe(self, wish: SeasonWish) -> str:
        return wish.describe_wished()

    @admin.display(description=gettext_lazy("allocated"))
    def allocated(self, wish: SeasonWish) -> str:
        return wish.describe_allocated() or "–"


@admin.register(SeasonApplication)
class SeasonApplicationAdmin(PortalModelAdmin):
    list_display = ["organisation_name", "round", "age_group", "participants", "created_at"]
    list_filter = ["round", "age_group"]
    list_select_related = ["round"]
    search_fields = ["organisation_name", "organisation_number", "contact_name", "contact_email"]
    inlines = [WishInline]
    # What the applicant wrote in the public form, with the round and the decision around it.
    readonly_fields = [
        "round",
        "organisation",
        *ApplicationForm.Meta.fields,
        "language",
        "created_at",
        "updated_at",
        "decision_sent_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(SeasonRound)
class SeasonRoundAdmin(AllocationWorkspaceMixin, PortalModelAdmin):
    list_display = [
        "name",
        "unit",
        "term",
        "closes_on",
        "status_label",
        "application_count",
        "workspace_link",
    ]
    list_filter = ["term", "unit"]
    list_select_related = ["unit"]
    search_fields = ["name"]
    readonly_fields = [
        "proposal_run_at",
        "decisions_sent_at",
        "decisions_sent_by",
        "workspace_link",
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "unit", "venues", "is_published", "workspace_link"]}),
        (
            gettext_lazy("Term and dates"),
            {
                "fields": [
                    "term",
                    "term_starts_on",
                    "term_ends_on",
                    "opens_on",
                    "closes_on",
                    "answer_by",
                ]
            },
        ),
        (gettext_lazy("Rules"), {"fields": ["rules_text"]}),
        (
            gettext_lazy("Allocation"),
            {"fields": ["proposal_run_at", "decisions_sent_at", "decisions_sent_by"]},
        ),
    ]

    page_annotations = {"number_of_applications": Count("applications")}

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """A new round starts from the next ordinary deadline (next_round_defaults)."""
        return {
            **next_round_defaults(timezone.localdate()),
            **super().get_changeform_initial_data(request),
        }

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "venues":
            kwargs["queryset"] = permissions.scope(request.user, Venue.objects.all())
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("status"))
    def status_label(self, season_round: SeasonRound) -> str:
        return season_round.get_status_display()

    @admin.display(description=gettext_lazy("applications"))
    def application_count(self, season_round: SeasonRound) -> int:
        return season_round.number_of_applications
