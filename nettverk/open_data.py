"""Open data: coming and past events with places left, and the approved organisations of
the directory (only what the directory page shows; no contact people)."""

from datetime import datetime, time, timedelta
from typing import Any, Literal

from django.apps import apps
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from frivilligkontor.choices import ActivityArea, TargetGroup
from frivilligkontor.links import site_url
from frivilligkontor.models import Organisation
from frivilligkontor.open_data import (
    Day,
    DistrictNumber,
    Id,
    Pages,
    SearchText,
    get_with_last_modified,
    last_modified,
    with_last_modified,
    within_range,
)
from nettverk.models import Event, EventKind, EventLanguage

PREFIX = ""
router = Router(tags=["Events and the directory"])


class EventOut(Schema):
    id: int = Field(description="Stable id of the event.")
    slug: str
    title: str
    kind: Literal[tuple(EventKind.values)]  # type: ignore[valid-type]
    description: str
    starts_at: datetime
    ends_at: datetime
    state: Literal[tuple(Event.State.values)]  # type: ignore[valid-type]
    district: str | None
    district_number: int | None
    venue_id: int | None = Field(description="Id of the venue (see /venues), if any.")
    place: str = Field(description="Where it happens, in words.")
    online: bool = Field(description="Also or only digital.")
    language: Literal[tuple(EventLanguage.values)]  # type: ignore[valid-type]
    accessibility: str
    target_groups: list[Literal[tuple(TargetGroup.values)]]  # type: ignore[valid-type]
    capacity: int
    places_left: int
    registration_open: bool
    url: str = Field(description="The event's page on the portal (sign up there).")

    @staticmethod
    def resolve_district(event: Any) -> str | None:
        return event.district.name if event.district_id else None

    @staticmethod
    def resolve_district_number(event: Any) -> int | None:
        return event.district.district_number if event.district_id else None

    @staticmethod
    def resolve_place(event: Any) -> str:
        return event.location_text()

    @staticmethod
    def resolve_online(event: Any) -> bool:
        return bool(event.online_url)

    @staticmethod
    def resolve_places_left(event: Any) -> int:
        return max(event.places_left, 0)

    @staticmethod
    def resolve_registration_open(event: Any) -> bool:
        return event.registration_is_open()

    @staticmethod
    def resolve_url(event: Any) -> str:
        return site_url(event.get_absolute_url())


class EventFilters(Schema):
    starts_from: Day | None = Field(None, description="First day (default: today).")
    starts_until: Day | None = Field(None, description="Last day.")
    district: DistrictNumber | None = Field(None, description="District (bydel) number.")
    kind: Literal[tuple(EventKind.values)] | None = None  # type: ignore[valid-type]
    target_group: Literal[tuple(TargetGroup.values)] | None = None  # type: ignore[valid-type]
    language: Literal[tuple(EventLanguage.values)] | None = Field(  # type: ignore[valid-type]
        None, description="The language the event is held in."
    )


def _events() -> QuerySet:
    return Event.objects.published().select_related("district", "venue").order_by("starts_at", "pk")


def _event_changes(events: QuerySet) -> datetime | None:
    """When any of the events last changed (recorded history, so places taken count)."""
    history = apps.get_model("nettverk", "EventEvent")
    return history.objects.filter(pgh_obj__in=events.values("pk")).aggregate(
        newest=Max("pgh_created_at")
    )["newest"]


@router.get("/events", response=list[EventOut], summary="Events, with places left")
@paginate(Pages)
def events(request: HttpRequest, response: HttpResponse, filters: Query[EventFilters]) -> Any:
    zone = timezone.get_current_timezone()
    start = within_range(filters.starts_from or timezone.localdate())
    queryset = _events().filter(ends_at__gte=datetime.combine(start, time.min, tzinfo=zone))
    if filters.starts_until is not None:
        until = datetime.combine(
            within_range(filters.starts_until) + timedelta(days=1), time.min, tzinfo=zone
        )
        queryset = queryset.filter(starts_at__lt=until)
    if filters.district is not None:
        queryset = queryset.filter(district__district_number=filters.district)
    queryset = queryset.matching(
        kind=filters.kind or "",
        target_group=filters.target_group or "",
        language=filters.language or "",
    )
    last_modified(response, [_event_changes(queryset)])
    return queryset


@router.get("/events/{event_id}", response=EventOut, summary="One event")
def event(request: HttpRequest, response: HttpResponse, event_id: Id) -> Any:
    found = get_object_or_404(_events(), pk=event_id)
    last_modified(response, [_event_changes(Event.objects.filter(pk=found.pk))])
    return found


class OrganisationOut(Schema):
    id: int = Field(description="Stable id of the organisation.")
    slug: str
    name: str
    organisation_number: str = Field(description="From Brønnøysundregistrene; empty if none.")
    is_new_initiative: bool
    description: str
    districts: list[int] = Field(description="District numbers where it is active.")
    activity_areas: list[Literal[tuple(ActivityArea.values)]]  # type: ignore[valid-type]
    target_groups: list[Literal[tuple(TargetGroup.values)]]  # type: ignore[valid-type]
    website: str
    frivillig_url: str
    ungfritid_url: str
    url: str = Field(description="The organisation's page in the directory.")

    @staticmethod
    def resolve_districts(organisation: Any) -> list[int]:
        return [
            unit.district_number for unit in organisation.districts.all() if unit.district_number
        ]

    @staticmethod
    def resolve_url(organisation: Any) -> str:
        return site_url(organisation.get_absolute_url())


class OrganisationFilters(Schema):
    name: SearchText | None = Field(None, description="Part of the name, as on the directory.")
    district: DistrictNumber | None = Field(None, description="District (bydel) number.")
    activity_area: Literal[tuple(ActivityArea.values)] | None = None  # type: ignore[valid-type]
    target_group: Literal[tuple(TargetGroup.values)] | None = None  # type: ignore[valid-type]


def _organisations() -> QuerySet:
    return Organisation.objects.public().prefetch_related("districts").order_by("pk")


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    summary="Approved organisations in the directory",
)
@paginate(Pages)
def organisations(
    request: HttpRequest, response: HttpResponse, filters: Query[OrganisationFilters]
) -> Any:
    queryset = _organisations()
    if filters.name:
        queryset = queryset.name_contains(filters.name)
    if filters.district is not None:
        queryset = queryset.filter(districts__district_number=filters.district).distinct()
    if filters.activity_area:
        queryset = queryset.filter(activity_areas__contains=[filters.activity_area])
    if filters.target_group:
        queryset = queryset.filter(target_groups__contains=[filters.target_group])
    return with_last_modified(response, queryset, field="approved_at")


@router.get(
    "/organisations/{organisation_id}", response=OrganisationOut, summary="One organisation"
)
def organisation(request: HttpRequest, response: HttpResponse, organisation_id: Id) -> Any:
    return get_with_last_modified(response, _organisations(), organisation_id, field="approved_at")
