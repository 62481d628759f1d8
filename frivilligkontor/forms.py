"""Form fields shared by the public filter forms (events, organisations, grant schemes,
venues): every filter is optional, starts with an "all" choice, and names districts by
their slug in the address (`?district=alna`)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Choices, Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import ActivityArea, TargetGroup
from frivilligkontor.models import Unit, find_by_slug


def choice_filter(label: Any, choices: type[Choices], *, all_label: Any) -> forms.ChoiceField:
    """An optional choice among `choices`, "all" first."""
    return forms.ChoiceField(
        label=label, required=False, choices=[("", all_label), *choices.choices]
    )


def target_group_filter() -> forms.ChoiceField:
    return choice_filter(_("Target group"), TargetGroup, all_label=_("All target groups"))


def activity_area_filter() -> forms.ChoiceField:
    return choice_filter(_("Activity area"), ActivityArea, all_label=_("All activity areas"))


class SlugChoiceField(forms.ModelChoiceField):
    """A choice by slug that also takes a slug the object has given up, so an old link
    with a filter in its address keeps its filter."""

    def to_python(self, value: Any) -> Model | None:
        if value in self.empty_values:
            return None
        try:
            return find_by_slug(self.queryset, str(value))
        except Http404 as error:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


def district_filter(
    *, label: Any = None, queryset: QuerySet | None = None, **kwargs: Any
) -> forms.ModelChoiceField:
    """An optional district (bydel), chosen by its slug."""
    return SlugChoiceField(
        label=label or _("District"),
        required=False,
        queryset=Unit.objects.districts() if queryset is None else queryset,
        empty_label=_("All districts"),
        to_field_name="slug",
        **kwargs,
    )
