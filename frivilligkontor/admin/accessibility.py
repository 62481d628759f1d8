"""Admin pieces that keep the stock Django admin within WCAG 2.1 AA (checked with axe).

- Many-to-many fields as plain checkboxes or a plain multiple select: the JavaScript
  "filter_horizontal" widget puts aria-label on a bare <span>, which is not allowed.
- list_editable inputs in the change list, and the inputs of tabular inlines, get an
  accessible name (the column's label); the stock admin renders them without one.
"""

from typing import Any

from django import forms
from django.http import HttpRequest

CHECKBOX_LIMIT = 40


class AccessibleAdminMixin:
    """Use with ModelAdmin (and inlines): accessible widgets for many-to-many and list_editable."""

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs:
            related = kwargs.get("queryset")
            if related is None:
                related = db_field.remote_field.model._default_manager.complex_filter(
                    db_field.remote_field.limit_choices_to
                )
            many = related.count() > CHECKBOX_LIMIT
            kwargs["widget"] = (
                forms.SelectMultiple(attrs={"size": 12}) if many else forms.CheckboxSelectMultiple
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> type[forms.BaseForm]:
        form_class = super().get_changelist_form(request, **kwargs)  # type: ignore[misc]

        class LabelledChangeListForm(form_class):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **form_kwargs: Any) -> None:
                super().__init__(*args, **form_kwargs)
                for field in self.fields.values():
                    field.widget.attrs.setdefault("aria-label", str(field.label))

        return LabelledChangeListForm


class AccessibleInlineMixin(AccessibleAdminMixin):
    """For TabularInline: the stock table has column headers but no <label> per input,
    so each input gets the column's label as its accessible name."""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset_class = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        for field in formset_class.form.base_fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))
        return formset_class
