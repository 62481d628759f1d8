"""What nettverk gives the core: search hits, what is coming up, and evaluation figures."""

import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from frivilligkontor.choices import ActivityArea
from frivilligkontor.models import Organisation
from frivilligkontor.portal import Feed, SearchHit, UpcomingItem
from frivilligkontor.search import search_words
from frivilligkontor.statistics import (
    Period,
    Section,
    StatTable,
    comparison_columns,
    counts_over_time,
)
from nettverk.demo import (
    EXAMPLE_EVENT_SLUG_PREFIX,
    EXAMPLE_MEETING_PLACE_TITLE,
    EXAMPLE_ORGANISATION_DOMAIN,
)
from nettverk.models import Event, Registration

# What search() and upcoming() here read: a change to these makes the shared cache's
# copies stale (frivilligkontor.portal, frivilligkontor.shared_cache).
PORTAL_DEPENDS_ON = (
    "nettverk.event",
    "frivilligkontor.organisation",
    "frivilligkontor.unit",
    "lokaler.venue",
)


def search(query: str, *, limit: int) -> list[SearchHit]:
    """Coming published events and approved organisations that match `query`."""
    text = query.strip()[:100]
    if not search_words(text):
        return []
    events = Event.objects.published().upcoming().search(text).order_by("-rank", "title")[:limit]
    organisations = Organisation.objects.public().search(text).order_by("-rank", "name")[:limit]
    hits = [
        SearchHit(
            title=f"{event.title} ({timezone.localtime(event.starts_at):%d.%m.%Y})",
            url=event.get_absolute_url(),
            kind=str(event.get_kind_display()),
            summary=Truncator(event.description).words(30),
            rank=float(event.rank or 0) + (0.1 if text.lower() in event.title.lower() else 0),
        )
        for event in events
    ]
    hits += [
        SearchHit(
            title=organisation.name,
            url=organisation.get_absolute_url(),
            kind=_("Voluntary organisation"),
            summary=Truncator(organisation.description).words(30),
            rank=float(organisation.rank or 0)
            + (0.1 if text.lower() in organisation.name.lower() else 0),
        )
        for organisation in organisations
    ]
    return hits


def upcoming(*, limit: int) -> list[UpcomingItem]:
    events = (
        Event.objects.published()
        .upcoming()
        .filter(state=Event.State.PLANNED)
        .select_related("district", "venue")[: limit * 4]
    )
    # A weekly meeting place appears once, with its next date.
    seen_series: set[int] = set()
    next_events = []
    for event in events:
        if event.series_id:
            if event.series_id in seen_series:
                continue
            seen_series.add(event.series_id)
        next_events.append(event)
    return [
        UpcomingItem(
            title=event.title,
            url=event.get_absolute_url(),
            kind=str(event.get_kind_display()),
            when=event.starts_at,
            detail=(
                f"{timezone.localtime(event.starts_at):%H:%M}"
                + (f", {event.district.name}" if event.district_id else "")
            ),
        )
        for event in next_events[:limit]
    ]


def _aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def _events(period: Period) -> QuerySet:
    events = Event.objects.filter(period.within("starts_at")).exclude(
        Q(slug__startswith=EXAMPLE_EVENT_SLUG_PREFIX) | Q(series__title=EXAMPLE_MEETING_PLACE_TITLE)
    )
    if period.district is not None:
        events = events.filter(district=period.district)
    return events


def _organisations(period: Period) -> QuerySet:
    organisations = Organisation.objects.filter(period.within("created_at")).exclude(
        contact_email__endswith=EXAMPLE_ORGANISATION_DOMAIN
    )
    if period.district is not None:
        organisations = organisations.filter(districts=period.district)
    return organisations


def _event_figures(period: Period) -> dict[str, int]:
    """Events held (not cancelled, already over) and their registrations."""
    held = _events(period).filter(ends_at__lt=timezone.now()).exclude(state=Event.State.CANCELLED)
    totals = Registration.objects.filter(event__in=held).aggregate(
        registrations=Count("pk"),
        confirmed=Sum("confirmed_places", filter=~Q(status="cancelled")),
        attended=Sum("confirmed_places", filter=Q(attended=True)),
        cancelled=Count("pk", filter=Q(status="cancelled")),
        still_waiting=Sum("waiting_places", filter=~Q(status="cancelled")),
    )
    moved_registrations, moved_places = _moves_up(held)
    return {
        "held": held.count(),
        "moved_up_registrations": moved_registrations,
        "moved_up_places": moved_places,
        "cancelled_events": _events(period).filter(state=Event.State.CANCELLED).count(),
        **{name: value or 0 for name, value in totals.items()},
    }


def _moves_up(events: QuerySet) -> tuple[int, int]:
    """Registrations for `events` that got places from the waiting list, and how many places,
    read from the registrations' recorded history (a save where confirmed places rose and
    waiting places fell). Cancelled or anonymised registrations keep their history."""
    history = (
        Registration.pgh_event_model.objects.filter(
            pgh_obj__in=Registration.objects.filter(event__in=events).values("pk")
        )
        .order_by("pgh_obj_id", "pgh_id")
        .values_list("pgh_obj_id", "confirmed_places", "waiting_places")
    )
    moved: set[int] = set()
    places = 0
    previous: tuple[int, int, int] | None = None
    for row in history:
        if previous is not None and previous[0] == row[0]:
            gained = row[1] - previous[1]
            if gained > 0 and row[2] < previous[2]:
                moved.add(row[0])
                places += gained
        previous = row
    return len(moved), places


def statistics(*, period: Period) -> list[Section]:
    """Events, registrations and attendance; organisations registered per district and
    activity."""
    previous = period.previous_year()
    columns = comparison_columns(period)
    now, before = _event_figures(period), _event_figures(previous)
    labels = [
        ("held", _("Events held")),
        ("cancelled_events", _("Events cancelled")),
        ("registrations", _("Registrations for events held")),
        ("confirmed", _("Places confirmed at events held")),
        ("attended", _("People who attended (marked)")),
        ("cancelled", _("Cancelled registrations")),
        ("moved_up_registrations", _("Registrations moved up from the waiting list")),
        ("moved_up_places", _("Places moved up from the waiting list")),
        ("still_waiting", _("Places still on a waiting list when the event was held")),
    ]
    events = StatTable(
        slug="events-key-figures",
        title=_("Events: key figures"),
        row_heading=_("Figure"),
        columns=columns,
        chart=False,
        rows=[(label, [now[key], before[key]]) for key, label in labels],
    )

    def days_held(which: Period) -> list[datetime.date]:
        return [
            timezone.localtime(at).date()
            for at in _events(which)
            .filter(ends_at__lt=timezone.now())
            .exclude(state=Event.State.CANCELLED)
            .values_list("starts_at", flat=True)
        ]

    over_time = StatTable(
        slug="events-over-time",
        title=_("Events held over time"),
        row_heading=_("Period"),
        columns=columns,
        rows=counts_over_time(period, days_held(period), days_held(previous)),
    )
    now_orgs = list(_organisations(period).prefetch_related("districts"))
    before_orgs = list(_organisations(previous).prefetch_related("districts"))

    def per_district(organisations: list, name: str) -> int:
        return sum(
            any(unit.name == name for unit in organisation.districts.all())
            for organisation in organisations
        )

    names = sorted(
        {
            unit.name
            for organisation in now_orgs + before_orgs
            for unit in organisation.districts.all()
        }
    )
    organisations_per_district = StatTable(
        slug="organisations-per-district",
        title=_("Organisations registered in the directory per district"),
        row_heading=_("District"),
        columns=columns,
        rows=[
            (name, [per_district(now_orgs, name), per_district(before_orgs, name)])
            for name in names
        ],
        note=_("An organisation active in several districts counts in each of them."),
    )
    organisations_per_activity = StatTable(
        slug="organisations-per-activity",
        title=_("Organisations registered in the directory per activity"),
        row_heading=_("Activity"),
        columns=columns,
        rows=[
            (
                str(label),
                [
                    sum(value in organisation.activity_areas for organisation in now_orgs),
                    sum(value in organisation.activity_areas for organisation in before_orgs),
                ],
            )
            for value, label in ActivityArea.choices
        ],
    )
    return [
        Section(
            slug="nettverk",
            title=_("Events and the directory"),
            tables=[
                events,
                over_time,
                organisations_per_district,
                organisations_per_activity,
            ],
            note=_("Organisations count when they registered, whatever was decided since."),
        )
    ]


def feeds() -> list[Feed]:
    return [
        Feed(
            title=_("All events"),
            url=reverse("nettverk:event_feed"),
            format="iCal",
            description=_(
                "Every coming event, and those of the last 90 days. Each event's page has its own too."
            ),
        )
    ]
