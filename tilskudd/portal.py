"""What the grant catalogue gives the core: search hits, coming deadlines, figures."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from frivilligkontor.models import Unit
from frivilligkontor.portal import Figure, SearchHit, UpcomingItem
from tilskudd.models import GrantScheme, ReminderSent, Subscription
from tilskudd.services import UPCOMING_DAYS


def search(query: str, *, limit: int) -> list[SearchHit]:
    """Listed schemes matching `query` (Norwegian full text with prefixes, or the name)."""
    schemes = (
        GrantScheme.objects.listed()
        .search(query)
        .select_related("owner")
        .order_by("-rank", "name")[:limit]
    )
    return [
        SearchHit(
            title=scheme.name,
            url=scheme.get_absolute_url(),
            kind=gettext("Grant scheme"),
            summary=scheme.summary,
            rank=float(scheme.rank or 0) + (0.5 if query.lower() in scheme.name.lower() else 0),
        )
        for scheme in schemes
    ]


def upcoming(*, limit: int) -> list[UpcomingItem]:
    """Deadlines of active schemes in the coming weeks, soonest first."""
    today = timezone.localdate()
    schemes = (
        GrantScheme.objects.filter(status=GrantScheme.Status.ACTIVE)
        .with_next_deadline(today)
        .filter(next_deadline__lte=today + dt.timedelta(days=UPCOMING_DAYS))
        .select_related("owner")
        .by_next_deadline()[:limit]
    )
    return [
        UpcomingItem(
            title=scheme.name,
            url=scheme.get_absolute_url(),
            kind=gettext("Grant deadline"),
            when=scheme.next_deadline,
            detail=scheme.owner.name,
        )
        for scheme in schemes
    ]


def figures(*, start: dt.date, end: dt.date) -> list[Figure]:
    """Numbers for the evaluation: the catalogue's size and quality, and reminder use."""
    today = timezone.localdate()
    listed = GrantScheme.objects.listed().exclude(is_example=True)
    by_owner_kind = dict(listed.values_list("owner__kind").annotate(count=Count("pk")).order_by())
    listed_count = listed.count()
    stale_count = listed.past_review_date(today).count()
    subscriptions = Subscription.objects.filter(
        confirmed_at__date__gte=start, confirmed_at__date__lte=end
    )
    reminders = ReminderSent.objects.filter(sent_at__date__gte=start, sent_at__date__lte=end)
    checked_share = (
        round(100 * (listed_count - stale_count) / listed_count) if listed_count else 100
    )
    return [
        Figure(
            label=_("Grant schemes in the catalogue"),
            value=listed_count,
            app="tilskudd",
            breakdown={str(Unit.Kind(k).label): v for k, v in by_owner_kind.items()},
        ),
        Figure(
            label=_("Grant schemes checked within their review interval (%)"),
            value=checked_share,
            app="tilskudd",
        ),
        Figure(
            label=_("Confirmed deadline reminder subscriptions"),
            value=subscriptions.count(),
            app="tilskudd",
            breakdown={
                str(_("for one scheme")): subscriptions.filter(scheme__isnull=False).count(),
                str(_("for a target group")): subscriptions.filter(scheme__isnull=True).count(),
            },
        ),
        Figure(label=_("Deadline reminders sent"), value=reminders.count(), app="tilskudd"),
    ]
