"""Meeting places: recurring gatherings whose dates become events."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from frivilligkontor.admin.base import PortalModelAdmin
from nettverk import services
from nettverk.admin.forms import MeetingPlaceAdminForm
from nettverk.models import MeetingPlace


@admin.register(MeetingPlace)
class MeetingPlaceAdmin(PortalModelAdmin):
    form = MeetingPlaceAdminForm
    # Held in any district or venue, organised by the user's own unit.
    unscoped_foreign_keys = ("district", "venue")
    autocomplete_fields = ["venue"]
    list_display = [
        "title",
        "weekday",
        "start_time",
        "unit",
        "district",
        "first_date",
        "last_date",
        "occurrence_count",
    ]
    list_filter = ["weekday", "district"]
    search_fields = ["title", "place"]
    list_select_related = ["unit", "district"]
    actions = ["create_events"]

    page_annotations = {"occurrence_total": Count("occurrences")}

    @admin.display(description=_("events"))
    def occurrence_count(self, obj: MeetingPlace) -> int:
        return obj.occurrence_total

    def save_model(self, request: HttpRequest, obj: MeetingPlace, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        created = services.generate_series_events(meeting_place=obj)
        if created:
            messages.info(
                request,
                ngettext("%(count)s event created.", "%(count)s events created.", created)
                % {"count": created},
            )

    @admin.action(description=_("Create the events of the series"), permissions=["change"])
    def create_events(self, request: HttpRequest, queryset: QuerySet) -> None:
        created = sum(services.generate_series_events(meeting_place=place) for place in queryset)
        self.report_count(
            request,
            created,
            ngettext_lazy("%(count)s event created.", "%(count)s events created.", "count"),
        )
