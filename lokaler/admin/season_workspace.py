"""The allocation workspace of a season round: every wish on a week grid per room, the
proposal, deciding wish by wish, and sending the decisions. The views call
lokaler.season.services, never the models directly for a workflow."""

from datetime import time
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lokaler.models import Room, Weekday
from lokaler.season.forms import AllocateForm, DeclineWishForm
from lokaler.season.models import SeasonRound, SeasonWish
from lokaler.season.services import (
    SeasonError,
    allocate_wish,
    decline_wish,
    room_infos,
    round_figures,
    run_proposal,
    send_decisions,
)


class AllocationWorkspaceMixin:
    """The workspace's pages, for SeasonRoundAdmin."""

    @admin.display(description=gettext_lazy("allocation"))
    def workspace_link(self, season_round: SeasonRound) -> str:
        if not season_round.pk:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:lokaler_seasonround_workspace", args=[season_round.pk]),
            _("Allocation workspace"),
        )

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/fordeling/",
                view(self.workspace_view),
                name="lokaler_seasonround_workspace",
            ),
            path(
                "<int:object_id>/fordeling/onske/<int:wish_id>/",
                view(self.wish_view),
                name="lokaler_seasonround_wish",
            ),
            path(
                "<int:object_id>/fordeling/send/",
                view(self.send_view),
                name="lokaler_seasonround_send",
            ),
            *super().get_urls(),
        ]

    def _round(self, request: HttpRequest, object_id: int, *, change: bool) -> SeasonRound:
        season_round = self.get_queryset(request).filter(pk=object_id).first()
        if season_round is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, season_round)
            if change
            else self.has_view_permission(request, season_round)
        )
        if not allowed:
            raise PermissionDenied
        return season_round

    def _context(self, request: HttpRequest, season_round: SeasonRound, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "round": season_round,
            "opts": self.model._meta,
            "original": season_round,
            "can_change": self.has_change_permission(request, season_round),
        }

    def workspace_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Every wish of the round: a week grid per room (wishes stacked where they overlap,
        the lending hours behind) and the same as a list, the proposal, and the figures."""
        season_round = self._round(request, object_id, change=request.method == "POST")
        if request.method == "POST" and "propose" in request.POST:
            try:
                outcomes = run_proposal(season_round=season_round)
            except SeasonError as error:
                messages.error(request, str(error))
            else:
                allocated = sum(1 for outcome in outcomes if outcome.slot is not None)
                messages.success(
                    request,
                    _("Proposal made: %(allocated)s wish(es) allocated, %(declined)s declined.")
                    % {"allocated": allocated, "declined": len(outcomes) - allocated},
                )
            return HttpResponseRedirect(request.path)
        wishes = list(
            SeasonWish.objects.filter(application__round=season_round)
            .select_related(
                "application", "room", "venue", "allocated_room", "allocated_room__venue"
            )
            .order_by("venue__name", "weekday", "start_time", "application__created_at", "priority")
        )
        infos = room_infos(season_round)
        rooms = list(
            Room.objects.filter(pk__in=infos)
            .select_related("venue")
            .order_by("venue__name", "name")
        )
        figures = round_figures(season_round)
        names = {room.pk: room.name for room in rooms}
        grids = [_room_grid(room, infos[room.pk], wishes, names) for room in rooms]
        return render(
            request,
            "admin/lokaler/sesong/workspace.html",
            {
                **self._context(
                    request, season_round, _("Allocation: %(round)s") % {"round": season_round}
                ),
                "wishes": wishes,
                "grids": [grid for grid in grids if grid["rows"]],
                "figures": figures,
                "figure_tables": figure_tables(figures),
                "allocating": season_round.status() == SeasonRound.Status.ALLOCATING,
                "pending": sum(1 for wish in wishes if wish.outcome == SeasonWish.Outcome.PENDING),
            },
        )

    def wish_view(self, request: HttpRequest, object_id: int, wish_id: int) -> HttpResponse:
        """Allocate one wish as asked or changed, or decline it with a reason."""
        season_round = self._round(request, object_id, change=request.method == "POST")
        wish = (
            SeasonWish.objects.filter(application__round=season_round, pk=wish_id)
            .select_related("application", "room", "venue", "allocated_room")
            .first()
        )
        if wish is None:
            raise Http404
        rooms = Room.objects.filter(pk__in=room_infos(season_round)).select_related("venue")
        initial = {
            "room": wish.allocated_room_id or wish.room_id,
            "weekday": wish.allocated_weekday
            if wish.allocated_weekday is not None
            else wish.weekday,
            "start_time": wish.allocated_start or wish.start_time,
            "end_time": wish.allocated_end or wish.end_time,
        }
        allocate_form = AllocateForm(
            request.POST if "allocate" in request.POST else None,
            rooms=rooms,
            initial=initial,
            prefix="allocate",
        )
        decline_form = DeclineWishForm(
            request.POST if "decline" in request.POST else None, prefix="decline"
        )
        if request.method == "POST":
            try:
                if "allocate" in request.POST and allocate_form.is_valid():
                    data = allocate_form.cleaned_data
                    allocate_wish(
                        wish=wish,
                        room=data["room"],
                        weekday=data["weekday"],
                        start=data["start_time"],
                        end=data["end_time"],
                        reason=data["reason"],
                        decided_by=request.user,
                    )
                    messages.success(request, _("The wish is allocated."))
                    return HttpResponseRedirect(
                        reverse("admin:lokaler_seasonround_workspace", args=[season_round.pk])
                    )
                if "decline" in request.POST and decline_form.is_valid():
                    decline_wish(
                        wish=wish,
                        reason=decline_form.cleaned_data["reason"],
                        decided_by=request.user,
                    )
                    messages.success(request, _("The wish is declined."))
                    return HttpResponseRedirect(
                        reverse("admin:lokaler_seasonround_workspace", args=[season_round.pk])
                    )
            except SeasonError as error:
                # Beside the field it is about (the time that overlaps, the room), with what
                # was typed kept; a step that cannot be done at all above the form.
                form = allocate_form if "allocate" in request.POST else decline_form
                form.add_error(error.field if error.field in form.fields else None, str(error))
        return render(
            request,
            "admin/lokaler/sesong/wish.html",
            {
                **self._context(
                    request, season_round, _("Decide the wish: %(wish)s") % {"wish": wish}
                ),
                "below_workspace": True,
                "wish": wish,
                "allocate_form": allocate_form,
                "decline_form": decline_form,
            },
        )

    def send_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Confirm, then send every applicant the decision and book the allocated times."""
        season_round = self._round(request, object_id, change=True)
        if request.method == "POST":
            try:
                count = send_decisions(season_round=season_round, decided_by=request.user)
            except SeasonError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "The decisions are sent to %(count)s applicant(s), and the allocated times "
                        "are booked."
                    )
                    % {"count": count},
                )
            return HttpResponseRedirect(
                reverse("admin:lokaler_seasonround_workspace", args=[season_round.pk])
            )
        figures = round_figures(season_round)
        return render(
            request,
            "admin/lokaler/sesong/send.html",
            {
                **self._context(
                    request,
                    season_round,
                    _("Send the decisions: %(round)s") % {"round": season_round},
                ),
                "below_workspace": True,
                "figures": figures,
                "figure_tables": figure_tables(figures),
            },
        )


def _room_grid(room: Room, info: Any, wishes: list[SeasonWish], names: dict[int, str]) -> dict:
    """One room's week: an hour per row, a weekday per column; each cell lists the wishes
    that cover the hour (allocated ones where they were allocated, at the allocated time),
    also those in a room this one is part of or in one of its parts (they cannot both be
    used), marks the hours outside the lending hours, and says where wishes still compete:
    two or more not declined."""
    here = []
    for wish in wishes:
        if wish.outcome == SeasonWish.Outcome.ALLOCATED:
            if wish.allocated_room_id in info.related:
                here.append(
                    (
                        wish,
                        wish.allocated_weekday,
                        wish.allocated_start,
                        wish.allocated_end,
                        wish.allocated_room_id,
                    )
                )
        elif wish.room_id in info.related or (
            wish.room_id is None and wish.venue_id == room.venue_id and wish.room_kind == room.kind
        ):
            here.append((wish, wish.weekday, wish.start_time, wish.end_time, wish.room_id))
    days = sorted(set(info.opening) | {weekday for _w, weekday, _s, _e, _r in here})
    if not here:
        return {"room": room, "days": [], "rows": []}
    hours = [opens.hour for intervals in info.opening.values() for opens, _closes in intervals] + [
        start.hour for _w, _d, start, _e, _r in here
    ]
    ends = [
        closes.hour + (1 if closes.minute else 0)
        for intervals in info.opening.values()
        for _opens, closes in intervals
    ] + [end.hour + (1 if end.minute else 0) for _w, _d, _s, end, _r in here]
    rows = []
    for hour in range(min(hours), max(ends)):
        start, end = time(hour), time(hour + 1) if hour < 23 else time(23, 59)
        cells = []
        for day in days:
            is_open = any(o < end and start < c for o, c in info.opening.get(day, []))
            covering = [
                {
                    "wish": w,
                    "start": s,
                    "end": e,
                    "elsewhere": names[r] if r is not None and r != room.pk else "",
                }
                for w, d, s, e, r in here
                if d == day and s < end and start < e
            ]
            competing = [
                item for item in covering if item["wish"].outcome != SeasonWish.Outcome.DECLINED
            ]
            cells.append(
                {
                    "open": is_open,
                    "wishes": covering,
                    "conflict": len(competing) > 1,
                    "competing": len(competing),
                }
            )
        rows.append({"hour": start, "cells": cells})
    return {
        "room": room,
        "days": [(day, Weekday(day).label) for day in days],
        "rows": rows,
    }


def figure_tables(figures: Any) -> list[tuple[str, list]]:
    labels = {
        "venue": _("Venue"),
        "room_kind": _("Type of room"),
        "weekday": _("Weekday"),
        "time_band": _("Time of day"),
    }
    return [(labels[name], list(rows.items())) for name, rows in figures.by.items()]
