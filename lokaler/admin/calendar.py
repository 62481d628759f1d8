"""The week calendar for venue owners: rooms × days, per venue and per unit.

Each day of each room says what is booked and what is requested, by whom, and what is
free; times that compete for the same room are marked, and each links to the request's
decide page. Today's times come first ("I dag i Furuset skole"). The occupancy rules are
lokaler.availability's (`staff_week`); this module only reads the request and renders.
Unit staff see their own units' venues (the admin's scoping); city-wide staff every unit.
"""

from datetime import time, timedelta
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frivilligkontor import permissions
from frivilligkontor.models import Unit
from frivilligkontor.timespans import format_day
from lokaler.availability import (
    RoomTree,
    live_occurrences,
    local_datetime,
    prefetch_lending_hours,
    staff_week,
    week_monday,
)
from lokaler.models import Room, Venue


def may_see_calendar(user: Any) -> bool:
    """The calendar names the borrowers: for staff who may see booking requests."""
    return user.has_perm("lokaler.view_bookingrequest")


class WeekCalendarMixin:
    """The calendar pages, for VenueAdmin: `<venue>/kalender/` and `kalender/?enhet=<unit>`."""

    @admin.display(description=gettext_lazy("week calendar"))
    def calendar_link(self, venue: Venue) -> str:
        if not venue.pk:
            return "–"
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> – {}</span></a>',
            reverse("admin:lokaler_venue_calendar", args=[venue.pk]),
            _("Week calendar"),
            venue.name,
        )

    def get_list_display(self, request: HttpRequest) -> Any:
        shown = list(super().get_list_display(request))  # type: ignore[misc]
        if not may_see_calendar(request.user):
            shown.remove("calendar_link")
        return shown

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("kalender/", view(self.unit_calendar_view), name="lokaler_venue_unit_calendar"),
            path(
                "<int:object_id>/kalender/",
                view(self.venue_calendar_view),
                name="lokaler_venue_calendar",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra = {**(extra_context or {}), "shows_calendar": may_see_calendar(request.user)}
        return super().changelist_view(request, extra)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        extra = {**(extra_context or {}), "shows_calendar": may_see_calendar(request.user)}
        return super().change_view(request, object_id, form_url, extra)

    def _venues(self, request: HttpRequest) -> Any:
        if not may_see_calendar(request.user):
            raise PermissionDenied
        return (
            self.get_queryset(request)
            .select_related("unit")
            .prefetch_related(*prefetch_lending_hours())
            .order_by("name", "pk")
        )

    def venue_calendar_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """One venue's week: its rooms × the seven days."""
        venue = self._venues(request).filter(pk=object_id).first()
        if venue is None:
            raise Http404
        return self._render(
            request,
            venues=[venue],
            title=_("Week calendar: %(venue)s") % {"venue": venue.name},
            place=venue.name,
            base_url=reverse("admin:lokaler_venue_calendar", args=[venue.pk]),
            query="",
            venue=venue,
        )

    def unit_calendar_view(self, request: HttpRequest) -> HttpResponse:
        """Every venue of one unit (the user's own, or chosen with `?enhet=`)."""
        venues = self._venues(request)
        units = list(Unit.objects.filter(pk__in=venues.values("unit_id")).order_by("name", "pk"))
        chosen = request.GET.get("enhet", "")
        unit = next((u for u in units if str(u.pk) == chosen), None)
        if unit is None:
            if chosen or not units:
                raise Http404
            own = permissions.unit_ids_of(request.user)
            unit = next((u for u in units if u.pk in own), units[0])
        return self._render(
            request,
            venues=list(venues.filter(unit=unit)),
            title=_("Week calendar: %(unit)s") % {"unit": unit.name},
            place=unit.name,
            base_url=reverse("admin:lokaler_venue_unit_calendar"),
            query=f"enhet={unit.pk}&",
            units=units if len(units) > 1 else [],
            unit=unit,
        )

    def _render(
        self,
        request: HttpRequest,
        *,
        venues: list[Venue],
        title: str,
        place: str,
        base_url: str,
        query: str,
        **extra: Any,
    ) -> HttpResponse:
        today = timezone.localdate()
        monday = week_monday(request.GET.get("uke"), today=today)
        by_pk = {venue.pk: venue for venue in venues}
        rooms = list(
            Room.objects.filter(venue__in=list(by_pk))
            .select_related("parent")
            .order_by("venue__name", "venue_id", "name", "pk")
        )
        for room in rooms:
            room.venue = by_pk[room.venue_id]
        week = staff_week(rooms, monday)
        room_ids = {room.pk for room in rooms}
        todays = [
            occurrence
            for occurrence in live_occurrences(
                room_ids,
                local_datetime(today, time(0)),
                local_datetime(today + timedelta(days=1), time(0)),
                tree=RoomTree(pairs=[(room.pk, room.parent_id) for room in rooms]),
            )
            if occurrence.room_id in room_ids
        ]
        decide = request.user.has_perm("lokaler.change_bookingrequest")
        days = [monday + timedelta(days=offset) for offset in range(7)]
        return render(
            request,
            "admin/lokaler/week_calendar.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "place": place,
                "opts": self.model._meta,
                "today": today,
                "today_label": format_day(today),
                "todays": todays,
                "days": [(day, format_day(day)) for day in days],
                "venues": [
                    (venue, [(room, week[room.pk]) for room in rooms if room.venue_id == venue.pk])
                    for venue in venues
                ],
                "week_number": monday.isocalendar().week,
                "previous_url": f"{base_url}?{query}uke={monday - timedelta(days=7):%Y-%m-%d}",
                "next_url": f"{base_url}?{query}uke={monday + timedelta(days=7):%Y-%m-%d}",
                "this_week_url": f"{base_url}?{query}".rstrip("?&"),
                "is_this_week": monday <= today < monday + timedelta(days=7),
                "link_name": (
                    "admin:lokaler_bookingrequest_decide"
                    if decide
                    else "admin:lokaler_bookingrequest_change"
                ),
                **extra,
            },
        )
