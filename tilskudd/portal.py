"""What the grant catalogue gives the core: search hits, coming deadlines, figures."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from frivilligkontor.models import Unit
from frivilligkontor.portal import Feed, SearchHit, UpcomingItem
from frivilligkontor.statistics import Period, Section, StatTable, comparison_columns, share
from tilskudd.models import GrantScheme, ReminderSent, Subscription
from tilskudd.services import UPCOMING_DAYS

# What search() and upcoming() here read: a change to these makes the shared cache's
# copies stale (frivilligkontor.portal, frivilligkontor.shared_cache).
PORTAL_DEPENDS_ON = ("tilskudd.grantscheme", "tilskudd.grantdeadline", "frivilligkontor.unit")


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


def statistics(*, period: Period) -> list[Section]:
    """How fresh the catalogue is now (per owner), and how reminders are used."""
    today = timezone.localdate()
    listed = GrantScheme.objects.listed().exclude(is_example=True)
    freshness_rows = []
    for value, label in Unit.Kind.choices:
        owned = listed.filter(owner__kind=value)
        total = owned.count()
        if not total:
            continue
        stale = owned.past_review_date(today).count()
        freshness_rows.append((str(label), [total, total - stale, share(total - stale, total)]))
    total = listed.count()
    stale = listed.past_review_date(today).count()
    freshness_rows.append((gettext("All"), [total, total - stale, share(total - stale, total)]))
    freshness = StatTable(
        slug="grant-scheme-freshness",
        title=gettext("Grant schemes checked within their review interval (today)"),
        row_heading=gettext("Owner"),
        columns=[
            gettext("Schemes"),
            gettext("Checked in time"),
            gettext("Share checked in time (%)"),
        ],
        chart=False,
        rows=freshness_rows,
        note=gettext("The state of the catalogue today, for all of Oslo; not for a period."),
    )

    def reminder_counts(which: Period) -> list[int]:
        subscriptions = Subscription.objects.filter(which.within("confirmed_at"))
        return [
            subscriptions.count(),
            ReminderSent.objects.filter(which.within("sent_at")).count(),
        ]

    now, before = reminder_counts(period), reminder_counts(period.previous_year())
    reminders = StatTable(
        slug="deadline-reminders",
        title=gettext("Deadline reminders"),
        row_heading=gettext("Figure"),
        columns=comparison_columns(period),
        rows=[
            (gettext("Confirmed reminder subscriptions"), [now[0], before[0]]),
            (gettext("Deadline reminders sent"), [now[1], before[1]]),
        ],
        note=gettext("For all of Oslo."),
    )
    return [Section(slug="tilskudd", title=gettext("Grant schemes"), tables=[freshness, reminders])]


def feeds() -> list[Feed]:
    return [
        Feed(
            title=gettext("All grant deadlines"),
            url=reverse("tilskudd:calendar_feed"),
            format="iCal",
            description=gettext(
                "Every deadline of every active scheme. Each scheme's page has its own too."
            ),
        ),
        Feed(
            title=gettext("Grant schemes with their next deadline"),
            url=reverse("tilskudd:scheme_list_json"),
            format="JSON",
            description=gettext("The whole catalogue in one file (also in the API below)."),
        ),
    ]
