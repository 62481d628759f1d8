"""The admin base every app's admin uses: unit scoping and accessibility by default.

`PortalModelAdmin`, `PortalTabularInline` and `PortalStackedInline` give:
- **Unit scoping** (frivilligkontor.permissions): unit staff see, change, act on and reach
  by direct URL only rows of their own units (a row outside them is "not found", and the
  stock admin sends the user back to the index with a message). Foreign-key choices that
  point at unit-owned models (units, venues, rooms, events, …) are narrowed the same way,
  on top of any narrowing the admin itself did. Fields named in `unscoped_foreign_keys`
  are left open (a venue may lie in any district; a case may be about any venue), also in
  their autocomplete.
- **Accessibility** (frivilligkontor.admin.accessibility): plain checkboxes for
  many-to-many fields and for arrays of choices, labelled inputs in change lists and tables.
- **Counts for the page shown**: `page_annotations` are computed for the rows of the
  current page only, in one query, instead of over the whole table before paging.
- **One way to report an action's result**: `report_count(request, count, message)` with
  a message made by `ngettext_lazy(singular, plural, "count")`, so the number picks the
  plural form in either language.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.postgres.fields import ArrayField
from django.db.models import QuerySet
from django.forms.models import _get_foreign_key
from django.http import HttpRequest
from django.utils.text import capfirst

from frivilligkontor import permissions
from frivilligkontor.admin.accessibility import AccessibleAdminMixin, AccessibleInlineMixin
from frivilligkontor.admin.history import HistoryMixin
from frivilligkontor.fields import ChoicesArrayField
from frivilligkontor.timespans import format_range


def choices_checkboxes(db_field: ArrayField, **kwargs: Any) -> forms.Field:
    """An array of choices as a group of checkboxes (the default is a comma-separated box)."""
    base = db_field.base_field
    return forms.TypedMultipleChoiceField(
        label=capfirst(db_field.verbose_name),
        choices=base.choices,
        coerce=base.to_python,
        required=not db_field.blank,
        help_text=db_field.help_text,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


def time_span_column(field_name: str, *, description: Any) -> Callable[[Any, Any], str]:
    """A column or read-only field showing a datetime range field in Oslo time, in words
    ("tirsdag 1. desember 17:00–19:00", frivilligkontor.timespans), for list_display and the
    read-only fields of inlines and change pages: `when = time_span_column("during", …)`."""

    @admin.display(description=description, ordering=field_name)
    def column(model_admin: Any, obj: Any) -> str:
        return format_range(getattr(obj, field_name))

    return column


class UnitScopedMixin:
    """Unit scoping for admins and inlines; see the module's docstring."""

    # Foreign keys whose choices stay open to every unit's rows.
    unscoped_foreign_keys: tuple[str, ...] = ("district",)
    # The lookup from the model to its owning unit; by default from the apps' roles.UNIT_PATHS.
    unit_path: str | None = None

    def get_unit_path(self) -> str | None:
        return self.unit_path or permissions.unit_path_for(self.model)  # type: ignore[attr-defined]

    def scope_queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return permissions.scope(request.user, queryset, unit_path=self.get_unit_path())

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.related_model
        if (
            db_field.name not in self.unscoped_foreign_keys
            and permissions.unit_path_for(related) is not None
            and not permissions.sees_all_units(request.user)
        ):
            # Narrow what the admin already chose (never replace it with a wider set).
            choices = kwargs.get("queryset")
            if choices is None:
                choices = related._default_manager.all()
            kwargs["queryset"] = permissions.scope(request.user, choices)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if (
            isinstance(db_field, ArrayField)
            and db_field.base_field.choices
            and "widget" not in kwargs
        ):
            return choices_checkboxes(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


def _autocomplete_for_open_field(request: HttpRequest) -> bool:
    """Whether this is the autocomplete of a foreign key its admin leaves open to every unit."""
    match = request.resolver_match
    if match is None or match.url_name != "autocomplete":
        return False
    from django.apps import apps
    from django.contrib.admin import site

    try:
        source = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        source_admin = site.get_model_admin(source)
    except (KeyError, LookupError, admin.sites.NotRegistered):
        return False
    return request.GET.get("field_name") in getattr(source_admin, "unscoped_foreign_keys", ())


class PageAnnotatedChangeList(ChangeList):
    """Computes the admin's `page_annotations` for the rows of the page shown only."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        annotations = self.model_admin.page_annotations
        # Evaluates the page's queryset once; its cached rows get the values (it stays a
        # queryset, as list_editable's formset needs).
        rows = list(self.result_list)
        if annotations and rows:
            values = (
                self.model._default_manager.filter(pk__in=[row.pk for row in rows])
                .order_by()
                .annotate(**annotations)
                .values("pk", *annotations)
            )
            by_pk = {value.pop("pk"): value for value in values}
            for row in rows:
                for name, value in by_pk.get(row.pk, {}).items():
                    setattr(row, name, value)


class PortalModelAdmin(HistoryMixin, AccessibleAdminMixin, UnitScopedMixin, admin.ModelAdmin):
    """The base of every admin in the portal."""

    # name → aggregate, computed for the rows of the page shown (see PageAnnotatedChangeList).
    page_annotations: dict[str, Any] = {}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if _autocomplete_for_open_field(request):
            return queryset
        return self.scope_queryset(request, queryset)

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return PageAnnotatedChangeList

    # --- a set of choices shown to read: the labels, not the stored values ---------------

    def _view_only(self, request: HttpRequest, obj: Any) -> bool:
        return obj is not None and not self.has_change_permission(request, obj)

    def _labels_display(self, name: str) -> Callable[[Any], str | None]:
        """An admin display of a `ChoicesArrayField` as its labels ("Barn og unge, Kultur"):
        Django shows an array read-only as its stored values ("children_youth, culture")."""
        displays = self.__dict__.setdefault("_labels_displays", {})
        if name not in displays:
            field = self.model._meta.get_field(name)

            @admin.display(description=capfirst(field.verbose_name))
            def labels(obj: Any) -> str | None:
                return ", ".join(getattr(obj, f"get_{name}_display")()) or None

            labels.__name__ = f"{name}_labels"
            displays[name] = labels
        return displays[name]

    def _choice_arrays(self) -> set[str]:
        return {
            field.name
            for field in self.model._meta.get_fields()
            if isinstance(field, ChoicesArrayField)
        }

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        arrays = self._choice_arrays()
        if not arrays or not self._view_only(request, obj):
            return fieldsets

        def shown(name: Any) -> Any:
            if isinstance(name, (list, tuple)):
                return type(name)(shown(part) for part in name)
            return self._labels_display(name) if name in arrays else name

        return [
            (title, {**options, "fields": shown(options["fields"])}) for title, options in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_readonly_fields(request, obj)
        arrays = self._choice_arrays()
        if not arrays or not self._view_only(request, obj):
            return fields
        return [*fields, *(self._labels_display(name) for name in sorted(arrays))]

    def report_count(
        self, request: HttpRequest, count: int, message: Any, level: int = messages.SUCCESS
    ) -> None:
        """Tell the user what an action did to how many: `message` is
        `ngettext_lazy("%(count)s … one.", "%(count)s … many.", "count")`."""
        self.message_user(request, message % {"count": count}, level)


class _ChoicesOnce:
    """The choices of a select box, read from the database the first time they are needed
    and shared by every row of the formset (the rows' fields are deep copies)."""

    def __init__(self, field: forms.ModelChoiceField) -> None:
        self.field = field
        self.choices: list | None = None

    def __call__(self) -> list:
        if self.choices is None:
            self.choices = list(self.field.iterator(self.field))
        return self.choices

    def __deepcopy__(self, memo: dict) -> "_ChoicesOnce":
        return self


class InlineMixin:
    """Inlines whose queries do not grow with their rows: each row's select boxes share
    one reading of their choices, and each row names its parent without asking again."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        if (
            isinstance(field, forms.ModelChoiceField)
            and db_field.remote_field.model is not self.parent_model  # type: ignore[attr-defined]
            and db_field.name not in getattr(self, "autocomplete_fields", ())
        ):
            field.choices = _ChoicesOnce(field)
        return field

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        parent = _get_foreign_key(self.parent_model, self.model, fk_name=self.fk_name)  # type: ignore[attr-defined]
        return queryset.select_related(parent.name)


class PortalTabularInline(InlineMixin, AccessibleInlineMixin, UnitScopedMixin, admin.TabularInline):
    """Tabular inline with scoped choices and labelled inputs."""


class PortalStackedInline(InlineMixin, AccessibleAdminMixin, UnitScopedMixin, admin.StackedInline):
    """Stacked inline with scoped choices (its inputs have their own labels)."""


class ReadOnlyTabularInline(PortalTabularInline):
    """A table of related rows to read: no adding, no deleting, every field read-only."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*(self.fields or ()), *super().get_readonly_fields(request, obj)]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
