"""What the venue registry gives the core: search hits and figures for the evaluation."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from frivilligkontor import permissions
from frivilligkontor.models import Unit
from frivilligkontor.portal import Feed, SearchHit, Shortcut
from frivilligkontor.statistics import (
    Period,
    Section,
    StatTable,
    comparison_columns,
    counts_over_time,
)
from lokaler.demo import EXAMPLE_EMAIL_DOMAIN
from lokaler.models import BookingOccurrence, BookingRequest, UnmetSearch, Venue, VenueKind
from lokaler.season.services import season_statistics

# What search() and upcoming() here read: a change to these makes the shared cache's
# copies stale (frivilligkontor.portal, frivilligkontor.shared_cache).
PORTAL_DEPENDS_ON = ("lokaler.venue", "lokaler.room", "frivilligkontor.unit")


def search(query: str, *, limit: int) -> list[SearchHit]:
    """Published venues whose name, address, district, description or rooms match."""
    query = query.strip()[:200]
    if not query:
        return []
    venues = (
        Venue.objects.public().search(query).select_related("district").order_by("-rank", "name")
    )[:limit]
    return [
        SearchHit(
            title=venue.name,
            url=venue.get_absolute_url(),
            kind=gettext("Venue"),
            summary=f"{venue.get_kind_display()}, {venue.district.name}. {venue.address}",
            rank=float(venue.rank or 0) + (0.5 if query.lower() in venue.name.lower() else 0),
        )
        for venue in venues
    ]


# Time bands for unmet demand, by the local start time of a requested time.
def _time_band(start: dt.datetime) -> str:
    local = timezone.localtime(start)
    if local.weekday() >= 5:
        return gettext("Weekend")
    if local.hour < 17:
        return gettext("Weekdays before 17")
    if local.hour < 20:
        return gettext("Weekdays 17–20")
    return gettext("Weekdays from 20")


@dataclass(frozen=True)
class _Times:
    """One period's requested times (without demo requests): (status, hours, district,
    venue kind, start)."""

    rows: list[tuple[str, float, str, str, dt.datetime]]
    requests: list[dt.date]
    new_initiatives: int
    request_places: list[tuple[str, str]]  # (district, venue kind) of each request
    clashing: list[tuple[float, str]]  # (hours, district) of times another request overlaps

    @classmethod
    def of(cls, period: Period) -> "_Times":
        occurrences = BookingOccurrence.objects.filter(period.within("during__startswith")).exclude(
            request__contact_email__endswith=EXAMPLE_EMAIL_DOMAIN
        )
        requests = BookingRequest.objects.filter(period.within("created_at")).exclude(
            contact_email__endswith=EXAMPLE_EMAIL_DOMAIN
        )
        if period.district is not None:
            occurrences = occurrences.filter(room__venue__district=period.district)
            requests = requests.filter(room__venue__district=period.district)
        # Another live request's time in the same room that overlaps this one: a clash.
        cancelled = BookingOccurrence.Status.CANCELLED
        other = (
            BookingOccurrence.objects.filter(
                room=OuterRef("room"), during__overlap=OuterRef("during")
            )
            .exclude(pk=OuterRef("pk"))
            .exclude(status=cancelled)
            .exclude(request__contact_email__endswith=EXAMPLE_EMAIL_DOMAIN)
        )
        found = occurrences.annotate(clashed=Exists(other)).values_list(
            "status", "during", "room__venue__district__name", "room__venue__kind", "clashed"
        )
        rows, clashing = [], []
        for status, during, district, kind, clashed in found:
            hours = (during.upper - during.lower).total_seconds() / 3600
            rows.append((status, hours, district or "", kind, during.lower))
            if clashed and status != cancelled:
                clashing.append((hours, district or ""))
        created = [
            (timezone.localtime(at).date(), new, district or "", kind)
            for at, new, district, kind in requests.values_list(
                "created_at",
                "is_new_initiative",
                "room__venue__district__name",
                "room__venue__kind",
            )
        ]
        return cls(
            rows=rows,
            requests=[row[0] for row in created],
            new_initiatives=sum(row[1] for row in created),
            request_places=[(row[2], row[3]) for row in created],
            clashing=clashing,
        )

    def clashing_hours(self, district: str | None = None) -> float:
        return round(sum(hours for hours, name in self.clashing if district in (None, name)), 1)

    def hours(self, status: str, **where: str) -> float:
        total = 0.0
        for row_status, hours, district, kind, start in self.rows:
            if row_status != status:
                continue
            if "district" in where and district != where["district"]:
                continue
            if "kind" in where and kind != where["kind"]:
                continue
            if "band" in where and _time_band(start) != where["band"]:
                continue
            total += hours
        return round(total, 1)

    def count(self, status: str, **where: str) -> int:
        return sum(
            1
            for row_status, _hours, district, kind, _start in self.rows
            if row_status == status
            and where.get("district", district) == district
            and where.get("kind", kind) == kind
        )

    def request_count(self, **where: str) -> int:
        return sum(
            where.get("district", district) == district and where.get("kind", kind) == kind
            for district, kind in self.request_places
        )


@dataclass(frozen=True)
class _Searches:
    """One period's searches for a free room that found none: (district, time band)."""

    rows: list[tuple[str, str]]

    @classmethod
    def of(cls, period: Period) -> "_Searches":
        searches = UnmetSearch.objects.filter(period.within("searched_at"))
        if period.district is not None:
            searches = searches.filter(district=period.district)
        zone = timezone.get_current_timezone()
        return cls(
            rows=[
                (district or "", _time_band(dt.datetime.combine(day, start, tzinfo=zone)))
                for day, start, district in searches.values_list(
                    "day", "start_time", "district__name"
                )
            ]
        )

    def count(self, *, district: str | None = None, band: str | None = None) -> int:
        return sum(
            (district is None or row_district == district) and (band is None or row_band == band)
            for row_district, row_band in self.rows
        )


def statistics(*, period: Period) -> list[Section]:
    """Booking requests, decisions and hours lent per district and kind of venue, and the
    unmet demand (declined hours per time band)."""
    previous = period.previous_year()
    now, before = _Times.of(period), _Times.of(previous)
    searches_now, searches_before = _Searches.of(period), _Searches.of(previous)
    columns = comparison_columns(period)
    approved, declined = BookingOccurrence.Status.APPROVED, BookingOccurrence.Status.DECLINED
    key = StatTable(
        slug="venues-key-figures",
        title=gettext("Premises: key figures"),
        row_heading=gettext("Figure"),
        columns=columns,
        chart=False,
        rows=[
            (gettext("Booking requests"), [len(now.requests), len(before.requests)]),
            (
                gettext("Booking requests from new initiatives"),
                [now.new_initiatives, before.new_initiatives],
            ),
            (gettext("Times approved"), [now.count(approved), before.count(approved)]),
            (gettext("Times declined"), [now.count(declined), before.count(declined)]),
            (gettext("Hours lent"), [now.hours(approved), before.hours(approved)]),
            (gettext("Hours declined"), [now.hours(declined), before.hours(declined)]),
            (
                gettext("Hours asked for that clashed with another request for the room"),
                [now.clashing_hours(), before.clashing_hours()],
            ),
            (
                gettext("Searches for a free room that found none"),
                [len(searches_now.rows), len(searches_before.rows)],
            ),
        ],
        note=gettext("Times count in the period they take place in; requests when they were sent."),
    )
    requests_over_time = StatTable(
        slug="venue-requests-over-time",
        title=gettext("Booking requests over time"),
        row_heading=gettext("Period"),
        columns=columns,
        rows=counts_over_time(period, now.requests, before.requests),
    )
    districts = sorted({row[2] for row in now.rows + before.rows if row[2]})
    per_district = StatTable(
        slug="hours-lent-per-district",
        title=gettext("Hours lent per district"),
        row_heading=gettext("District"),
        columns=columns,
        rows=[
            (name, [now.hours(approved, district=name), before.hours(approved, district=name)])
            for name in districts
        ],
    )
    per_kind = StatTable(
        slug="hours-lent-per-venue-kind",
        title=gettext("Hours lent per kind of venue"),
        row_heading=gettext("Kind of venue"),
        columns=columns,
        rows=[
            (str(label), [now.hours(approved, kind=value), before.hours(approved, kind=value)])
            for value, label in VenueKind.choices
        ],
    )

    def decisions(by: str, value: str, label: str) -> list[tuple[str, list[Any]]]:
        where = {by: value}
        return [
            (
                gettext("%(place)s: booking requests") % {"place": label},
                [now.request_count(**where), before.request_count(**where)],
            ),
            (
                gettext("%(place)s: times approved") % {"place": label},
                [now.count(approved, **where), before.count(approved, **where)],
            ),
            (
                gettext("%(place)s: times declined") % {"place": label},
                [now.count(declined, **where), before.count(declined, **where)],
            ),
        ]

    request_districts = sorted(
        {name for name, _kind in now.request_places + before.request_places if name}
        | set(districts)
    )
    decisions_per_district = StatTable(
        slug="booking-decisions-per-district",
        title=gettext("Booking requests, approvals and declines per district"),
        row_heading=gettext("District"),
        columns=columns,
        rows=[row for name in request_districts for row in decisions("district", name, name)],
        note=gettext("Times count in the period they take place in; requests when they were sent."),
    )
    kinds_used = {kind for _d, kind in now.request_places + before.request_places} | {
        row[3] for row in now.rows + before.rows
    }
    decisions_per_kind = StatTable(
        slug="booking-decisions-per-venue-kind",
        title=gettext("Booking requests, approvals and declines per kind of venue"),
        row_heading=gettext("Kind of venue"),
        columns=columns,
        rows=[
            row
            for value, label in VenueKind.choices
            if value in kinds_used
            for row in decisions("kind", value, str(label))
        ],
    )
    bands = [
        gettext("Weekdays before 17"),
        gettext("Weekdays 17–20"),
        gettext("Weekdays from 20"),
        gettext("Weekend"),
    ]
    unmet = StatTable(
        slug="declined-hours-per-time-band",
        title=gettext("Unmet demand: hours declined per time of week"),
        row_heading=gettext("Time"),
        columns=columns,
        rows=[
            (band, [now.hours(declined, band=band), before.hours(declined, band=band)])
            for band in bands
        ],
    )
    unmet_per_district = StatTable(
        slug="declined-hours-per-district",
        title=gettext("Unmet demand: hours declined per district"),
        row_heading=gettext("District"),
        columns=columns,
        rows=[
            (name, [now.hours(declined, district=name), before.hours(declined, district=name)])
            for name in districts
        ],
    )
    clashes_per_district = StatTable(
        slug="clashing-hours-per-district",
        title=gettext("Unmet demand: hours asked for that clashed, per district"),
        row_heading=gettext("District"),
        columns=columns,
        rows=[
            (name, [now.clashing_hours(name), before.clashing_hours(name)]) for name in districts
        ],
        note=gettext(
            "Hours of a request that overlap another request's time for the same room "
            "(both requests count); cancelled times are left out."
        ),
    )
    search_districts = sorted(
        {name for name, _band in searches_now.rows + searches_before.rows if name}
    )
    searches_per_district = StatTable(
        slug="unmet-searches-per-district",
        title=gettext("Unmet demand: searches for a free room that found none, per district"),
        row_heading=gettext("District searched"),
        columns=columns,
        rows=[
            (name, [searches_now.count(district=name), searches_before.count(district=name)])
            for name in search_districts
        ]
        + (
            [
                (
                    gettext("All districts"),
                    [searches_now.count(district=""), searches_before.count(district="")],
                )
            ]
            if period.district is None
            else []
        ),
        note=gettext(
            "Searches on the venue list for a date and time at which no room was free. "
            "The same search from the same address counts once an hour."
        ),
    )
    searches_per_band = StatTable(
        slug="unmet-searches-per-time-band",
        title=gettext("Unmet demand: searches for a free room that found none, per time of week"),
        row_heading=gettext("Time wanted"),
        columns=columns,
        rows=[
            (band, [searches_now.count(band=band), searches_before.count(band=band)])
            for band in bands
        ],
    )
    return [
        Section(
            slug="lokaler",
            title=gettext("Premises"),
            tables=[
                key,
                requests_over_time,
                per_district,
                per_kind,
                decisions_per_district,
                decisions_per_kind,
                unmet,
                unmet_per_district,
                clashes_per_district,
                searches_per_district,
                searches_per_band,
                *season_statistics(period=period),
            ],
        )
    ]


def feeds() -> list[Feed]:
    """Each venue's calendar of booked times (no names)."""
    return [
        Feed(
            title=gettext("Booked times at %(venue)s") % {"venue": name},
            url=reverse("lokaler:venue_calendar", kwargs={"slug": slug}),
            format="iCal",
        )
        for name, slug in Venue.objects.public().order_by("name").values_list("name", "slug")
    ]


def staff_shortcuts(user: Any) -> list[Shortcut]:
    """Unit staff who may see booking requests: the week calendar of each of their units
    that lends venues (city-wide staff reach every unit's from the venue list)."""
    if permissions.sees_all_units(user) or not user.has_perm("lokaler.view_bookingrequest"):
        return []
    units = (
        Unit.objects.filter(pk__in=permissions.unit_ids_of(user), venues__isnull=False)
        .distinct()
        .order_by("name")
    )
    return [
        Shortcut(
            title=gettext("Week calendar: %(unit)s") % {"unit": unit.name},
            url=f"{reverse('admin:lokaler_venue_unit_calendar')}?enhet={unit.pk}",
        )
        for unit in units
    ]
