"""Open data: venues and their rooms, with public free and busy times (no borrowers)."""

from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from frivilligkontor.links import site_url
from frivilligkontor.open_data import (
    Day,
    DistrictNumber,
    Flag,
    Id,
    Pages,
    get_with_last_modified,
    whole,
    with_last_modified,
    within_range,
)
from lokaler.availability import prefetch_lending_hours, week_view
from lokaler.models import Facility, RoomKind, Venue, VenueKind
from lokaler.models import Room as RoomModel

PREFIX = "/venues"
router = Router(tags=["Venues and rooms"])


class Room(Schema):
    id: int = Field(description="Stable id of the room.")
    name: str
    kind: Literal[tuple(RoomKind.values)]  # type: ignore[valid-type]
    capacity: int = Field(description="People.")
    area_square_metres: int | None
    facilities: list[Literal[tuple(Facility.values)]]  # type: ignore[valid-type]
    part_of: int | None = Field(description="Id of the room this is a part of, if any.")
    can_be_requested: bool

    @staticmethod
    def resolve_part_of(room: Any) -> int | None:
        return room.parent_id

    @staticmethod
    def resolve_can_be_requested(room: Any) -> bool:
        return room.is_bookable


class VenueOut(Schema):
    id: int = Field(description="Stable id of the venue.")
    slug: str
    name: str
    kind: Literal[tuple(VenueKind.values)]  # type: ignore[valid-type]
    district: str
    district_number: int | None
    street_address: str
    postal_code: str
    postal_town: str
    latitude: float | None
    longitude: float | None
    description: str
    step_free_entrance: bool
    accessible_toilet: bool
    lift: bool
    induction_loop: bool
    free_for_children_and_youth: bool
    url: str = Field(description="The venue's page on the portal.")
    updated_at: datetime
    rooms: list[Room]

    @staticmethod
    def resolve_district(venue: Any) -> str:
        return venue.district.name

    @staticmethod
    def resolve_district_number(venue: Any) -> int | None:
        return venue.district.district_number

    @staticmethod
    def resolve_url(venue: Any) -> str:
        return site_url(venue.get_absolute_url())

    @staticmethod
    def resolve_rooms(venue: Any) -> list:
        return list(venue.rooms.all())


RoomCapacity = whole(ge=1, le=5000)


class VenueFilters(Schema):
    district: DistrictNumber | None = Field(None, description="District (bydel) number, 1–15.")
    kind: Literal[tuple(VenueKind.values)] | None = None  # type: ignore[valid-type]
    free_for_children_and_youth: Flag | None = None
    step_free_entrance: Flag | None = None
    # Like the venue list's filters: venues with at least one room that has all of these.
    room_kind: Literal[tuple(RoomKind.values)] | None = Field(  # type: ignore[valid-type]
        None, description="Only venues with a room of this kind."
    )
    capacity: RoomCapacity | None = Field(
        None, description="Only venues with a room for at least this many people."
    )
    facility: list[Literal[tuple(Facility.values)]] = Field(  # type: ignore[valid-type]
        [], description="Only venues with a room that has all of these (repeat the parameter)."
    )


def _venues() -> QuerySet:
    return (
        Venue.objects.public().select_related("district").prefetch_related("rooms").order_by("pk")
    )


@router.get("", response=list[VenueOut], summary="Venues that lend rooms")
@paginate(Pages)
def venues(request: HttpRequest, response: HttpResponse, filters: Query[VenueFilters]) -> Any:
    queryset = _venues()
    if filters.district is not None:
        queryset = queryset.filter(district__district_number=filters.district)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    for flag in ("free_for_children_and_youth", "step_free_entrance"):
        if getattr(filters, flag) is not None:
            queryset = queryset.filter(**{flag: getattr(filters, flag)})
    if filters.room_kind or filters.capacity or filters.facility:
        rooms = RoomModel.objects.bookable().matching(
            room_kind=filters.room_kind or "",
            capacity=filters.capacity,
            facilities=list(filters.facility),
        )
        queryset = queryset.filter(pk__in=rooms.values("venue_id"))
    return with_last_modified(response, queryset)


@router.get("/{venue_id}", response=VenueOut, summary="One venue with its rooms")
def venue(request: HttpRequest, response: HttpResponse, venue_id: Id) -> Any:
    return get_with_last_modified(response, _venues(), venue_id)


class Interval(Schema):
    start: str = Field(description="Local time (Europe/Oslo), HH:MM.")
    end: str


class RoomDay(Schema):
    date: date
    opening_hours: list[Interval] = Field(description="When the venue lends rooms that day.")
    booked: list[Interval] = Field(description="Approved bookings (whose is not shown).")
    requested: list[Interval] = Field(description="Times asked for, not yet decided.")
    free: list[Interval] = Field(description="Opening hours not booked.")


class RoomWeek(Schema):
    room: int
    days: list[RoomDay]


class WeekFilters(Schema):
    week_of: Day | None = Field(
        None, description="Any day in the week wanted (default: this week; 2000–2100)."
    )


@router.get(
    "/{venue_id}/week",
    response=list[RoomWeek],
    summary="Free and busy times of each room, Monday to Sunday",
)
def venue_week(request: HttpRequest, venue_id: Id, filters: Query[WeekFilters]) -> list:
    found = get_object_or_404(
        Venue.objects.public().prefetch_related(*prefetch_lending_hours()), pk=venue_id
    )
    day = within_range(filters.week_of or timezone.localdate())
    monday = day - timedelta(days=day.weekday())
    rooms = list(found.rooms.order_by("pk"))

    def spans(intervals: list) -> list[dict]:
        return [{"start": f"{a:%H:%M}", "end": f"{b:%H:%M}"} for a, b in intervals]

    week = week_view(found, rooms, monday)
    return [
        {
            "room": room.pk,
            "days": [
                {
                    "date": slot.day,
                    "opening_hours": spans(slot.opening),
                    "booked": spans(slot.booked),
                    "requested": spans(slot.requested),
                    "free": spans(slot.free),
                }
                for slot in week[room.pk]
            ],
        }
        for room in rooms
    ]
