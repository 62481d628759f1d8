"""Model fields and constraints shared by the apps.

- `choices_check(field, choices, name=…)`: the one way to back `choices` with a database
  check constraint (choices alone constrain nothing; Adam Johnson's rule).
- `ChoicesArrayField(Facility, …)`: a set of choices in one column (a PostgreSQL array),
  with its display (`get_<field>_display()` → labels), checkboxes in every form, and a
  system check that the model backs it with `choices_check(…, many=True)`.
- `RecipientLanguageField()`: the language a person is e-mailed in (`RecipientLanguage`),
  the same in every model that writes to a person, backed by `choices_check` too.
"""

from collections.abc import Iterable
from functools import partialmethod
from typing import Any

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core import checks
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import RecipientLanguage

ChoicesType = type[models.Choices] | Iterable[tuple[Any, Any]]


def _values(choices: ChoicesType) -> list[Any]:
    if isinstance(choices, type) and issubclass(choices, models.Choices):
        return list(choices.values)
    return [value for value, _label in choices]


def choices_check(
    field: str, choices: ChoicesType, *, name: str, many: bool = False
) -> models.CheckConstraint:
    """A check constraint that keeps `field` within `choices` (every item of it with
    `many=True`, for a ChoicesArrayField)."""
    lookup = "contained_by" if many else "in"
    return models.CheckConstraint(
        condition=Q(**{f"{field}__{lookup}": _values(choices)}), name=name
    )


def _lookups(condition: Any) -> Iterable[str]:
    if isinstance(condition, Q):
        for child in condition.children:
            yield from _lookups(child)
    elif isinstance(condition, tuple):
        yield condition[0]


class _ChoicesCheckedMixin:
    """A system check: the model must back this field with `choices_check`."""

    _check_lookup = "in"

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)  # type: ignore[misc]
        model = self.model  # type: ignore[attr-defined]
        # Audit-trail copies (django-pghistory) keep old rows as they were: no constraint.
        if model._meta.abstract or hasattr(model, "pgh_obj_id") or hasattr(model, "pgh_obj"):
            return errors
        wanted = f"{self.name}__{self._check_lookup}"  # type: ignore[attr-defined]
        constrained = any(
            wanted in _lookups(constraint.condition)
            for constraint in model._meta.constraints
            if isinstance(constraint, models.CheckConstraint)
        )
        if not constrained:
            errors.append(
                checks.Error(
                    f"{model.__name__}.{self.name} has no check constraint on its choices.",  # type: ignore[attr-defined]
                    hint="Add choices_check(...) from frivilligkontor.fields to Meta.constraints.",
                    obj=self,
                    id="frivilligkontor.E001",
                )
            )
        return errors


class ChoicesArrayField(_ChoicesCheckedMixin, ArrayField):
    """Several values from `choices` in one column, shown as checkboxes in forms.

    `ChoicesArrayField(Facility, verbose_name=_("facilities"))`; blank and an empty list
    by default. The model adds `choices_check(name, Facility, name=…, many=True)`."""

    _check_lookup = "contained_by"

    def __init__(
        self,
        choices: type[models.Choices] | None = None,
        *,
        base_field: models.Field | None = None,
        max_length: int = 30,
        **kwargs: Any,
    ) -> None:
        if base_field is None:
            base_field = models.CharField(max_length=max_length, choices=choices)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(base_field, **kwargs)

    def contribute_to_class(self, cls: type[models.Model], name: str, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, **kwargs)
        display = f"get_{name}_display"
        if display not in cls.__dict__:
            setattr(cls, display, partialmethod(_labels_of, field=self))

    def formfield(self, **kwargs: Any) -> forms.Field:
        defaults: dict[str, Any] = {
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class", None) or forms.TypedMultipleChoiceField
        defaults.pop("choices_form_class", None)
        return form_class(**defaults)


def _labels_of(instance: models.Model, *, field: ChoicesArrayField) -> list[str]:
    """The labels of the chosen values, in the order stored (unknown values as they are)."""
    labels = dict(field.base_field.flatchoices)
    return [str(labels.get(value, value)) for value in getattr(instance, field.attname)]


class RecipientLanguageField(_ChoicesCheckedMixin, models.CharField):
    """The language a person is e-mailed in (bokmål by default).

    The model adds `choices_check("<name>", RecipientLanguage, name=…)`."""

    def __init__(self, verbose_name: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("choices", RecipientLanguage.choices)
        kwargs.setdefault("default", RecipientLanguage.NB.value)
        super().__init__(verbose_name or _("language"), **kwargs)
