"""Open data: grant schemes with their deadlines (the catalogue the public pages show)."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from frivilligkontor.choices import ActivityArea, TargetGroup
from frivilligkontor.links import site_url
from frivilligkontor.models import Unit
from frivilligkontor.open_data import (
    DistrictNumber,
    Flag,
    Id,
    Pages,
    SearchText,
    get_with_last_modified,
    whole,
    with_last_modified,
)
from tilskudd.models import GrantDeadline, GrantScheme

PREFIX = "/grant-schemes"
router = Router(tags=["Grant schemes"])


class Deadline(Schema):
    kind: Literal[tuple(GrantDeadline.Kind.values)]  # type: ignore[valid-type]
    date: dt.date | None = Field(description="For yearly deadlines: the first date.")
    next_date: dt.date | None = Field(description="The next time this deadline falls.")
    label: str


class GrantSchemeOut(Schema):
    id: int = Field(description="Stable id of the scheme.")
    slug: str
    name: str
    owner: str = Field(description="The unit (district or agency) that owns the scheme.")
    status: Literal[tuple(GrantScheme.Status.values)]  # type: ignore[valid-type]
    summary: str
    purpose: str
    who_can_apply: str
    target_groups: list[Literal[tuple(TargetGroup.values)]]  # type: ignore[valid-type]
    activity_areas: list[Literal[tuple(ActivityArea.values)]]  # type: ignore[valid-type]
    districts: list[int] = Field(description="District numbers it is limited to (empty: all).")
    amount_min: int | None
    amount_max: int | None
    next_deadline: dt.date | None
    rolling_deadline: bool
    deadlines: list[Deadline]
    application_url: str
    url: str = Field(description="The scheme's page on the portal.")
    last_checked_on: dt.date
    is_example: bool = Field(description="Demo content, not a real scheme.")
    updated_at: dt.datetime

    @staticmethod
    def resolve_owner(scheme: Any) -> str:
        return scheme.owner.name

    @staticmethod
    def resolve_districts(scheme: Any) -> list[int]:
        return [unit.district_number for unit in scheme.districts.all() if unit.district_number]

    @staticmethod
    def resolve_rolling_deadline(scheme: Any) -> bool:
        return scheme.has_rolling_deadline

    @staticmethod
    def resolve_deadlines(scheme: Any) -> list[dict]:
        today = timezone.localdate()
        return [
            {
                "kind": deadline.kind,
                "date": deadline.date,
                "next_date": deadline.next_occurrence(today),
                "label": deadline.label,
            }
            for deadline in scheme.deadlines.all()
        ]

    @staticmethod
    def resolve_url(scheme: Any) -> str:
        return site_url(scheme.get_absolute_url())


DaysAhead = whole(ge=0, le=366)


class SchemeFilters(Schema):
    target_group: Literal[tuple(TargetGroup.values)] | None = None  # type: ignore[valid-type]
    activity_area: Literal[tuple(ActivityArea.values)] | None = None  # type: ignore[valid-type]
    district: DistrictNumber | None = Field(
        None, description="District number: schemes one can apply to there."
    )
    open_now: Flag | None = Field(None, description="Only schemes one can apply to today.")
    q: SearchText | None = Field(None, description="Search words, as on the scheme list.")
    owner: Annotated[str, Field(max_length=150, pattern=r"^[a-z0-9-]+$")] | None = Field(
        None, description="Only schemes of this owner (the unit's short name, e.g. bydel-alna)."
    )
    deadline_within_days: DaysAhead | None = Field(
        None, description="Only schemes whose next deadline is this close."
    )


def _schemes() -> QuerySet:
    return (
        GrantScheme.objects.listed()
        .with_next_deadline(timezone.localdate())
        .select_related("owner")
        .prefetch_related("deadlines", "districts")
        .order_by("pk")
    )


@router.get("", response=list[GrantSchemeOut], summary="Grant schemes with their deadlines")
@paginate(Pages)
def schemes(request: HttpRequest, response: HttpResponse, filters: Query[SchemeFilters]) -> Any:
    district = owner = None
    if filters.district is not None:
        district = Unit.objects.districts().filter(district_number=filters.district).first()
    if filters.owner:
        owner = Unit.objects.filter(slug=filters.owner).first()
    if (filters.district is not None and district is None) or (filters.owner and owner is None):
        return with_last_modified(response, _schemes().none())
    # The scheme list's own filters (GrantSchemeQuerySet.matching), so both find the same.
    queryset = _schemes().matching(
        today=timezone.localdate(),
        text=filters.q or "",
        target_group=filters.target_group or "",
        activity_area=filters.activity_area or "",
        district=district,
        owner=owner,
        open_now=bool(filters.open_now),
    )
    if filters.deadline_within_days is not None:
        queryset = queryset.deadline_within(timezone.localdate(), filters.deadline_within_days)
    return with_last_modified(response, queryset)


@router.get("/{scheme_id}", response=GrantSchemeOut, summary="One grant scheme")
def scheme(request: HttpRequest, response: HttpResponse, scheme_id: Id) -> Any:
    return get_with_last_modified(response, _schemes(), scheme_id)
