"""Admin helpers that scope unit staff to the units they belong to."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from frivilligkontor.models import Unit


class UnitScopedAdminMixin:
    """Unit staff see and edit only rows that belong to their own units.

    `unit_path` is the lookup from the model to its owning unit ("unit", "venue__unit").
    Superusers and Frivilligkontoret staff (case officers, content editors) see everything.
    """

    unit_path: str = "unit"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        if request.user.sees_all_units:
            return queryset
        return queryset.filter(**{f"{self.unit_path}__in": request.user.unit_ids()})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Unit and not request.user.sees_all_units:
            kwargs["queryset"] = Unit.objects.filter(pk__in=request.user.unit_ids())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


def user_may_edit_unit(user: Any, unit_id: int | None) -> bool:
    return bool(user.sees_all_units or (unit_id is not None and unit_id in user.unit_ids()))


class ScopedInlineMixin(admin.options.InlineModelAdmin):
    """Inline variant: limits unit choices the same way as UnitScopedAdminMixin."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Unit and not request.user.sees_all_units:
            kwargs["queryset"] = Unit.objects.filter(pk__in=request.user.unit_ids())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
