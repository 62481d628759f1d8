"""Guidance articles, standard answers, and the read-only list of every message."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from frivilligkontor.admin.base import PortalModelAdmin
from frivilligkontor.models import User
from henvendelser.admin.feedback import FEEDBACK_COUNTS, feedback_column, reader_feedback
from henvendelser.models import EnquiryMessage, GuidanceArticle, StandardAnswer


@admin.register(EnquiryMessage)
class EnquiryMessageAdmin(PortalModelAdmin):
    """Read-only list of every message, for searching across threads."""

    show_full_result_count = False  # a large table: no count of every row

    list_display = ["enquiry", "kind", "author", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["enquiry", "author"]
    search_fields = ["enquiry__reference", "body"]
    readonly_fields = ["enquiry", "kind", "author", "body", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(GuidanceArticle)
class GuidanceArticleAdmin(PortalModelAdmin):
    list_display = [
        "title_nb",
        "topic",
        "last_checked",
        "responsible_editor",
        "is_published",
        feedback_column,
    ]
    list_filter = ["topic", "is_published"]
    search_fields = ["title_nb", "title_en", "summary_nb", "body_nb"]
    list_select_related = ["responsible_editor"]
    readonly_fields = [reader_feedback]
    prepopulated_fields = {"slug": ["title_nb"]}
    fieldsets = [
        (None, {"fields": ["topic", "slug", "is_published", "last_checked", "responsible_editor"]}),
        (_("Norwegian"), {"fields": ["title_nb", "summary_nb", "body_nb"]}),
        (_("English"), {"fields": ["title_en", "summary_en", "body_en"]}),
        (_("Feedback from readers"), {"fields": [reader_feedback]}),
    ]

    # The counts for the articles on the page; the comments are on each article's page
    # (three queries per row in the list before).
    page_annotations = FEEDBACK_COUNTS

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {
            "responsible_editor": request.user.pk,
            **super().get_changeform_initial_data(request),
        }

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "responsible_editor":
            kwargs["queryset"] = User.objects.filter(is_staff=True).order_by("first_name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(StandardAnswer)
class StandardAnswerAdmin(PortalModelAdmin):
    list_display = ["title", "topic", "is_active"]
    list_filter = ["topic", "is_active"]
    search_fields = ["title", "body_nb", "body_en"]
