"""What henvendelser gives the portal: search hits over guidance, and evaluation figures.

Enquiries are private: they are never searched here, and figures are only counts.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from frivilligkontor.portal import SearchHit
from frivilligkontor.statistics import (
    Period,
    Section,
    StatTable,
    comparison_columns,
    counts_over_time,
    median,
    percentile_90,
    share,
)
from frivilligkontor.workdays import working_days_between
from henvendelser.demo import EXAMPLE_EMAIL_DOMAIN
from henvendelser.models import ArticleFeedback, CaseFeedback, Enquiry, Topic
from henvendelser.search import search_articles

APP = "henvendelser"


# What search() and upcoming() here read: a change to these makes the shared cache's
# copies stale (frivilligkontor.portal, frivilligkontor.shared_cache).
PORTAL_DEPENDS_ON = ("henvendelser.guidancearticle",)


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


def enquiries_in(period: Period) -> QuerySet:
    """Enquiries received in the period (and district), without the demo cases."""
    enquiries = Enquiry.objects.filter(period.within("received_at")).exclude(
        email__endswith=EXAMPLE_EMAIL_DOMAIN
    )
    if period.district is not None:
        enquiries = enquiries.filter(district=period.district)
    return enquiries


@dataclass(frozen=True)
class _Measures:
    """What the figures need of one period's enquiries, read in one query."""

    received: list[date]
    topics: list[str]
    districts: list[str]
    new_initiatives: int
    answer_days: list[int]
    on_time: int
    measured: int
    feedback: list[tuple[date, str, str]]  # (received, topic, answer)

    @classmethod
    def of(cls, period: Period) -> "_Measures":
        today = timezone.localdate()
        rows = enquiries_in(period).values_list(
            "received_at",
            "topic",
            "district__name",
            "is_new_initiative",
            "first_answered_at",
            "due_date",
            "status",
            "paused_on",
            "feedback__answer",
        )
        received, topics, districts, answer_days, feedback = [], [], [], [], []
        new_initiatives = on_time = measured = 0
        for (
            received_at,
            topic,
            district_name,
            is_new,
            answered_at,
            due,
            status,
            _paused,
            answer,
        ) in rows:
            day = timezone.localtime(received_at).date()
            received.append(day)
            topics.append(topic)
            districts.append(district_name or "")
            new_initiatives += is_new
            if answered_at is not None:
                answered_day = timezone.localtime(answered_at).date()
                answer_days.append(working_days_between(day, answered_day))
                measured += 1
                on_time += answered_day <= due
            elif status in {Enquiry.Status.NEW, Enquiry.Status.IN_PROGRESS} and due < today:
                measured += 1  # overdue and still unanswered: late already
            if answer:
                feedback.append((day, topic, answer))
        return cls(
            received, topics, districts, new_initiatives, answer_days, on_time, measured, feedback
        )

    def satisfaction(self, *, topic: str = "", bucket: tuple[date, date] | None = None) -> Any:
        answers = [
            answer
            for day, feedback_topic, answer in self.feedback
            if (not topic or feedback_topic == topic)
            and (bucket is None or bucket[0] <= day <= bucket[1])
        ]
        return share(answers.count(CaseFeedback.Answer.YES), len(answers))


def statistics(*, period: Period) -> list[Section]:
    """Enquiries, answer times in working days, satisfaction and guidance usefulness."""
    previous = period.previous_year()
    now, before = _Measures.of(period), _Measures.of(previous)
    columns = comparison_columns(period)
    pair = [now, before]

    def both(measure: Any) -> list[Any]:
        return [measure(each) for each in pair]

    key_figures = StatTable(
        slug="enquiries-key-figures",
        title=_("Enquiries: key figures"),
        row_heading=_("Figure"),
        columns=columns,
        chart=False,
        rows=[
            (_("Enquiries received"), both(lambda m: len(m.received))),
            (
                _("Share from new initiatives (%)"),
                both(lambda m: share(m.new_initiatives, len(m.received))),
            ),
            (
                _("Working days to first answer, median"),
                both(lambda m: median(m.answer_days)),
            ),
            (
                _("Working days to first answer, 90th percentile"),
                both(lambda m: percentile_90(m.answer_days)),
            ),
            (
                _("Share answered within the deadline (%)"),
                both(lambda m: share(m.on_time, m.measured)),
            ),
            (_("Answers to “Did you get help?”"), both(lambda m: len(m.feedback))),
            (_("Satisfaction: share answering “yes” (%)"), both(lambda m: m.satisfaction())),
        ],
        note=_(
            "Working days leave out weekends, public holidays, Christmas Eve and New Year's "
            "Eve. Cases still unanswered after their deadline count as late. Feedback counts "
            "with the period the enquiry was received in."
        ),
    )
    buckets = period.buckets()
    previous_buckets = previous.buckets()
    over_time = StatTable(
        slug="enquiries-over-time",
        title=_("Enquiries received over time"),
        row_heading=_("Period"),
        columns=columns,
        rows=counts_over_time(period, now.received, before.received),
    )
    per_topic = StatTable(
        slug="enquiries-per-topic",
        title=_("Enquiries per topic"),
        row_heading=_("Topic"),
        columns=columns,
        rows=[
            (str(label), [now.topics.count(value), before.topics.count(value)])
            for value, label in Topic.choices
        ],
    )
    names = sorted({name for name in now.districts + before.districts if name})
    per_district = StatTable(
        slug="enquiries-per-district",
        title=_("Enquiries per district"),
        row_heading=_("District"),
        columns=columns,
        rows=[
            *((name, [now.districts.count(name), before.districts.count(name)]) for name in names),
            (
                gettext("Not given"),
                [now.districts.count(""), before.districts.count("")],
            ),
        ]
        if period.district is None
        else [(name, [now.districts.count(name), before.districts.count(name)]) for name in names],
    )
    satisfaction_per_topic = StatTable(
        slug="satisfaction-per-topic",
        title=_("Satisfaction per topic: share answering “yes” (%)"),
        row_heading=_("Topic"),
        columns=columns,
        unit="%",
        rows=[
            (str(label), [now.satisfaction(topic=value), before.satisfaction(topic=value)])
            for value, label in Topic.choices
        ],
    )
    satisfaction_over_time = StatTable(
        slug="satisfaction-over-time",
        title=_("Satisfaction over time: share answering “yes” (%)"),
        row_heading=_("Period"),
        columns=columns,
        unit="%",
        rows=[
            (
                bucket.label,
                [
                    now.satisfaction(bucket=(bucket.start, bucket.end)),
                    before.satisfaction(bucket=(earlier.start, earlier.end)),
                ],
            )
            for bucket, earlier in zip(buckets, previous_buckets, strict=False)
        ],
    )
    return [
        Section(
            slug="henvendelser",
            title=gettext("Enquiries and guidance"),
            tables=[
                key_figures,
                over_time,
                per_topic,
                per_district,
                satisfaction_per_topic,
                satisfaction_over_time,
                _guidance_usefulness(period),
            ],
        )
    ]


def _guidance_usefulness(period: Period) -> StatTable:
    votes = (
        ArticleFeedback.objects.filter(period.within("created_at"))
        .values("article__title_nb")
        .annotate(
            useful_votes=Count("pk", filter=Q(useful=True)),
            not_useful_votes=Count("pk", filter=Q(useful=False)),
        )
        .order_by("article__title_nb")
    )
    return StatTable(
        slug="guidance-usefulness",
        title=_("Was the guidance useful? Answers per article"),
        row_heading=_("Guidance article"),
        columns=[gettext("Yes"), gettext("No")],
        rows=[
            (row["article__title_nb"], [row["useful_votes"], row["not_useful_votes"]])
            for row in votes
        ],
        note=_(
            "Votes given in the period, for all of Oslo (readers are not asked where they live)."
        ),
    )
