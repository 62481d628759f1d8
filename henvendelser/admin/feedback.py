"""Feedback from the people served, as staff see it: a filter on the case list, the
feedback beside each guidance article, and a read-only list of article feedback."""

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from frivilligkontor.admin.base import PortalModelAdmin
from henvendelser.models import ArticleFeedback, CaseFeedback


class CaseFeedbackFilter(admin.SimpleListFilter):
    title = _("feedback from the person")
    parameter_name = "tilbakemelding"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [*CaseFeedback.Answer.choices, ("none", _("No feedback"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == "none":
            return queryset.filter(feedback__isnull=True)
        if value in CaseFeedback.Answer.values:
            return queryset.filter(feedback__answer=value)
        return queryset


# Newest comments shown on an article's page in the admin; the rest are in the feedback list.
COMMENTS_SHOWN = 50


@admin.display(description=_("feedback from readers"))
def reader_feedback(article: Any) -> str:
    """Counts and the newest comments, read-only, on the article's own admin page."""
    if article.pk is None:
        return "–"
    votes = article.feedback.all()
    useful = votes.filter(useful=True).count()
    not_useful = votes.filter(useful=False).count()
    comments = votes.exclude(comment="").order_by("-created_at")[:COMMENTS_SHOWN]
    summary = format_html(
        "<p>{}</p>",
        gettext("Useful: %(yes)d. Not useful: %(no)d.") % {"yes": useful, "no": not_useful},
    )
    items = format_html_join(
        "",
        "<li>{} ({}): {}</li>",
        (
            (
                gettext("useful") if vote.useful else gettext("not useful"),
                date_format(timezone.localtime(vote.created_at), "j. F Y"),
                vote.comment,
            )
            for vote in comments
        ),
    )
    return format_html("{}<ul>{}</ul>", summary, items) if comments else summary


FEEDBACK_COUNTS = {
    "useful_count": Count("feedback", filter=Q(feedback__useful=True)),
    "not_useful_count": Count("feedback", filter=Q(feedback__useful=False)),
}


@admin.display(description=_("useful (yes / no)"))
def feedback_column(article: Any) -> str:
    return f"{article.useful_count} / {article.not_useful_count}"


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(PortalModelAdmin):
    show_full_result_count = False  # a large table: no count of every row
    list_display = ["created_at", "article", "useful", "comment"]
    list_filter = ["useful", ("article", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["comment"]
    list_select_related = ["article"]
    readonly_fields = ["article", "useful", "comment", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
