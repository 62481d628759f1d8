"""List filters of the grant scheme list."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tilskudd.models import GrantScheme


class PastReviewDateFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("past", _("Past review date")), ("ok", _("Checked in time"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        if self.value() == "past":
            return queryset.past_review_date(today)
        if self.value() == "ok":
            return queryset.exclude(pk__in=GrantScheme.objects.past_review_date(today))
        return queryset


class ResponsibleEditorFilter(admin.SimpleListFilter):
    """An editor's own schemes ("me"), and those nobody is responsible for yet."""

    title = _("responsible editor")
    parameter_name = "editor"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("me", _("Me")), ("none", _("Nobody"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "me":
            return queryset.filter(responsible_editor=request.user)
        if self.value() == "none":
            return queryset.filter(responsible_editor__isnull=True)
        return queryset
