"""Form fields shared by the public filter forms (events, organisations, grant schemes,
venues): every filter is optional, starts with an "all" choice, and names districts by
their slug in the address (`?district=alna`)."""

from typing import Any

from django import forms
from django.db.models import Choices, QuerySet
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import ActivityArea, TargetGroup
from frivilligkontor.models import Unit


def choice_filter(label: Any, choices: type[Choices], *, all_label: Any) -> forms.ChoiceField:
    """An optional choice among `choices`, "all" first."""
    return forms.ChoiceField(
        label=label, required=False, choices=[("", all_label), *choices.choices]
    )


def target_group_filter() -> forms.ChoiceField:
    return choice_filter(_("Target group"), TargetGroup, all_label=_("All target groups"))


def activity_area_filter() -> forms.ChoiceField:
    return choice_filter(_("Activity area"), ActivityArea, all_label=_("All activity areas"))


def district_filter(
    *, label: Any = None, queryset: QuerySet | None = None, **kwargs: Any
) -> forms.ModelChoiceField:
    """An optional district (bydel), chosen by its slug."""
    return forms.ModelChoiceField(
        label=label or _("District"),
        required=False,
        queryset=Unit.objects.districts() if queryset is None else queryset,
        empty_label=_("All districts"),
        to_field_name="slug",
        **kwargs,
    )


class ListFilterForm(forms.Form):
    """The filters of a public list page (sent with GET, every field optional).

    `active_count` is the number of filters chosen, shown in the summary of the filter
    disclosure ("Filtre (2 valgt)"), so a phone user sees that the list is narrowed without
    opening it. Fields named together in `counted_together` (a date with its times) are one
    filter."""

    counted_together: tuple[tuple[str, ...], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    @property
    def active_count(self) -> int:
        if not self.is_bound:
            return 0
        chosen = {name for name in self.fields if self[name].value() not in (None, "", [], False)}
        return len(chosen) - sum(
            max(len(chosen & set(group)) - 1, 0) for group in self.counted_together
        )
