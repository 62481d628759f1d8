"""What nettverk gives the core: search hits, what is coming up, and evaluation figures."""

import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from frivilligkontor.models import Organisation, Unit
from frivilligkontor.portal import Figure, SearchHit, UpcomingItem
from frivilligkontor.search import search_words
from nettverk.models import Event, Registration


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


def figures(*, start: datetime.date, end: datetime.date) -> list[Figure]:
    """Events held, registrations and attendance, and the directory, for `start`–`end`.

    Events count by their start; organisations by when they registered and were approved.
    """
    start_at, end_at = _aware(start), _aware(end + datetime.timedelta(days=1))
    now = timezone.now()
    held = Event.objects.filter(
        starts_at__gte=start_at, starts_at__lt=end_at, ends_at__lt=now
    ).exclude(state=Event.State.CANCELLED)
    held_by_kind = dict(
        held.values_list("kind").annotate(total=Count("pk")).values_list("kind", "total")
    )
    kind_labels = dict(Event._meta.get_field("kind").choices)
    registrations = Registration.objects.filter(event__in=held)
    totals = registrations.aggregate(
        registrations=Count("pk"),
        people_confirmed=Sum("confirmed_places", filter=~Q(status="cancelled")),
        people_attended=Sum("confirmed_places", filter=Q(attended=True)),
        cancelled=Count("pk", filter=Q(status="cancelled")),
    )
    registered = Organisation.objects.filter(created_at__gte=start_at, created_at__lt=end_at)
    approved = Organisation.objects.filter(approved_at__gte=start_at, approved_at__lt=end_at)
    by_district = {
        unit.name: unit.total
        for unit in Unit.objects.districts()
        .annotate(
            total=Count(
                "organisations",
                filter=Q(organisations__status=Organisation.Status.APPROVED),
                distinct=True,
            )
        )
        .order_by("district_number")
    }
    app = "nettverk"
    return [
        Figure(
            label=_("Events held"),
            value=sum(held_by_kind.values()),
            app=app,
            breakdown={str(kind_labels.get(k, k)): v for k, v in held_by_kind.items()},
        ),
        Figure(
            label=_("Registrations for events held"), value=totals["registrations"] or 0, app=app
        ),
        Figure(
            label=_("Places confirmed at events held"),
            value=totals["people_confirmed"] or 0,
            app=app,
        ),
        Figure(
            label=_("People who attended (marked)"), value=totals["people_attended"] or 0, app=app
        ),
        Figure(label=_("Cancelled registrations"), value=totals["cancelled"] or 0, app=app),
        Figure(
            label=_("Organisations registered in the directory"), value=registered.count(), app=app
        ),
        Figure(label=_("Organisations approved"), value=approved.count(), app=app),
        Figure(
            label=_("New initiatives registered"),
            value=registered.filter(is_new_initiative=True).count(),
            app=app,
        ),
        Figure(
            label=_("Approved organisations by district (now)"),
            value=sum(by_district.values()),
            app=app,
            breakdown=by_district,
        ),
    ]
