"""Venues with their rooms and exceptions, rooms, and lending hours."""

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frivilligkontor import shared_cache
from frivilligkontor.admin.base import PortalModelAdmin, PortalTabularInline
from frivilligkontor.admin.history import History
from lokaler.admin.calendar import WeekCalendarMixin
from lokaler.models import LendingWindow, Room, Venue, WeeklyHours, WindowException


class RoomInline(PortalTabularInline):
    model = Room
    fields = ["name", "kind", "parent", "capacity", "area_square_metres", "is_bookable"]
    extra = 0
    show_change_link = True

    def get_formset(self, request: HttpRequest, obj: Venue | None = None, **kwargs: Any) -> Any:
        self._venue = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "parent":
            # A room is part of another room of the same venue; the base narrows this further
            # to the user's units, never widens it.
            venue = getattr(self, "_venue", None)
            kwargs["queryset"] = (
                Room.objects.filter(venue=venue).select_related("venue")
                if venue
                else Room.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class WindowExceptionInline(PortalTabularInline):
    model = WindowException
    fields = ["kind", "starts_on", "ends_on", "opens_at", "closes_at", "description"]
    extra = 0


@admin.register(Venue)
class VenueAdmin(WeekCalendarMixin, PortalModelAdmin):
    list_display = [
        "name",
        "kind",
        "district",
        "unit",
        "room_count",
        "last_confirmed_on",
        "is_published",
        "calendar_link",
    ]
    list_filter = ["district", "kind", "is_published"]
    list_select_related = ["district", "unit"]
    search_fields = ["name", "street_address", "description"]
    page_annotations = {"number_of_rooms": Count("rooms")}
    readonly_fields = ["created_at", "updated_at", "history_table"]
    history = History("lokaler.VenueEvent")
    inlines = [RoomInline, WindowExceptionInline]
    actions = ["confirm_information"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "unit", "district", "is_published"]}),
        (
            gettext_lazy("Address"),
            {"fields": ["street_address", "postal_code", "postal_town", "latitude", "longitude"]},
        ),
        (gettext_lazy("Description"), {"fields": ["description"]}),
        (
            gettext_lazy("Universal design"),
            {
                "fields": [
                    "step_free_entrance",
                    "accessible_toilet",
                    "lift",
                    "induction_loop",
                    "accessibility_notes",
                ]
            },
        ),
        (
            gettext_lazy("Lending terms and contact"),
            {
                "fields": [
                    "free_for_children_and_youth",
                    "requires_supervision",
                    "requires_extra_cleaning",
                    "lending_terms",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                    "last_confirmed_on",
                ]
            },
        ),
        (gettext_lazy("Changes"), {"fields": ["created_at", "updated_at", "history_table"]}),
    ]

    @admin.display(description=gettext_lazy("rooms"))
    def room_count(self, venue: Venue) -> int:
        return venue.number_of_rooms

    @admin.action(
        description=gettext_lazy("Confirm that the information is correct today"),
        permissions=["change"],
    )
    def confirm_information(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.update(last_confirmed_on=timezone.localdate())
        shared_cache.changed("lokaler.venue")  # the venue page says when (no signal here)
        self.message_user(
            request, _("%(count)s venue(s) confirmed as correct today.") % {"count": count}
        )


@admin.register(Room)
class RoomAdmin(PortalModelAdmin):
    list_display = ["name", "venue", "kind", "parent", "capacity", "is_bookable"]
    list_filter = ["kind", "venue__district"]
    list_select_related = ["venue", "parent", "parent__venue"]
    search_fields = ["name", "venue__name"]
    autocomplete_fields = ["venue", "parent"]
    fields = [
        "venue",
        "name",
        "slug",
        "kind",
        "parent",
        "capacity",
        "area_square_metres",
        "facilities",
        "description",
        "is_bookable",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Rooms are named with their venue (also in the autocomplete of other admins). (A
        # queryset with select_related set makes the change list skip list_select_related.)
        return super().get_queryset(request).select_related(*self.list_select_related)


class WeeklyHoursInline(PortalTabularInline):
    model = WeeklyHours
    extra = 0


@admin.register(LendingWindow)
class LendingWindowAdmin(PortalModelAdmin):
    list_display = ["name", "venue", "starts_on", "ends_on"]
    list_select_related = ["venue"]
    list_filter = ["venue__district"]
    search_fields = ["name", "venue__name"]
    autocomplete_fields = ["venue"]
    inlines = [WeeklyHoursInline]


@admin.register(WindowException)
class WindowExceptionAdmin(PortalModelAdmin):
    list_display = ["description", "venue", "kind", "starts_on", "ends_on"]
    list_select_related = ["venue"]
    list_filter = ["kind"]
    search_fields = ["description", "venue__name"]
    autocomplete_fields = ["venue"]
