"""What the venue registry gives the core: search hits and figures for the evaluation."""

import datetime as dt

from django.db.models import Count, F, FloatField, Func, Sum
from django.utils.translation import gettext

from frivilligkontor.portal import Figure, SearchHit
from lokaler.models import BookingOccurrence, BookingRequest, Venue


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


def figures(*, start: dt.date, end: dt.date) -> list[Figure]:
    """Booking requests sent, approved hours, by district, in [start, end]."""
    requests = BookingRequest.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
    by_district = dict(
        requests.values_list("room__venue__district__name").annotate(count=Count("pk")).order_by()
    )
    approved = BookingOccurrence.objects.approved().filter(
        during__startswith__date__gte=start, during__startswith__date__lte=end
    )
    seconds = Func(
        F("during"),
        template="EXTRACT(EPOCH FROM (upper(%(expressions)s) - lower(%(expressions)s)))",
        output_field=FloatField(),
    )
    hours_by_district = {
        name: round((total or 0) / 3600, 1)
        for name, total in approved.values_list("room__venue__district__name")
        .annotate(total=Sum(seconds))
        .order_by()
    }
    new_initiatives = requests.filter(is_new_initiative=True).count()
    return [
        Figure(
            label=gettext("Booking requests for venues"),
            value=requests.count(),
            app="lokaler",
            breakdown=by_district,
        ),
        Figure(
            label=gettext("Booking requests from new initiatives"),
            value=new_initiatives,
            app="lokaler",
        ),
        Figure(
            label=gettext("Approved hours in municipal venues"),
            value=round(sum(hours_by_district.values()), 1),
            app="lokaler",
            breakdown=hours_by_district,
        ),
        Figure(
            label=gettext("Venues in the registry"),
            value=Venue.objects.public().count(),
            app="lokaler",
        ),
    ]
