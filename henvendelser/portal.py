"""What henvendelser gives the portal: search hits over guidance, and evaluation figures.

Enquiries are private: they are never searched here, and figures are only counts.
"""

import statistics
from datetime import date, datetime, time

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from frivilligkontor.portal import Figure, SearchHit
from henvendelser.models import Enquiry, Topic
from henvendelser.search import search_articles

APP = "henvendelser"


def search(query: str, *, limit: int) -> list[SearchHit]:
    return [
        SearchHit(
            title=article.title,
            url=article.get_absolute_url(),
            kind=_("Guidance"),
            summary=article.summary,
            rank=float(article.rank),
        )
        for article in search_articles(query)[:limit]
    ]


def _period(start: date, end: date) -> Q:
    zone = timezone.get_current_timezone()
    return Q(
        received_at__gte=datetime.combine(start, time.min, tzinfo=zone),
        received_at__lte=datetime.combine(end, time.max, tzinfo=zone),
    )


def figures(*, start: date, end: date) -> list[Figure]:
    enquiries = Enquiry.objects.filter(_period(start, end))
    total = enquiries.count()
    topic_labels = dict(Topic.choices)
    per_topic = {
        str(topic_labels.get(row["topic"], row["topic"])): row["count"]
        for row in enquiries.values("topic").annotate(count=Count("pk")).order_by("topic")
    }
    per_district = {
        (row["district__name"] or _("Not given")): row["count"]
        for row in enquiries.values("district__name")
        .annotate(count=Count("pk"))
        .order_by("district__name")
    }
    new_initiatives = enquiries.filter(is_new_initiative=True).count()
    durations = [
        duration.total_seconds() / 86400
        for duration in enquiries.filter(first_answered_at__isnull=False)
        .annotate(duration=F("first_answered_at") - F("received_at"))
        .values_list("duration", flat=True)
    ]
    answered = enquiries.filter(first_answered_at__isnull=False)
    on_time = sum(
        1
        for answered_at, due in answered.values_list("first_answered_at", "due_date")
        if timezone.localtime(answered_at).date() <= due
    )
    late_unanswered = enquiries.overdue().count()
    measured = answered.count() + late_unanswered
    return [
        Figure(label=_("Enquiries received"), value=total, app=APP),
        Figure(label=_("Enquiries per topic"), value=total, app=APP, breakdown=per_topic),
        Figure(label=_("Enquiries per district"), value=total, app=APP, breakdown=per_district),
        Figure(
            label=_("Share of enquiries from new initiatives (%)"),
            value=round(100 * new_initiatives / total, 1) if total else 0,
            app=APP,
        ),
        Figure(
            label=_("Median time to first answer (days)"),
            value=round(statistics.median(durations), 1) if durations else "–",
            app=APP,
        ),
        Figure(
            label=_("Share answered within the deadline (%)"),
            value=round(100 * on_time / measured, 1) if measured else "–",
            app=APP,
        ),
    ]
